"""The 6-month durability question is asked only within a window after the six months (from
6 to 9 months after the job started), once: an old job never gets it, and the candidate can
answer only while the window is open."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from mentoring.followup import reminders
from mentoring.followup import services as followup
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def job_started(days_ago: int):
    return factories.OutcomeFactory(start_date=TODAY - datetime.timedelta(days=days_ago))


def asked(outcome) -> int:
    return Notification.objects.filter(
        kind="durability_check", recipient=outcome.mentorship.candidate.user
    ).count()


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(181, 0), (182, 1), (200, 1), (272, 1), (273, 0), (365 * 8, 0)],
)
def test_only_a_job_within_the_window_gets_the_question(days_ago, expected):
    outcome = job_started(days_ago)
    reminders.sweep()
    assert asked(outcome) == expected


def test_the_question_is_asked_once():
    outcome = job_started(182)
    reminders.sweep()
    with time_machine.travel(NOW + datetime.timedelta(days=30), tick=False):
        reminders.sweep()
    assert asked(outcome) == 1


def test_a_job_of_2017_is_neither_asked_nor_offered_the_answer():
    outcome = factories.OutcomeFactory(start_date=datetime.date(2017, 9, 1))
    reminders.sweep()
    assert asked(outcome) == 0
    assert not outcome.durability_question_open()
    with pytest.raises(followup.FollowUpError):
        followup.durability_answer(
            outcome=outcome, by=outcome.mentorship.candidate.user, still_employed=True
        )


def test_the_answer_is_open_during_the_window():
    outcome = job_started(200)
    assert outcome.durability_question_open()
    followup.durability_answer(
        outcome=outcome, by=outcome.mentorship.candidate.user, still_employed=True
    )
    outcome.refresh_from_db()
    assert outcome.still_employed is True


def test_the_question_page_opens_only_within_the_window(login):
    inside, old = job_started(200), factories.OutcomeFactory(start_date=datetime.date(2017, 9, 1))
    client = login(inside.mentorship.candidate.user)
    url = reverse("mentoring:durability", args=[inside.mentorship_id])
    assert 'name="still_employed"' in client.get(url).content.decode()
    client = login(old.mentorship.candidate.user)
    response = client.get(reverse("mentoring:durability", args=[old.mentorship_id]))
    assert response.status_code == 200
    assert 'name="still_employed"' not in response.content.decode()
    assert "entre six et neuf mois" in response.content.decode()
