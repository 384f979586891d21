"""The second factor staff must use (DESIGN §10), on top of allauth's MFA.

``STAFF_MFA_REQUIRED`` decides whether staff and national admins must have one; the middleware
of ``nqt.core.middleware`` sends those without one to the enrolment. A national admin who
loses their phone asks another to reset their factor: ``second_factor_reset``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from . import notifications, security

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)

# Recovery codes alone are no factor: allauth only keeps them next to an authenticator app.
_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def must_use_second_factor(user: User) -> bool:
    """Whether ``user`` holds the staff or national admin role while the setting is on.

    ``roles_of`` derives both roles from these two flags, so no query is needed."""
    return bool(
        settings.STAFF_MFA_REQUIRED
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
    )


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=_FACTOR_TYPES).exists()


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> bool:
    """Remove ``user``'s authenticators (app and recovery codes) so they enrol again.

    Logged with both ids, never a secret; ``user`` is told by e-mail. Returns False, and
    does nothing, when ``user`` had no factor.
    """
    deleted, _ = Authenticator.objects.filter(user_id=user.pk).delete()
    if not deleted:
        return False
    logger.warning(
        "Second factor reset: user %s by national admin %s (%d authenticators removed)",
        user.pk,
        by.pk,
        deleted,
    )
    security.record(
        security.Kind.SECOND_FACTOR_CHANGED, user=user, detail=f"reset by national admin {by.pk}"
    )
    notifications.notify(
        recipient=user, kind="second_factor_reset", url=reverse("mfa_activate_totp")
    )
    return True
