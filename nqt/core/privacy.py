"""The privacy registry: each app registers how to export and erase a person's data.

The core runs every registered handler for a data export (JSON) or an erasure (DESIGN §10)
without importing the apps; automatic purges call ``erase_user`` too, so there is one code
path for anonymisation. Each handler names the models it covers: a test walks every installed
model and fails on one tied to a person that no handler covers.

Erasure also forgets the person where other people's records name them: the notifications
others received (``forget_in_notifications``) and the admin's history
(``forget_in_admin_log``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class PrivacyHandler:
    name: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]
    # Labels ("app.Model") of the models whose rows about the person this handler exports
    # and erases.
    models: tuple[str, ...] = ()


_handlers: dict[str, PrivacyHandler] = {}


def register(
    name: str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[User], None],
    models: Iterable[str] = (),
) -> None:
    _handlers[name] = PrivacyHandler(name=name, export=export, erase=erase, models=tuple(models))


def handlers() -> list[PrivacyHandler]:
    return list(_handlers.values())


def covered_models() -> set[str]:
    """The models some handler exports and erases."""
    return {label for handler in handlers() for label in handler.models}


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, section by section."""
    return {handler.name: handler.export(user) for handler in handlers()}


@transaction.atomic
def erase_user(user: User) -> None:
    """Anonymise ``user``: each app erases its part, then the account itself.

    Anonymous statistics (statuses, dates, diploma levels, outcomes) stay; what identifies
    the person goes. Every step runs in this one transaction: a failing step undoes them all.
    Running it twice is harmless.
    """
    # Apps register after the core, so reversing erases their data before the account it
    # hangs on.
    for handler in reversed(handlers()):
        handler.erase(user)


# --- Forgetting a person in other people's records --------------------------------------------


def placeholder() -> str:
    """What replaces a person's name in the texts that mentioned it (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[name removed]")


def name_forms(user: User) -> list[str]:
    """The strings that name ``user`` in a text, longest first (HTML-escaped forms too)."""
    forms = {
        user.get_full_name().strip(),
        f"{user.last_name} {user.first_name}".strip(),
        user.email,
        user.last_name.strip(),
        user.first_name.strip(),
    }
    forms |= {escape(form) for form in forms}
    return sorted((form for form in forms if form), key=len, reverse=True)


def scrub(text: str, forms: list[str], replacement: str) -> str:
    """``text`` with every whole-word occurrence of ``forms`` replaced (case-insensitive)."""
    for form in forms:
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", replacement, text, flags=re.IGNORECASE)
    return text


def _text_q(fields: Iterable[str], forms: Iterable[str]) -> Q:
    query = Q()
    for field in fields:
        for form in forms:
            query |= Q(**{f"{field}__icontains": form})
    return query


NOTIFICATION_TEXT = ("title", "body_text", "body_html")


def about_q(objects: Iterable[models.Model]) -> Q:
    """Rows (notifications, admin history) attached to one of ``objects``."""
    by_type: dict[int, list[int]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        by_type.setdefault(content_type.pk, []).append(obj.pk)
    query = Q(pk__in=[])
    for content_type_id, pks in by_type.items():
        query |= Q(content_type_id=content_type_id, object_id__in=pks)
    return query


def text_placeholder() -> str:
    """What replaces a text of the person's copied into another person's notification."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[text removed]")


MIN_QUOTED_LENGTH = 12


def _text_forms(texts: Iterable[str]) -> list[str]:
    """The erased texts as a notification may hold them: whole, HTML-escaped, line by line
    (templates break lines into paragraphs), longest first."""
    forms = set()
    for text in texts:
        text = text.strip()
        if not text:
            continue
        pieces = {text, *(line.strip() for line in text.splitlines())}
        # A word or two ("OK", "Très bien") identifies nobody and would match anywhere.
        forms |= {piece for piece in pieces if len(piece) >= MIN_QUOTED_LENGTH}
    forms |= {escape(form) for form in forms}
    return sorted(forms, key=len, reverse=True)


def forget_in_notifications(
    user: User, *, scope: Q | None = None, texts: Iterable[str] = (), everywhere: bool = False
) -> int:
    """Replace ``user``'s names in the notifications other people received.

    Within ``scope`` (the notifications a caller knows are about the person: attached to their
    mentorships, sent to the other party) every form of the name goes, the first name alone
    included, and so do ``texts`` (the free texts being erased, which a message may have
    quoted). With ``everywhere`` (the account's part of the erasure does it, once) every other
    notification is searched for the full name and the e-mail address. Returns how many
    notifications changed.
    """
    from .models import Notification

    forms = name_forms(user)
    distinctive = [form for form in forms if " " in form or "@" in form]
    quoted = _text_forms(texts)
    others = Notification.objects.exclude(recipient=user)
    passes = []
    if scope is not None and (forms or quoted):
        in_scope = others.filter(scope).filter(_text_q(NOTIFICATION_TEXT, [*forms, *quoted]))
        passes.append((in_scope, forms, quoted))
        others = others.exclude(scope)
    if everywhere and distinctive:
        passes.append((others.filter(_text_q(NOTIFICATION_TEXT, distinctive)), distinctive, []))
    names, removed = placeholder(), text_placeholder()
    changed = []
    for rows, wanted, quotes in passes:
        for notification in rows.only(*NOTIFICATION_TEXT):
            texts_before = {field: getattr(notification, field) for field in NOTIFICATION_TEXT}
            after = {}
            for field, text in texts_before.items():
                after[field] = scrub(scrub(text, quotes, removed), wanted, names)
            if after != texts_before:
                after["title"] = after["title"][:255]
                for field, text in after.items():
                    setattr(notification, field, text)
                changed.append(notification)
    Notification.objects.bulk_update(changed, NOTIFICATION_TEXT, batch_size=500)
    return len(changed)


def forget_in_admin_log(user: User, objects: Iterable[models.Model] = ()) -> int:
    """Blank the names the admin's history kept: the label of the entries about ``objects``
    (the person's rows, whose label is their name) and any label holding the full name."""
    objects = list(objects)
    query = Q(pk__in=[])
    if objects:
        by_type: dict[int, list[str]] = {}
        for obj in objects:
            content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
            by_type.setdefault(content_type.pk, []).append(str(obj.pk))
        for content_type_id, pks in by_type.items():
            query |= Q(content_type_id=content_type_id, object_id__in=pks)
    distinctive = [form for form in name_forms(user) if " " in form or "@" in form]
    if distinctive:
        query |= _text_q(["object_repr"], distinctive)
    return LogEntry.objects.filter(query).update(object_repr=placeholder())


# --- The account ------------------------------------------------------------------------------


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ],
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "notifications": [
            {
                "created_at": notification.created_at.isoformat(),
                "kind": notification.kind,
                "title": notification.title,
                "body": notification.body_text,
                "read": notification.is_read,
            }
            for notification in user.notifications.filter(in_app=True).order_by("created_at")
        ],
        # The second factors enrolled (their kind and dates, never a secret).
        "second_factors": [
            {
                "type": authenticator.type,
                "created_at": authenticator.created_at.isoformat(),
                "last_used_at": _iso(authenticator.last_used_at),
            }
            for authenticator in _authenticators(user)
        ],
        # The authentication log of the last 12 months (nqt.core.security).
        "authentication_events": [
            {"at": event.at.isoformat(), "event": event.kind, "ip": event.ip}
            for event in _auth_events(user)
        ],
    }


def _auth_events(user: User):
    from .models import AuthEvent

    return AuthEvent.objects.filter(user=user).order_by("at", "pk")


def _authenticators(user: User):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).order_by("pk")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _erase_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if user.anonymised_at is not None:
        return
    # Others' notifications and the admin's history name the person: forget them there,
    # while the names are still known.
    forget_in_notifications(user, scope=about_q([user]), everywhere=True)
    forget_in_admin_log(user, [user])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # The authentication log keeps the events (the security trail, 12 months), tied to the
    # anonymised account, without the addresses they came from.
    _auth_events(user).update(ip=None)
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
    register(
        "account",
        export=_export_account,
        erase=_erase_account,
        models=[
            "core.User",
            "core.Notification",
            "account.EmailAddress",
            "core.AuthEvent",
            "mfa.Authenticator",
        ],
    )
