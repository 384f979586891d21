"""Who may see what in the mentor pages: one helper per resource.

A mentor reaches only their own profile and mentorships; another mentor's ids answer 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from companies import selectors as company_selectors
from companies.models import Invitation
from nqt.core.staff import manages_region

from . import selectors
from .models import Mentor, Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User


def get_mentor_for_user(user: User) -> Mentor:
    """The signed-in user's own mentor profile; other users may not use the mentor space."""
    mentor = selectors.mentor_profile(user=user)
    if mentor is None:
        raise PermissionDenied
    return mentor


def get_mentorship_for_user(user: User, pk: int) -> Mentorship:
    """A mentorship of the signed-in mentor (never a draft); 404 for anyone else's."""
    mentorship = selectors.mentorship_for_mentor(user=user, pk=pk)
    if mentorship is None:
        raise Http404
    return mentorship


def get_onboarding_invitation(user: User) -> Invitation:
    """The accepted mentor invitation that lets ``user`` create their mentor profile."""
    invitation = company_selectors.pending_mentor_invitation(user=user)
    if invitation is None:
        raise PermissionDenied
    return invitation


def get_mentorship_page_for_user(user: User, pk: int) -> Mentorship:
    """A started mentorship, for its candidate, its mentor and the staff of its region
    (national admins everywhere); 404 for anyone else, as for an id that does not exist."""
    mentorship = (
        Mentorship.objects.select_related(
            "candidate__user",
            "candidate__department",
            "mentor__user",
            "mentor__company",
            "mentor__function",
            "outcome",
        )
        .filter(pk=pk, status__in=Mentorship.STARTED_STATUSES)
        .first()
    )
    if mentorship is None:
        raise Http404
    if user.pk in (mentorship.candidate.user_id, mentorship.mentor.user_id):
        return mentorship
    if manages_region(user, mentorship.region_id, perm="mentoring.view_mentorship"):
        return mentorship
    raise Http404


def get_planned_meeting_for_party(user: User, pk: int, planned_pk: int):
    """A planned meeting of a mentorship ``user`` is a party to (with its mentorship); 404
    for anyone else, the region's staff included, and for another mentorship's meeting."""
    from .models import PlannedMeeting

    mentorship = get_mentorship_page_for_user(user, pk)
    if mentorship.party_of(user) is None:
        raise Http404
    planned = (
        PlannedMeeting.objects.select_related("proposed_by")
        .filter(pk=planned_pk, mentorship=mentorship)
        .first()
    )
    if planned is None:
        raise Http404
    planned.mentorship = mentorship
    return mentorship, planned


def get_mentorship_for_party(user: User, pk: int) -> Mentorship:
    """A started mentorship for its two parties only (404 for staff and anyone else)."""
    mentorship = get_mentorship_page_for_user(user, pk)
    if mentorship.party_of(user) is None:
        raise Http404
    return mentorship
