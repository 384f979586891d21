"""The daily sweep (DESIGN §7): each rule finds, in PostgreSQL, what is due today and acts on it.

No reminder is a long-countdown task: Celery beat runs ``sweep`` once a day and
``python manage.py send_reminders [--dry-run]`` runs it on demand. Each rule's action is
idempotent (a unique notification key, or a conditional update), so a sweep run twice — or a
worker that died half-way — never sends a message twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from nqt.core import notifications

from .. import rules
from ..models import CheckIn, Mentorship, Outcome
from ..services import alerts, proposals
from ..workspace import planning
from . import services


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    due: Callable[[datetime.datetime], Iterable]
    act: Callable[[object, datetime.datetime], bool]


RULES: list[Rule] = [
    Rule(
        "proposal_reminder",
        format_lazy(
            _("Proposal unanswered for {days} days: remind the mentor"),
            days=rules.PROPOSAL_REMINDER_DAYS,
        ),
        proposals.proposals_to_remind,
        lambda mentorship, now: proposals.proposal_remind(mentorship),
    ),
    Rule(
        "proposal_expiry",
        format_lazy(
            _("Proposal unanswered for {days} days: expire it and tell staff"),
            days=rules.PROPOSAL_EXPIRY_DAYS,
        ),
        proposals.proposals_to_expire,
        lambda mentorship, now: proposals.proposal_expire(mentorship, now=now),
    ),
]


# --- Follow-up rules (DESIGN §7) -------------------------------------------------------------


def _silent_since(now: datetime.datetime, days: int):
    """Active mentorships whose last contact is ``days`` days old or more."""
    return (
        Mentorship.objects.filter(Mentorship.silent_q(now, days))
        .select_related("candidate__user", "candidate__department", "mentor__user")
        .order_by("pk")
    )


def _nudge_due(now: datetime.datetime):
    """Active mentorships without a held meeting nor a message exchange for
    ``rules.SILENCE_REMINDER_DAYS`` days (``rules.nudge_due_q``)."""
    return (
        rules.with_last_exchange(Mentorship.objects.all())
        .filter(rules.nudge_due_q(now))
        .select_related("candidate__user", "candidate__department", "mentor__user")
        .order_by("pk")
    )


def _parties(mentorship: Mentorship) -> list:
    return [mentorship.candidate.user, mentorship.mentor.user]


def _remind_silence(mentorship: Mentorship, now: datetime.datetime) -> bool:
    """Both parties, once per silence: the key carries the date of the last contact (a held
    meeting, the start, or a message exchange: ``rules.last_contact_for_nudge``)."""
    anchor = rules.last_contact_for_nudge(mentorship)
    return bool(
        notifications.notify_many(
            recipients=_parties(mentorship),
            kind="mentorship_silence",
            context={"mentorship": mentorship, "since": anchor},
            about=mentorship,
            url=services.page_url(mentorship),
            dedup_prefix=f"mentorship:{mentorship.pk}:silence-30:{anchor}",
        )
    )


def _alert_silence(mentorship: Mentorship, now: datetime.datetime) -> bool:
    anchor = mentorship.last_contact_on
    return alerts.notify_staff(
        mentorship,
        kind="mentorship_silence_staff",
        event=f"silence-45:{anchor}",
        since=anchor,
        **rules.delays(),
    )


def _check_ins_open(period: str):
    def due(now: datetime.datetime):
        opens = rules.CHECK_IN_OPENS_AFTER[period]
        return (
            Mentorship.objects.filter(
                status=Mentorship.Status.ACTIVE,
                started_at__lte=now - opens,
                started_at__gt=now - opens - rules.CHECK_IN_WINDOW,
            )
            .select_related("candidate__user", "mentor__user")
            .prefetch_related("check_ins")
            .order_by("pk")
        )

    def act(mentorship: Mentorship, now: datetime.datetime) -> bool:
        answered = {c.role for c in mentorship.check_ins.all() if c.period == period}
        waiting = [
            user
            for role, user in (
                (CheckIn.Role.CANDIDATE, mentorship.candidate.user),
                (CheckIn.Role.MENTOR, mentorship.mentor.user),
            )
            if role not in answered
        ]
        return bool(
            notifications.notify_many(
                recipients=waiting,
                kind="check_in_due",
                context={"mentorship": mentorship, "period": CheckIn.Period(period).label},
                about=mentorship,
                url=reverse("mentoring:check_in", args=[mentorship.pk, period]),
                dedup_prefix=f"mentorship:{mentorship.pk}:check-in:{period}",
            )
        )

    return due, act


def _closing_due(now: datetime.datetime):
    return (
        Mentorship.objects.filter(
            status=Mentorship.Status.ACTIVE, started_at__lte=now - rules.CLOSING_SURVEY_AFTER
        )
        .select_related("candidate__user", "mentor__user")
        .order_by("pk")
    )


def _ask_closing(mentorship: Mentorship, now: datetime.datetime) -> bool:
    return bool(
        notifications.notify_many(
            recipients=_parties(mentorship),
            kind="closing_survey",
            context={"mentorship": mentorship},
            about=mentorship,
            url=reverse("mentoring:outcome_declare", args=[mentorship.pk]),
            dedup_prefix=f"mentorship:{mentorship.pk}:closing-6m",
        )
    )


def _durability_due(now: datetime.datetime):
    """Jobs that started 6 to 9 months ago (``rules.durability_window``), not answered yet:
    the question goes once (its dedup key), never to a job older than the window."""
    after, up_to = rules.durability_window(timezone.localdate(now))
    return (
        Outcome.objects.filter(
            contract_type__in=Outcome.JOB_CONTRACTS,
            start_date__gt=after,
            start_date__lte=up_to,
            durability_checked_at__isnull=True,
            mentorship__candidate__anonymised_at__isnull=True,
        )
        .select_related("mentorship__candidate__user")
        .order_by("pk")
    )


def _ask_durability(outcome: Outcome, now: datetime.datetime) -> bool:
    return (
        notifications.notify(
            recipient=outcome.mentorship.candidate.user,
            kind="durability_check",
            context={"outcome": outcome},
            about=outcome,
            url=reverse("mentoring:durability", args=[outcome.mentorship_id]),
            dedup_key=f"outcome:{outcome.pk}:durability",
        )
        is not None
    )


def _unmatched_by_region(now: datetime.datetime):
    """(region id, count) of eligible candidates waiting over the promise, per region: since
    they last entered the queue (``queued_at``). Paused and withdrawn files are not eligible."""
    return (
        Candidate.objects.filter(
            status=Candidate.Status.ELIGIBLE,
            queued_at__lte=now - datetime.timedelta(days=rules.promise_days()),
            department__isnull=False,
        )
        .values_list("department__region")
        .annotate(count=Count("pk"))
        .order_by("department__region")
    )


def _send_digest(row, now: datetime.datetime) -> bool:
    region_id, count = row
    return bool(
        notifications.notify_many(
            recipients=notifications.staff_of_region(region_id),
            kind="unmatched_digest",
            context={"count": count, "days": rules.promise_days()},
            url=reverse("admin:mentoring_candidatetomatch_changelist") + "?waiting=late",
            dedup_prefix=f"digest:unmatched:{region_id}:{timezone.localdate(now)}",
        )
    )


RULES.extend(
    [
        Rule(
            "silence_reminder",
            format_lazy(
                _(
                    "No meeting nor message exchange for {days} days: remind the candidate "
                    "and the mentor"
                ),
                days=rules.SILENCE_REMINDER_DAYS,
            ),
            _nudge_due,
            _remind_silence,
        ),
        Rule(
            "silence_alert",
            format_lazy(
                _("No meeting for {days} days: alert the regional team"),
                days=rules.SILENCE_ALERT_DAYS,
            ),
            lambda now: _silent_since(now, rules.SILENCE_ALERT_DAYS),
            _alert_silence,
        ),
        Rule("check_in_month_1", _("Check-in after one month"), *_check_ins_open("month_1")),
        Rule("check_in_month_3", _("Check-in after three months"), *_check_ins_open("month_3")),
        Rule(
            "closing_survey",
            _("Six months in: ask both parties to declare the outcome"),
            _closing_due,
            _ask_closing,
        ),
        Rule(
            "durability_check",
            _("Six to nine months after the job started: is the candidate still in it?"),
            _durability_due,
            _ask_durability,
        ),
        Rule(
            "unmatched_digest",
            format_lazy(
                _("Eligible candidates waiting more than {days} days: tell the regional team"),
                days=lazy(rules.promise_days, int)(),
            ),
            _unmatched_by_region,
            _send_digest,
        ),
    ]
)


# --- Planned meetings (DESIGN §7, §13) ----------------------------------------------------------


def _planned_tomorrow(now: datetime.datetime):
    """Accepted meetings starting on the local date ``rules.PLANNED_MEETING_REMINDER_DAYS_BEFORE``
    days ahead (tomorrow), from its midnight to the next, in the site's time zone."""
    day = timezone.localdate(now) + datetime.timedelta(
        days=rules.PLANNED_MEETING_REMINDER_DAYS_BEFORE
    )
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return planning.accepted_starting_between(start, end)


RULES.extend(
    [
        Rule(
            "planned_meeting_reminder",
            _("Planned meetings the day before: remind the candidate and the mentor"),
            _planned_tomorrow,
            planning.remind_day_before,
        ),
        Rule(
            "planned_meeting_held_question",
            _("Planned meetings that are over: ask both parties whether they took place"),
            planning.ended_to_ask,
            planning.ask_whether_held,
        ),
    ]
)


@dataclass
class RuleRun:
    rule: Rule
    due: int = 0
    acted: int = 0


def sweep(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list[RuleRun]:
    """Run every rule; with ``dry_run`` only count what is due."""
    now = now or timezone.now()
    runs = []
    for rule in RULES:
        run = RuleRun(rule)
        for item in rule.due(now):
            run.due += 1
            if dry_run:
                continue
            with transaction.atomic():
                if rule.act(item, now):
                    run.acted += 1
        runs.append(run)
    return runs
