"""Planned meetings and calendar feeds in the privacy registry (export and erasure, DESIGN §10).

The export lists the meetings planned in the person's mentorships (when, how, where, who
proposed, what became of them) and whether they have a calendar feed (when it was created,
never its secret). Erasure withdraws what was still to come, blanks the free texts (place,
link, note: they may name someone) and deletes the feed, whose URL then answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from nqt.core import privacy

from ..models import CalendarFeed, CheckIn, PlannedMeeting

if TYPE_CHECKING:
    from nqt.core.models import User

MODELS = ["mentoring.PlannedMeeting", "mentoring.CalendarFeed"]

Status = PlannedMeeting.Status


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _theirs(user: User):
    return PlannedMeeting.objects.filter(
        Q(mentorship__candidate__user=user) | Q(mentorship__mentor__user=user)
    )


def _who(user_id: int | None, planned: PlannedMeeting) -> str:
    """A party as the export names them (never another person's name)."""
    if user_id is None:
        return ""
    if user_id == planned.mentorship.candidate.user_id:
        return CheckIn.Role.CANDIDATE.value
    if user_id == planned.mentorship.mentor.user_id:
        return CheckIn.Role.MENTOR.value
    return ""


def export(user: User) -> dict[str, Any]:
    planned = _theirs(user).select_related("mentorship__candidate", "mentorship__mentor")
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "planned_meetings": [
            {
                "mentorship": row.mentorship_id,
                "starts_at": _iso(row.starts_at),
                "duration_minutes": row.duration_minutes,
                "mode": str(row.get_mode_display()),
                "place": row.place,
                "video_url": row.video_url,
                "note": row.note,
                "status": str(row.get_status_display()),
                "proposed_by": _who(row.proposed_by_id, row),
                "proposed_at": _iso(row.created_at),
                "answered_by": _who(row.answered_by_id, row),
                "answered_at": _iso(row.answered_at),
                "confirmed_as_held": row.meeting_id is not None,
                "marked_not_held_at": _iso(row.not_held_at),
            }
            for row in planned.order_by("starts_at", "pk")
        ],
        "calendar_feed": {"created_at": _iso(feed.created_at)} if feed else None,
    }


def erase(user: User) -> None:
    """Nothing to come stays planned; the texts go; the feed is deleted."""
    planned = _theirs(user)
    texts = [text for row in planned.values_list("place", "note") for text in row if text]
    planned.filter(status=Status.PROPOSED).update(status=Status.CANCELLED)
    planned.filter(status=Status.ACCEPTED, starts_at__gt=timezone.now()).update(
        status=Status.CANCELLED
    )
    about = privacy.about_q(list(planned.only("pk")))
    privacy.forget_in_notifications(user, scope=about, texts=texts)
    planned.update(place="", video_url="", note="")
    CalendarFeed.objects.filter(user=user).delete()


def register() -> None:
    privacy.register("planned_meetings", export=export, erase=erase, models=MODELS)
