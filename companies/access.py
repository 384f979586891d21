"""Who may see what in the company pages: one helper per resource.

Object helpers answer 404 to outsiders, so an id reveals nothing about another company.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from nqt.core.staff import scope_to_regions

from .models import Company, CompanyContact, Invitation

if TYPE_CHECKING:
    from nqt.core.models import User


def get_contact_for_user(user: User) -> CompanyContact:
    """The signed-in user's company contact profile; other users may not use the space."""
    contact = (
        CompanyContact.objects.select_related("company__region", "company__sector")
        .filter(user=user)
        .first()
    )
    if contact is None:
        raise PermissionDenied
    return contact


def get_invitation_for_user(user: User, pk: int) -> Invitation:
    """A mentor invitation of the user's own company; 404 for anyone else's."""
    invitation = (
        Invitation.objects.select_related("company")
        .filter(pk=pk, kind=Invitation.Kind.MENTOR, company__contacts__user=user)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def get_company_for_user(user: User, pk: int) -> Company:
    """A company whose engagement ``user`` may read: its contacts, and staff of its region
    who may view companies."""
    companies = Company.objects.select_related("region")
    company = companies.filter(pk=pk, contacts__user=user).first()
    if company is None and user.is_staff and user.has_perm("companies.view_company"):
        company = scope_to_regions(companies, user, "region").filter(pk=pk).first()
    if company is None:
        raise Http404
    return company
