"""The daily sweep's follow-up rules (DESIGN §7), each frozen on the day before, of and after
its trigger; a sweep run twice sends nothing twice."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from mentoring.followup import reminders
from mentoring.models import CheckIn
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def sweep(day: int, *, from_: datetime.datetime = START):
    with time_machine.travel(from_ + datetime.timedelta(days=day, hours=2), tick=False):
        return {run.rule.code: run for run in reminders.sweep()}


@pytest.fixture
def pair(staff):
    return factories.MentorshipFactory(
        started_at=START,
        proposed_at=START - datetime.timedelta(days=3),
        answered_at=START,
    )


def sent(kind: str, **filters) -> int:
    return Notification.objects.filter(kind=kind, **filters).count()


@pytest.mark.parametrize(("day", "expected"), [(29, 0), (30, 2), (31, 2)])
def test_no_meeting_for_30_days_reminds_both_parties(pair, day, expected):
    sweep(day)
    assert sent("mentorship_silence") == expected


@pytest.mark.parametrize(("day", "expected"), [(44, 0), (45, 1), (46, 1)])
def test_no_meeting_for_45_days_alerts_staff(pair, staff, day, expected):
    sweep(day)
    assert sent("mentorship_silence_staff", recipient=staff) == expected


def test_a_meeting_starts_a_new_period_of_silence(pair):
    sweep(30)
    assert sent("mentorship_silence") == 2
    pair.last_meeting_on = (START + datetime.timedelta(days=40)).date()  # they met on day 40
    pair.save(update_fields=["last_meeting_on"])
    sweep(69)  # 29 days after the meeting
    assert sent("mentorship_silence") == 2
    sweep(70)  # 30 days after it: a new reminder for each party
    assert sent("mentorship_silence") == 4


@pytest.mark.parametrize(("period", "day"), [("month_1", 30), ("month_3", 90)])
def test_check_ins_are_asked_when_they_open(pair, period, day):
    pair.last_meeting_on = (START + datetime.timedelta(days=day - 1)).date()
    pair.save(update_fields=["last_meeting_on"])
    this_one = {"dedup_key__contains": f":check-in:{period}:"}
    sweep(day - 1)
    assert sent("check_in_due", **this_one) == 0
    sweep(day)
    assert sent("check_in_due", **this_one) == 2
    sweep(day + 1)
    assert sent("check_in_due", **this_one) == 2


def test_a_party_who_answered_is_not_asked_again(pair):
    CheckIn.objects.create(
        mentorship=pair, author=pair.mentor.user, role="mentor", period="month_1", score=4
    )
    sweep(30)
    assert sent("check_in_due", recipient=pair.candidate.user) == 1
    assert sent("check_in_due", recipient=pair.mentor.user) == 0


@pytest.mark.parametrize(("day", "expected"), [(181, 0), (182, 2), (183, 2)])
def test_the_closing_survey_comes_at_six_months(pair, day, expected):
    sweep(day)
    assert sent("closing_survey") == expected


@pytest.mark.parametrize(("day", "expected"), [(181, 0), (182, 1), (183, 1)])
def test_the_durability_question_comes_six_months_after_the_job_started(day, expected):
    outcome = factories.OutcomeFactory(start_date=START.date())
    sweep(day)
    assert sent("durability_check", recipient=outcome.mentorship.candidate.user) == expected


@pytest.mark.parametrize(("day", "expected"), [(14, 0), (15, 1), (16, 1)])
def test_staff_hear_of_candidates_waiting_beyond_the_promise(staff, day, expected):
    factories.EligibleCandidateFactory(validated_at=START)
    sweep(day)
    assert sent("unmatched_digest", recipient=staff) == (1 if day >= 15 else 0)


def test_the_sweep_run_twice_sends_no_duplicate(pair, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep(182)
        second = sweep(182)
    assert sum(run.acted for run in first.values()) > 0
    assert sum(run.acted for run in second.values()) == 0
    addressed = [message.to[0] for message in mail.outbox]
    assert len(addressed) == Notification.objects.exclude(email="").count()


def test_optional_reminders_respect_the_email_preferences(pair, django_capture_on_commit_callbacks):
    user = pair.candidate.user
    user.muted_email_kinds = ["mentorship_silence"]
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(30)
    reminder = Notification.objects.get(kind="mentorship_silence", recipient=user)
    assert reminder.in_app  # still in the site
    assert reminder.email_status == Notification.EmailStatus.NONE
    assert reminder.title not in [m.subject for m in mail.outbox if m.to == [user.email]]
    mentor_reminder = Notification.objects.get(
        kind="mentorship_silence", recipient=pair.mentor.user
    )
    assert mentor_reminder.email_status == Notification.EmailStatus.SENT
