"""A check-in's form shows only when the check-in can be answered (the rule the service
applies, ``Mentorship.check_in_open``); before that, its page says when it opens."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pair():
    """Started 40 days ago: the one-month check-in is open, the three-month one opens on
    4 August 2026 (90 days after the start)."""
    return factories.MentorshipFactory(started_at=NOW - datetime.timedelta(days=40))


def check_in_page(client, pair, period: str) -> str:
    response = client.get(reverse("mentoring:check_in", args=[pair.pk, period]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_a_check_in_not_due_yet_shows_no_form_but_its_opening_day(login, pair):
    page = check_in_page(login(pair.candidate.user), pair, "month_3")
    assert 'name="score"' not in page
    assert "Ce point d'étape ouvrira le 4 août 2026." in page


def test_a_due_check_in_shows_its_form(login, pair):
    page = check_in_page(login(pair.mentor.user), pair, "month_1")
    assert 'name="score"' in page


def test_posting_an_answer_before_the_opening_is_refused(login, pair):
    client = login(pair.candidate.user)
    response = client.post(
        reverse("mentoring:check_in", args=[pair.pk, "month_3"]), {"score": 4}, follow=True
    )
    assert response.status_code == 200
    assert not pair.check_ins.exists()


def test_the_mentorship_page_offers_only_open_check_ins(login, pair):
    response = login(pair.candidate.user).get(reverse("mentoring:mentorship", args=[pair.pk]))
    page = response.content.decode()
    assert reverse("mentoring:check_in", args=[pair.pk, "month_1"]) in page
    assert reverse("mentoring:check_in", args=[pair.pk, "month_3"]) not in page
