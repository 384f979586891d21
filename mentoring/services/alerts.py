"""Telling the staff of a mentorship's region about it (accepted, declined, expired proposals,
outcomes to confirm, interruptions, long silences): one recipient list, one admin link, one
key per event."""

from __future__ import annotations

from django.urls import reverse

from nqt.core import notifications

from ..models import Mentorship


def staff_url(mentorship: Mentorship) -> str:
    return reverse("admin:mentoring_mentorship_change", args=[mentorship.pk])


def notify_staff(mentorship: Mentorship, *, kind: str, event: str, **context) -> bool:
    """Notify the active staff of the candidate's region; ``event`` makes the dedup key (a
    second call for the same event writes nothing). Returns whether anything was written."""
    region_id = mentorship.candidate.region_id
    if region_id is None:
        return False
    return bool(
        notifications.notify_many(
            recipients=notifications.staff_of_region(region_id),
            kind=kind,
            context={"mentorship": mentorship, **context},
            about=mentorship,
            url=staff_url(mentorship),
            dedup_prefix=f"mentorship:{mentorship.pk}:{event}",
        )
    )
