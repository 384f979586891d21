"""The authentication events' log (DESIGN §10): sign-ins and their failures, lock-outs,
sign-outs, changes of password, e-mail address or second factor, deactivations and erasures.

Each event is a row of ``AuthEvent`` (kept 12 months, read by national admins in the admin)
and a line of the ``nqt.security`` logger. What is kept is the user's id and the client's
address, never a password or an e-mail address: a failed sign-in for an address that has no
account is kept without any trace of the address.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from .models import AuthEvent, User

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger("nqt.security")
Kind = AuthEvent.Kind


def record(
    kind: str,
    *,
    user: User | None = None,
    user_id: int | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AuthEvent:
    """Keep one event (``user`` or ``user_id``: the account, when there is one)."""
    user_id = user.pk if user is not None else user_id
    event = AuthEvent.objects.create(
        kind=kind, user_id=user_id, ip=client_ip(request), detail=detail[:100]
    )
    logger.info("%s user=%s ip=%s %s", kind, user_id or "-", event.ip or "-", detail)
    return event


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the rate limits see it (``TRUSTED_PROXY_COUNT``), if any."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # no address, or a proxy chain that does not match the setting
        return None


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the events older than 12 months; returns how many."""
    limit = (now or timezone.now()) - datetime.timedelta(days=AuthEvent.RETENTION_DAYS)
    deleted, _ = AuthEvent.objects.filter(at__lt=limit).delete()
    return deleted


def account_of(credentials: dict[str, Any]) -> int | None:
    """The id of the account a sign-in attempt named, if it exists."""
    login = credentials.get("email") or credentials.get("username") or ""
    if not isinstance(login, str) or not login:
        return None
    return User.objects.filter(email__iexact=login.strip()).values_list("pk", flat=True).first()


# --- Receivers (connected in CoreConfig.ready) ----------------------------------------------


def _logged_in(sender, request, user, **kwargs) -> None:
    record(Kind.LOGIN, user=user, request=request)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Kind.LOGOUT, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(Kind.LOGIN_FAILED, user_id=account_of(credentials), request=request)


def _password_changed(sender, request, user, **kwargs) -> None:
    record(Kind.PASSWORD_CHANGED, user=user, request=request)


def _password_reset(sender, request, user, **kwargs) -> None:
    record(Kind.PASSWORD_RESET, user=user, request=request)


def _email_changed(what: str):
    def receiver(sender, request, user, **kwargs) -> None:
        record(Kind.EMAIL_CHANGED, user=user, request=request, detail=what)

    return receiver


def _second_factor(what: str):
    def receiver(sender, request, user, authenticator=None, **kwargs) -> None:
        kind = getattr(authenticator, "type", "")
        record(
            Kind.SECOND_FACTOR_CHANGED,
            user=user,
            request=request,
            detail=f"{what} {kind}".strip(),
        )

    return receiver


def _user_saving(sender, instance: User, update_fields=None, **kwargs) -> None:
    """Note a deactivation or an erasure about to be saved (one query, for accounts saved
    inactive only)."""
    instance._security_events = []
    if instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    before = User.objects.filter(pk=instance.pk).values("is_active", "anonymised_at").first()
    if before is None:
        return
    if before["anonymised_at"] is None and instance.anonymised_at is not None:
        instance._security_events.append(Kind.ERASED)
    elif before["is_active"]:
        instance._security_events.append(Kind.DEACTIVATED)


def _user_saved(sender, instance: User, **kwargs) -> None:
    for kind in getattr(instance, "_security_events", ()):
        record(kind, user=instance)
    instance._security_events = []


def connect() -> None:
    from allauth.account import signals as account_signals
    from django.apps import apps
    from django.contrib.auth import signals as auth_signals

    connections = [
        (auth_signals.user_logged_in, _logged_in),
        (auth_signals.user_logged_out, _logged_out),
        (auth_signals.user_login_failed, _login_failed),
        (account_signals.password_changed, _password_changed),
        (account_signals.password_set, _password_changed),
        (account_signals.password_reset, _password_reset),
        (account_signals.email_changed, _email_changed("primary changed")),
        (account_signals.email_added, _email_changed("added")),
        (account_signals.email_removed, _email_changed("removed")),
    ]
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        connections += [
            (mfa_signals.authenticator_added, _second_factor("added")),
            (mfa_signals.authenticator_removed, _second_factor("removed")),
            (mfa_signals.authenticator_reset, _second_factor("reset")),
        ]
    for index, (signal, receiver) in enumerate(connections):
        # weak=False: the receivers made by _email_changed and _second_factor live only here.
        signal.connect(receiver, weak=False, dispatch_uid=f"security-event-{index}")
    pre_save.connect(_user_saving, sender=User, dispatch_uid="security-user-saving")
    post_save.connect(_user_saved, sender=User, dispatch_uid="security-user-saved")
