"""Reads the company pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .models import CompanyContact, Invitation

if TYPE_CHECKING:
    from nqt.core.models import User


def contact_panel(*, user: User) -> dict[str, Any]:
    """The contact's company and where its invitations stand, for "Mon espace"."""
    contact = CompanyContact.objects.select_related("company__region", "company__sector").get(
        user=user
    )
    now = timezone.now()
    invitations = Invitation.objects.filter(company=contact.company, kind=Invitation.Kind.MENTOR)
    return {
        "contact": contact,
        "company": contact.company,
        "open_invitations": invitations.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).count(),
        "accepted_invitations": invitations.filter(used_at__isnull=False).count(),
    }
