"""Reads of the shared mentorship page and of its timeline in the admin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ActionItem, CheckIn, Mentorship, Outcome
from ..workspace import goals, planning

if TYPE_CHECKING:
    from nqt.core.models import User

MEETINGS_PER_PAGE = 50


def mentorship_page(*, mentorship: Mentorship, user: User) -> dict[str, Any]:
    """What the mentorship page shows, in a fixed number of queries."""
    role = mentorship.party_of(user)
    meetings = list(
        mentorship.meetings.select_related("logged_by").order_by("-date", "-pk")[:MEETINGS_PER_PAGE]
    )
    introductions = list(mentorship.introductions.order_by("-date", "-pk"))
    done = {item.step: item for item in mentorship.action_items.select_related("done_by")}
    check_ins = list(mentorship.check_ins.all())
    answered = {(check_in.role, check_in.period) for check_in in check_ins}
    open_check_ins = [
        period
        for period in CheckIn.Period
        if role and mentorship.check_in_open(period) and (role, period) not in answered
    ]
    outcome = getattr(mentorship, "outcome", None)
    totals = mentorship.meetings.aggregate(count=Count("pk"), minutes=Sum("duration_minutes"))
    return {
        **goals.page_context(mentorship=mentorship),
        "role": role,
        "is_party": role is not None,
        "active": mentorship.status == Mentorship.Status.ACTIVE,
        "meetings": meetings,
        "meeting_count": totals["count"],
        "hours": round((totals["minutes"] or 0) / 60, 1),
        "introductions": introductions,
        "plan": [(step, done.get(step)) for step in ActionItem.Step],
        "check_ins": check_ins,
        "open_check_ins": open_check_ins,
        "outcome": outcome,
        "durability_due": outcome is not None
        and role == CheckIn.Role.CANDIDATE
        and outcome.durability_question_open(),
        **planning.planning_page(mentorship=mentorship, user=user, role=role),
    }


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened: at a moment, or on a day for what is logged by date only
    (meetings, introductions), which shows as a date and never gets an invented time."""

    at: datetime.datetime | datetime.date
    label: str
    detail: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime.datetime)


def _order(started_at: datetime.datetime | None):
    """The timeline's sort key. A dated event goes at the start of its day (before the
    closure, a check-in or a confirmation of that day), but after the acceptance when the
    mentorship started that day: nothing is logged before a mentorship starts."""

    def key(event: TimelineEvent) -> tuple[datetime.datetime, int]:
        if event.has_time:
            return (event.at, 0)
        moment = timezone.make_aware(datetime.datetime.combine(event.at, datetime.time.min))
        if started_at is not None and timezone.localdate(started_at) == event.at:
            moment = started_at
        return (moment, 1)

    return key


def mentorship_timeline(mentorship: Mentorship) -> list[TimelineEvent]:
    """Everything that happened in a mentorship, oldest first, in a fixed number of queries."""
    events: list[TimelineEvent] = []
    candidate = mentorship.candidate
    if candidate.validated_at:
        events.append(TimelineEvent(candidate.validated_at, _("Candidate found eligible")))
    if mentorship.proposed_at:
        by = mentorship.proposed_by.get_full_name() if mentorship.proposed_by_id else ""
        events.append(TimelineEvent(mentorship.proposed_at, _("Proposed to the mentor"), by))
    if mentorship.started_at:
        events.append(TimelineEvent(mentorship.started_at, _("Accepted: the mentorship starts")))
    for meeting in mentorship.meetings.select_related("logged_by"):
        events.append(
            TimelineEvent(
                meeting.date,
                _("Meeting (%(minutes)d min, %(mode)s)")
                % {"minutes": meeting.duration_minutes, "mode": meeting.get_mode_display()},
                ", ".join(meeting.topic_labels),
            )
        )
    for introduction in mentorship.introductions.all():
        events.append(
            TimelineEvent(
                introduction.date,
                _("Introduction: %(role)s at %(company)s")
                % {"role": introduction.contact_role, "company": introduction.contact_company},
                introduction.get_result_display(),
            )
        )
    for item in mentorship.action_items.all():
        events.append(
            TimelineEvent(
                item.done_at, _("Action plan: %(step)s") % {"step": item.get_step_display()}
            )
        )
    for check_in in mentorship.check_ins.all():
        events.append(
            TimelineEvent(
                check_in.created_at,
                _("Check-in %(period)s by the %(role)s: %(score)d/5")
                % {
                    "period": check_in.get_period_display(),
                    "role": check_in.get_role_display().lower(),
                    "score": check_in.score,
                },
                (_("Asks for help. ") if check_in.needs_help else "") + check_in.comment,
            )
        )
    outcome = Outcome.objects.filter(mentorship=mentorship).first()
    if outcome is not None:
        events.append(
            TimelineEvent(
                outcome.declared_at,
                _("Outcome declared: %(contract)s")
                % {"contract": outcome.get_contract_type_display()},
                " — ".join(filter(None, [outcome.job_title, outcome.employer])),
            )
        )
        if outcome.confirmed_at:
            events.append(TimelineEvent(outcome.confirmed_at, _("Outcome confirmed by staff")))
        if outcome.durability_checked_at:
            events.append(
                TimelineEvent(
                    outcome.durability_checked_at,
                    _("Still in the job six months later")
                    if outcome.still_employed
                    else _("No longer in the job six months later"),
                )
            )
    if mentorship.ended_at:
        events.append(
            TimelineEvent(
                mentorship.ended_at,
                _("End of the mentorship (%(status)s)")
                % {"status": mentorship.get_status_display().lower()},
                mentorship.get_end_reason_display() if mentorship.end_reason else "",
            )
        )
    return sorted(events, key=_order(mentorship.started_at))
