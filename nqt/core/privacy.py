"""The privacy registry: each app registers how to export and erase a person's data.

The core runs every registered handler for a data export (JSON) or an erasure (DESIGN §10)
without importing the apps; automatic purges call ``erase_user`` too, so there is one code
path for anonymisation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class PrivacyHandler:
    name: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]


_handlers: dict[str, PrivacyHandler] = {}


def register(name: str, *, export: Callable[[User], Any], erase: Callable[[User], None]) -> None:
    _handlers[name] = PrivacyHandler(name=name, export=export, erase=erase)


def handlers() -> list[PrivacyHandler]:
    return list(_handlers.values())


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, section by section."""
    return {handler.name: handler.export(user) for handler in handlers()}


@transaction.atomic
def erase_user(user: User) -> None:
    """Anonymise ``user``: each app erases its part, then the account itself.

    Anonymous statistics (statuses, dates, diploma levels, outcomes) stay; what identifies
    the person goes. Running it twice is harmless.
    """
    # Apps register after the core, so reversing erases their data before the account it
    # hangs on.
    for handler in reversed(handlers()):
        handler.erase(user)


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "notifications": [
            {
                "created_at": notification.created_at.isoformat(),
                "title": notification.title,
                "read": notification.is_read,
            }
            for notification in user.notifications.filter(in_app=True).order_by("created_at")
        ],
    }


def _erase_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if user.anonymised_at is not None:
        return
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.notifications.all().delete()
    user.email = f"anonymised-{uuid.uuid4().hex}@invalid.example"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "is_active",
            "password",
            "anonymised_at",
        ]
    )
    # Open sessions end by themselves: the session auth hash changed with the password.


def register_core_handlers() -> None:
    register("account", export=_export_account, erase=_erase_account)
