"""Reads the mentoring pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Count, Model, Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate, CandidateToReview, Document
from companies import selectors as company_selectors
from nqt.core.collation import sort_key
from nqt.core.models import Region

from . import rules
from .models import CandidateToMatch, Mentor, Mentorship
from .workspace import unread

if TYPE_CHECKING:
    from nqt.core.models import User


# "Mon espace" shows the mentor's latest past mentorships; the mentor space has them all.
PAST_IN_MY_SPACE = 3


def mentor_panel(*, user: User) -> dict[str, Any]:
    """The mentor's profile, current mentees, pending proposals and latest past mentorships,
    for "Mon espace"."""
    mentor = Mentor.objects.select_related("company", "function").get(user=user)
    current = _current_mentorships(mentor, Mentorship.objects.select_related("candidate__user"))
    unread.mark_workspace_counts(user, current["active"])
    return {
        "mentor": mentor,
        **current,
        "past": list(mentor_history(mentor=mentor)[:PAST_IN_MY_SPACE]),
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


class StaffCount(NamedTuple):
    """A count of the staff panel: its key, its column, the model of the admin list that shows
    exactly the rows it counts and that list's filters (beyond the region)."""

    key: str
    label: str
    model: type[Model]
    filters: dict[str, str]


# The staff panel's counts, in the order of its columns.
STAFF_COUNTS = (
    StaffCount("submitted", _("Files to examine"), CandidateToReview, {}),
    StaffCount("eligible", _("Eligible, waiting for a mentor"), CandidateToMatch, {}),
    StaffCount(
        "pending_mentors",
        _("Mentors to activate"),
        Mentor,
        {"status__exact": Mentor.Status.PENDING},
    ),
    StaffCount(
        "active_mentors", _("Active mentors"), Mentor, {"status__exact": Mentor.Status.ACTIVE}
    ),
    StaffCount(
        "active_mentorships",
        _("Mentorships in progress"),
        Mentorship,
        {"status__exact": Mentorship.Status.ACTIVE},
    ),
)


def _count_links(user: User, region: Region) -> dict[str, str]:
    """The admin list behind each count of ``region`` that ``user`` may open (the admin asks
    the view or the change permission), narrowed to that region by its region filter."""
    links = {}
    for count in STAFF_COUNTS:
        opts = count.model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            links[count.key] = f"{url}?{urlencode({**count.filters, 'region': region.pk})}"
    return links


def staff_panel(*, user: User) -> dict[str, Any]:
    """Per managed region: files waiting for a decision or a mentor, mentors to activate,
    active mentors and mentorships, each count with the admin list of the rows it counts.

    The candidates counted are those of the admin's work queues: an erased file is no work.
    """
    region_ids = user.managed_region_ids
    regions = {region.pk: region for region in Region.objects.filter(pk__in=region_ids)}
    rows = {pk: {"region": region} for pk, region in regions.items()}
    candidate_counts = (
        Candidate.objects.live()
        .filter(
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
    ordered = sorted(rows.values(), key=lambda row: sort_key(row["region"].name))
    for row in ordered:
        links = _count_links(user, row["region"])
        row["cells"] = [
            {
                "key": count.key,
                "label": count.label,
                "count": row.get(count.key, 0),
                "url": links.get(count.key),
            }
            for count in STAFF_COUNTS
        ]
    return {
        "regions": ordered,
        "columns": [count.label for count in STAFF_COUNTS],
        "national": user.is_superuser,
    }


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
    """For a candidate's "Mon espace": their mentor's professional profile and contact while
    the mentorship is active, the mentorships that have ended (their pages stay readable),
    and the six-month question about a job when it is open. A proposal waiting for the
    mentor's answer shows nothing. Two queries, three with an active mentorship."""
    mentorships = list(
        Mentorship.objects.filter(candidate__user=user, status__in=Mentorship.STARTED_STATUSES)
        .select_related("mentor__user", "mentor__company", "mentor__function", "outcome")
        .order_by("-started_at", "-pk")
    )
    if not mentorships:
        return None
    active = next((m for m in mentorships if m.status == Mentorship.Status.ACTIVE), None)
    if active is not None:
        prefetch_related_objects([active.mentor], "sectors")
        unread.mark_workspace_counts(user, [active])
    return {
        "mentorship": active,
        "mentor": active.mentor if active else None,
        "past": [m for m in mentorships if m.status in Mentorship.ENDED_STATUSES],
        "durability_due": [
            m
            for m in mentorships
            if (outcome := getattr(m, "outcome", None)) and outcome.durability_question_open()
        ],
    }


def onboarding_panel(*, user: User) -> dict[str, Any] | None:
    """For "Mon espace": a colleague who accepted a mentor invitation but has no profile yet."""
    if Mentor.objects.filter(user=user).exists():
        return None
    invitation = company_selectors.pending_mentor_invitation(user=user)
    if invitation is None:
        return None
    return {"company": invitation.company, "url": reverse("mentoring:mentor_onboarding")}
