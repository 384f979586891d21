"""Reads the mentoring pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from candidates.models import Candidate
from nqt.core.models import Region

from .models import Mentor, Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User


def mentor_panel(*, user: User) -> dict[str, Any]:
    """The mentor's profile, current mentees and pending proposals, for "Mon espace"."""
    mentor = Mentor.objects.select_related("company", "function").get(user=user)
    mentorships = list(
        Mentorship.objects.filter(
            mentor=mentor, status__in=[Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED]
        )
        .select_related("candidate__user")
        .order_by("status", "-started_at", "-proposed_at")
    )
    active = [m for m in mentorships if m.status == Mentorship.Status.ACTIVE]
    proposals = [m for m in mentorships if m.status == Mentorship.Status.PROPOSED]
    return {
        "mentor": mentor,
        "active": active,
        "proposals": proposals,
        "places_left": max(0, mentor.capacity - len(active)),
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
        Mentorship.objects.filter(
            candidate__department__region__in=region_ids, status=Mentorship.Status.ACTIVE
        )
        .values("candidate__department__region")
        .annotate(count=Count("pk"))
    )
    for entry in mentorship_counts:
        rows[entry["candidate__department__region"]]["active_mentorships"] = entry["count"]
    ordered = sorted(rows.values(), key=lambda row: row["region"].name)
    return {"regions": ordered, "national": user.is_superuser}
