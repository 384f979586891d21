"""allauth integration: account e-mails go through the notification service's outbox, and
lock-outs are logged (``nqt.core.security``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from . import notifications, security


@dataclass(frozen=True)
class SettingsSite:
    """The site allauth's e-mails name, read from ``SITE_NAME`` and ``SITE_URL``.

    Without ``django.contrib.sites`` allauth names the request's host, or nothing; a second
    copy of the name in a ``Site`` row could drift from the setting, so there is none.
    """

    name: str
    domain: str

    @classmethod
    def from_settings(cls) -> SettingsSite:
        return cls(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials: Any) -> None:
        """allauth's check of the failed sign-ins' rate limit, with the lock-out logged."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security.record(
                security.Kind.LOCKED_OUT, user_id=security.account_of(credentials), request=request
            )
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Record the rendered message as an outbox row; a Celery task sends it after commit.

        Verification links and reset keys are not shown in the site (``in_app=False``). The
        context is allauth's own (``email``, ``current_site``), with the site from settings.
        """
        context = {
            "email": email,
            "current_site": SettingsSite.from_settings(),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        user_model = get_user_model()
        recipient = user_model.objects.filter(
            email=user_model.objects.normalize_email(email)
        ).first()
        notifications.record(
            recipient=recipient,
            email=email,
            kind="account",
            title=message.subject,
            body_text=message.body,
            body_html=html,
            in_app=False,
        )
