"""Reads the mentoring pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from candidates.models import Candidate, Document
from companies import selectors as company_selectors
from nqt.core.models import Region

from . import rules
from .models import Mentor, Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User


def mentor_panel(*, user: User) -> dict[str, Any]:
    """The mentor's profile, current mentees and pending proposals, for "Mon espace"."""
    mentor = Mentor.objects.select_related("company", "function").get(user=user)
    return {
        "mentor": mentor,
        **_current_mentorships(mentor, Mentorship.objects.select_related("candidate__user")),
        "space_url": reverse("mentoring:mentor_space"),
    }


def _current_mentorships(mentor: Mentor, mentorships: QuerySet[Mentorship]) -> dict[str, Any]:
    """The mentor's ``active`` mentees and pending ``proposals`` (one query), and the
    ``places_left``: a proposal waiting for the answer holds a place, as in matching (the
    mentor's load, ``rules.PLACE_STATUSES``)."""
    current = list(
        mentorships.filter(mentor=mentor, status__in=rules.PLACE_STATUSES).order_by(
            "status", "-started_at", "-proposed_at", "-pk"
        )
    )
    return {
        "active": [m for m in current if m.status == Mentorship.Status.ACTIVE],
        "proposals": [m for m in current if m.status == Mentorship.Status.PROPOSED],
        "places_left": rules.places_left(mentor.capacity, len(current)),
    }


def staff_panel(*, user: User) -> dict[str, Any]:
    """Per managed region: files waiting for a decision or a mentor, mentors to activate."""
    region_ids = user.managed_region_ids
    regions = {region.pk: region for region in Region.objects.filter(pk__in=region_ids)}
    rows = {pk: {"region": region} for pk, region in regions.items()}
    candidate_counts = (
        Candidate.objects.filter(
            department__region__in=region_ids,
            status__in=[Candidate.Status.SUBMITTED, Candidate.Status.ELIGIBLE],
        )
        .values("department__region")
        .annotate(
            submitted=Count("pk", filter=Q(status=Candidate.Status.SUBMITTED)),
            eligible=Count("pk", filter=Q(status=Candidate.Status.ELIGIBLE)),
        )
    )
    for entry in candidate_counts:
        rows[entry["department__region"]].update(
            submitted=entry["submitted"], eligible=entry["eligible"]
        )
    mentor_counts = (
        Mentor.objects.filter(region__in=region_ids)
        .values("region")
        .annotate(
            pending=Count("pk", filter=Q(status=Mentor.Status.PENDING)),
            active=Count("pk", filter=Q(status=Mentor.Status.ACTIVE)),
        )
    )
    for entry in mentor_counts:
        rows[entry["region"]].update(
            pending_mentors=entry["pending"], active_mentors=entry["active"]
        )
    mentorship_counts = (
        Mentorship.objects.filter(region__in=region_ids, status=Mentorship.Status.ACTIVE)
        .values("region")
        .annotate(count=Count("pk"))
    )
    for entry in mentorship_counts:
        rows[entry["region"]]["active_mentorships"] = entry["count"]
    ordered = sorted(rows.values(), key=lambda row: row["region"].name)
    return {"regions": ordered, "national": user.is_superuser}


# --- The mentor's own pages -----------------------------------------------------------------

# What a mentor may read about a candidate: the professional profile, never the social
# criteria, birth date, address or proofs (DESIGN §8). Templates show only these.
CANDIDATE_PROFILE_RELATED = (
    "candidate__user",
    "candidate__field_of_study",
    "candidate__target_job_family",
)
CANDIDATE_PROFILE_PREFETCH = (
    "candidate__target_sectors",
    "candidate__languages",
    # The CV is the one document a mentor may read.
    Prefetch(
        "candidate__documents",
        queryset=Document.objects.filter(kind=Document.Kind.CV).only("pk", "candidate_id"),
        to_attr="cv_documents",
    ),
)
# Statuses a mentor sees: never a draft suggestion under staff review.
VISIBLE_TO_MENTOR = [status for status in Mentorship.Status if status != Mentorship.Status.DRAFT]


def mentor_profile(*, user: User) -> Mentor | None:
    """The user's mentor profile with what its summary shows, or None."""
    return (
        Mentor.objects.select_related("company", "function", "region")
        .prefetch_related("expertise", "sectors", "departments", "languages")
        .filter(user=user)
        .first()
    )


def mentor_dashboard(*, mentor: Mentor) -> dict[str, Any]:
    """Current mentees and pending proposals (with the candidates' professional profiles)."""
    mentorships = Mentorship.objects.select_related(*CANDIDATE_PROFILE_RELATED).prefetch_related(
        *CANDIDATE_PROFILE_PREFETCH
    )
    return {**_current_mentorships(mentor, mentorships), "paused": mentor.is_paused()}


def mentor_history(*, mentor: Mentor) -> QuerySet[Mentorship]:
    """The mentor's past mentorships, most recent first (paginated by the page)."""
    return (
        Mentorship.objects.filter(mentor=mentor, status__in=Mentorship.ENDED_STATUSES)
        .select_related("candidate__user", "outcome")
        .order_by("-ended_at", "-pk")
    )


def mentorship_for_mentor(*, user: User, pk: int) -> Mentorship | None:
    return (
        Mentorship.objects.select_related(*CANDIDATE_PROFILE_RELATED)
        .prefetch_related(*CANDIDATE_PROFILE_PREFETCH)
        .filter(pk=pk, mentor__user=user, status__in=VISIBLE_TO_MENTOR)
        .first()
    )


def candidate_mentor_panel(*, user: User) -> dict[str, Any] | None:
    """For a candidate's "Mon espace": their mentor's professional profile and contact, once
    the mentorship is active (a proposal waiting for the mentor's answer shows nothing)."""
    mentorship = (
        Mentorship.objects.filter(candidate__user=user, status=Mentorship.Status.ACTIVE)
        .select_related("mentor__user", "mentor__company", "mentor__function")
        .prefetch_related("mentor__sectors")
        .first()
    )
    if mentorship is None:
        return None
    return {"mentorship": mentorship, "mentor": mentorship.mentor}


def onboarding_panel(*, user: User) -> dict[str, Any] | None:
    """For "Mon espace": a colleague who accepted a mentor invitation but has no profile yet."""
    if Mentor.objects.filter(user=user).exists():
        return None
    invitation = company_selectors.pending_mentor_invitation(user=user)
    if invitation is None:
        return None
    return {"company": invitation.company, "url": reverse("mentoring:mentor_onboarding")}
