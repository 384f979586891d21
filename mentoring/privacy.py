"""A mentor's data, and the notes of the mentorships a person took part in, for the privacy
registry (export and erasure, DESIGN §10). Anonymous statistics stay: statuses, dates,
durations, contract types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from candidates.models import Candidate

from .models import Introduction, Meeting, Mentor, Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User


def _names(items) -> list[str]:
    return [item.label for item in items]


def export(user: User) -> dict[str, Any]:
    mentor = (
        Mentor.objects.select_related("company", "function")
        .prefetch_related("expertise", "sectors", "departments", "languages")
        .filter(user=user)
        .first()
    )
    mentorships = (
        Mentorship.objects.filter(Q(mentor__user=user) | Q(candidate__user=user))
        .exclude(status=Mentorship.Status.DRAFT)
        .prefetch_related("meetings", "introductions")
        .select_related("mentor__user", "candidate__user")
        .order_by("pk")
    )
    return {
        "mentor_profile": (
            {
                "company": mentor.company.name,
                "status": mentor.get_status_display(),
                "job_title": mentor.job_title,
                "function": mentor.function.label,
                "fields_of_expertise": _names(mentor.expertise.all()),
                "sectors": _names(mentor.sectors.all()),
                "years_of_experience": mentor.years_of_experience,
                "has_business_experience": mentor.has_business_experience,
                "departments": [str(department) for department in mentor.departments.all()],
                "remote": mentor.remote,
                "capacity": mentor.capacity,
                "paused_until": mentor.paused_until.isoformat() if mentor.paused_until else None,
                "languages": _names(mentor.languages.all()),
                "bio": mentor.bio,
                "charter_accepted_at": (
                    mentor.charter_signed_at.isoformat() if mentor.charter_signed_at else None
                ),
            }
            if mentor
            else None
        ),
        "mentorships": [
            {
                "as": "mentor" if mentorship.mentor.user_id == user.pk else "candidate",
                "status": mentorship.get_status_display(),
                "started_at": mentorship.started_at.isoformat() if mentorship.started_at else None,
                "ended_at": mentorship.ended_at.isoformat() if mentorship.ended_at else None,
                "meetings": [
                    {
                        "date": meeting.date.isoformat(),
                        "duration_minutes": meeting.duration_minutes,
                        "mode": meeting.get_mode_display(),
                        "notes": meeting.notes,
                    }
                    for meeting in mentorship.meetings.all()
                ],
                "introductions": [
                    {
                        "date": introduction.date.isoformat(),
                        "company": introduction.contact_company,
                        "role": introduction.contact_role,
                        "result": introduction.get_result_display(),
                    }
                    for introduction in mentorship.introductions.all()
                ],
            }
            for mentorship in mentorships
        ],
    }


def erase(user: User) -> None:
    """Forget what identifies the person; keep the anonymous shape of the mentorships."""
    Mentor.objects.filter(user=user).update(
        job_title="", bio="", status=Mentor.Status.INACTIVE, paused_until=None
    )
    # The person's candidate row is locked before their mentorships (the lock order of
    # ``mentoring.services.proposals``): the candidates' part of the erasure runs after this.
    list(Candidate.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    involved = Mentorship.objects.filter(Q(mentor__user=user) | Q(candidate__user=user))
    involved.update(message="", decline_reason="", end_note="")
    Meeting.objects.filter(mentorship__in=involved).update(notes="")
    Introduction.objects.filter(mentorship__in=involved).update(notes="")
