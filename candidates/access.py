"""Who may open a candidate's file and documents (DESIGN §8).

One helper per resource, used by every view and download: the owner, and the staff of the
candidate's region (national admins everywhere) get the object; everyone else gets a 404, the
same answer as for an id that does not exist. The file and its documents hold the sensitive
data (birth date, address, social criteria and their proofs): staff need the permission of
their own, ``SENSITIVE_DATA`` (DESIGN §10), which the regional staff group has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from nqt.core.staff import manages_region

from . import selectors
from .models import Candidate, Document

if TYPE_CHECKING:
    from nqt.core.models import User


# The permission to read candidates' sensitive fields and documents (Candidate's Meta).
SENSITIVE_DATA = "candidates.view_sensitive_data"


def may_see_sensitive_data(user: User) -> bool:
    """Whether a staff member may read candidates' sensitive data (of their regions): the
    regional staff group, national admins."""
    return user.is_active and user.is_staff and user.has_perm(SENSITIVE_DATA)


def may_see(user: User, candidate: Candidate) -> bool:
    """The owner, staff of the candidate's region who may view candidates and their sensitive
    data, national admins."""
    if candidate.anonymised_at is not None:
        return False
    if candidate.user_id == user.pk:
        return True
    return manages_region(
        user, candidate.region_id, perm="candidates.view_candidate"
    ) and may_see_sensitive_data(user)


def get_own_candidate(user: User) -> Candidate:
    """The signed-in user's own file, with what its pages show; 404 for anyone without one."""
    candidate = (
        selectors.candidate_files().live().filter(user=user).first()
        if user.is_authenticated
        else None
    )
    if candidate is None:
        raise Http404("No application for this account.")
    return candidate


def get_candidate_for_user(user: User, pk: int) -> Candidate:
    candidate = selectors.candidate_files().filter(pk=pk).first()
    if candidate is None or not may_see(user, candidate):
        raise Http404("No such application.")
    return candidate


def get_document_for_user(user: User, pk: int) -> Document:
    document = (
        Document.objects.select_related("candidate__department", "candidate__user")
        .filter(pk=pk)
        .first()
    )
    if document is None or not may_see(user, document.candidate):
        raise Http404("No such document.")
    return document
