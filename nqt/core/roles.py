"""Roles: which profile makes a user a candidate, a mentor or a company contact.

Each app registers its profile model from ``AppConfig.ready()`` so the core can tell a user's
roles without importing the apps (DESIGN §3). All profile roles are read in one query.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import connection

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
    _profile_roles_sql.cache_clear()


@functools.cache
def _profile_roles_sql() -> tuple[tuple[str, ...], str]:
    """The registered roles, and one statement telling which of them a user holds (each an
    EXISTS on its profile table, the user's id as each parameter). Built once rather than
    by the ORM at each request: every signed-in page asks for the roles."""
    quote = connection.ops.quote_name
    roles, tests = [], []
    for role, (label, field) in _profile_roles.items():
        model = apps.get_model(label)
        column = model._meta.get_field(field).column
        roles.append(role)
        table = quote(model._meta.db_table)
        # Names from the models' metadata, the user's id as a parameter.
        tests.append(f"EXISTS (SELECT 1 FROM {table} WHERE {quote(column)} = %s)")  # noqa: S608
    return tuple(roles), f"SELECT {', '.join(tests)}"


def roles_of(user: User) -> frozenset[str]:
    found: set[str] = set()
    if _profile_roles and user.pk is not None:
        roles, sql = _profile_roles_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk] * len(roles))
            row = cursor.fetchone()
        found.update(role for role, held in zip(roles, row, strict=True) if held)
    if user.is_staff:
        found.add(STAFF)
    if user.is_superuser:
        found.add(NATIONAL_ADMIN)
    return frozenset(found)
