"""The daily sweep's planned-meeting rules (DESIGN §7): the day before (the local date), both
parties once per version of the meeting; "did it take place?" once its end is behind, asked
once, never for a meeting confirmed or marked not held."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from mentoring.followup import reminders
from mentoring.workspace import planning
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# A Monday; the meeting is on Wednesday 13 January 2027 at 18:00, Paris time.
MEETING = datetime.datetime(2027, 1, 13, 18, 0, tzinfo=PARIS)


@pytest.fixture
def pair():
    return factories.MentorshipFactory(started_at=MEETING - datetime.timedelta(days=20))


@pytest.fixture
def meeting(pair):
    return factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", starts_at=MEETING, answered_by=pair.candidate.user
    )


def sweep(moment: datetime.datetime, **kwargs):
    with time_machine.travel(moment, tick=False):
        return {run.rule.code: run for run in reminders.sweep(**kwargs)}


def sent(kind: str) -> int:
    return Notification.objects.filter(kind=kind).count()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2027, 1, 11, 23, 30, tzinfo=PARIS), 0),  # two days before
        (
            datetime.datetime(2027, 1, 12, 0, 5, tzinfo=PARIS),
            2,
        ),  # the day before, just after midnight
        (datetime.datetime(2027, 1, 12, 23, 55, tzinfo=PARIS), 2),
        (datetime.datetime(2027, 1, 13, 8, 0, tzinfo=PARIS), 0),  # the day itself: too late
    ],
)
def test_both_parties_are_reminded_the_day_before_by_the_local_date(meeting, moment, expected):
    sweep(moment)
    assert sent("planned_meeting_reminder") == expected


def test_the_reminder_goes_once(meeting):
    day_before = datetime.datetime(2027, 1, 12, 9, 0, tzinfo=PARIS)
    assert sweep(day_before)["planned_meeting_reminder"].acted == 1
    assert sweep(day_before + datetime.timedelta(hours=6))["planned_meeting_reminder"].due == 0
    assert sent("planned_meeting_reminder") == 2


def test_no_reminder_for_a_proposal_or_an_ended_mentorship(pair):
    factories.PlannedMeetingFactory(mentorship=pair, starts_at=MEETING)
    ended = factories.MentorshipFactory(
        status="completed",
        started_at=MEETING - datetime.timedelta(days=200),
        ended_at=MEETING - datetime.timedelta(days=1),
    )
    factories.PlannedMeetingFactory(mentorship=ended, status="accepted", starts_at=MEETING)
    sweep(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=PARIS))
    assert sent("planned_meeting_reminder") == 0


def test_a_moved_meeting_is_reminded_again_at_its_new_date(pair, meeting):
    with time_machine.travel(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=PARIS), tick=False):
        reminders.sweep()
        move = planning.planned_meeting_move(
            planned=meeting, by=pair.mentor.user, starts_at=MEETING + datetime.timedelta(days=2),
            duration_minutes=60, mode="phone",
        )  # fmt: skip
        planning.planned_meeting_accept(planned=move, by=pair.candidate.user)
    sweep(datetime.datetime(2027, 1, 14, 9, 0, tzinfo=PARIS))
    assert sent("planned_meeting_reminder") == 4


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MEETING + datetime.timedelta(minutes=90), 0),  # ended 30 minutes ago
        (MEETING + datetime.timedelta(hours=2), 2),  # an hour after its end
        (MEETING + datetime.timedelta(days=3), 2),
    ],
)
def test_both_are_asked_whether_it_took_place_after_its_end(meeting, moment, expected):
    sweep(moment)
    assert sent("planned_meeting_held_question") == expected


def test_the_question_goes_once_and_not_once_answered(pair, meeting):
    after = MEETING + datetime.timedelta(days=1)
    sweep(after)
    sweep(after + datetime.timedelta(days=1))
    assert sent("planned_meeting_held_question") == 2
    other = factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", starts_at=MEETING + datetime.timedelta(hours=2)
    )
    with time_machine.travel(after, tick=False):
        planning.planned_meeting_not_held(planned=other, by=pair.mentor.user)
    sweep(after + datetime.timedelta(days=2))
    assert sent("planned_meeting_held_question") == 2


def test_dry_run_counts_without_sending(meeting, capsys):
    runs = sweep(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=PARIS), dry_run=True)
    assert runs["planned_meeting_reminder"].due == 1
    assert sent("planned_meeting_reminder") == 0
    with time_machine.travel(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=PARIS), tick=False):
        call_command("send_reminders", "--dry-run")
    due = [line for line in capsys.readouterr().out.splitlines() if ": 1 due" in line]
    assert len(due) == 1  # the day before's rule, the only one due
    assert sent("planned_meeting_reminder") == 0
