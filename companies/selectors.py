"""Reads the company pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse

from .models import Company, CompanyContact, Invitation
from .tokens import hash_token

if TYPE_CHECKING:
    from nqt.core.models import User


def contact_panel(*, user: User, contact: CompanyContact | None = None) -> dict[str, Any]:
    """The contact's company and where its invitations stand, for "Mon espace".

    Pass ``contact`` (with its company) when the caller already loaded it.
    """
    if contact is None:
        contact = CompanyContact.objects.select_related("company").get(user=user)
    return {
        "contact": contact,
        "company": contact.company,
        "counts": invitation_counts(company=contact.company),
        "space_url": reverse("companies:company_space"),
    }


def mentor_invitations(*, company: Company) -> QuerySet[Invitation]:
    """The company's mentor invitations, newest first (served by invitation_company_idx)."""
    return (
        Invitation.objects.filter(company=company, kind=Invitation.Kind.MENTOR)
        .select_related("invited_by", "accepted_by")
        .order_by("-created_at", "-pk")
    )


def invitation_counts(*, company: Company) -> dict[str, int]:
    """How many of the company's mentor invitations are in each state, in one query.

    Keyed by ``Invitation.State`` value: sent, accepted, expired, revoked.
    """
    return Invitation.objects.filter(company=company, kind=Invitation.Kind.MENTOR).state_counts()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries ``token`` (looked up by its hash), or None."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("company__region", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def pending_mentor_invitation(*, user: User) -> Invitation | None:
    """The latest mentor invitation ``user`` accepted, for the mentor onboarding form.

    Whether the mentor profile already exists is the caller's question (mentoring).
    """
    return (
        Invitation.objects.select_related("company__region")
        .filter(accepted_by=user, kind=Invitation.Kind.MENTOR, used_at__isnull=False)
        .order_by("-used_at")
        .first()
    )
