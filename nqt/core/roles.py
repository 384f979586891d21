"""Roles: which profile makes a user a candidate, a mentor or a company contact.

Each app registers its profile model from ``AppConfig.ready()`` so the core can tell a user's
roles without importing the apps (DESIGN §3). All profile roles are read in one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef

if TYPE_CHECKING:
    from .models import User

CANDIDATE = "candidate"
MENTOR = "mentor"
COMPANY_CONTACT = "company_contact"
STAFF = "staff"
NATIONAL_ADMIN = "national_admin"

# role -> (model label, name of the field pointing to the user)
_profile_roles: dict[str, tuple[str, str]] = {}


def register_profile_role(role: str, model_label: str, user_field: str = "user") -> None:
    _profile_roles[role] = (model_label, user_field)


def roles_of(user: User) -> frozenset[str]:
    found: set[str] = set()
    if _profile_roles and user.pk is not None:
        annotations = {
            role: Exists(apps.get_model(label).objects.filter(**{field: OuterRef("pk")}))
            for role, (label, field) in _profile_roles.items()
        }
        row = (
            type(user)
            .objects.filter(pk=user.pk)
            .annotate(**{f"has_{role}": flag for role, flag in annotations.items()})
            .values(*(f"has_{role}" for role in annotations))
            .first()
        )
        if row:
            found.update(role for role in annotations if row[f"has_{role}"])
    if user.is_staff:
        found.add(STAFF)
    if user.is_superuser:
        found.add(NATIONAL_ADMIN)
    return frozenset(found)
