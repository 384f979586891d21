"""The 30-day nudge counts a message exchange as contact (rules.nudge_due_q): both parties
wrote, their last messages at most 30 days apart; one party writing alone, or old messages,
do not. The 45-day staff alert and the dashboard's attention rule count held meetings only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mentoring import rules
from mentoring.followup import reminders
from mentoring.models import Mentorship
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def pair():
    """Active for 60 days, no meeting ever: silent by meetings alone."""
    return factories.MentorshipFactory(started_at=timezone.now() - 60 * DAY)


def write(pair, party, days_ago):
    author = pair.candidate.user if party == "candidate" else pair.mentor.user
    return factories.MessageFactory(
        mentorship=pair, author=author, created_at=timezone.now() - days_ago * DAY
    )


def nudged(now=None) -> set[int]:
    return {m.pk for m in reminders._nudge_due(now or timezone.now())}


def test_without_messages_the_pair_is_nudged(pair):
    assert nudged() == {pair.pk}


def test_a_recent_exchange_is_contact(pair):
    write(pair, "candidate", 3)
    write(pair, "mentor", 2)
    assert nudged() == set()


def test_one_party_writing_alone_is_not_contact(pair):
    for days in (1, 2, 3):
        write(pair, "candidate", days)
    assert nudged() == {pair.pk}


def test_an_erased_accounts_messages_are_no_exchange(pair):
    write(pair, "candidate", 2)
    factories.MessageFactory(mentorship=pair, author=None, created_at=timezone.now() - DAY)
    assert nudged() == {pair.pk}


def test_old_messages_are_not_contact(pair):
    write(pair, "candidate", 40)
    write(pair, "mentor", 35)
    assert nudged() == {pair.pk}


def test_last_messages_too_far_apart_are_no_exchange(pair):
    write(pair, "mentor", 45)
    write(pair, "candidate", 5)
    assert nudged() == {pair.pk}


def test_the_reminder_is_sent_once_per_silence_anchored_on_the_exchange(pair):
    write(pair, "candidate", 41)
    write(pair, "mentor", 40)
    now = timezone.now()
    with_exchange = rules.with_last_exchange(Mentorship.objects.filter(pk=pair.pk)).get()
    assert rules.last_contact_for_nudge(with_exchange) == timezone.localdate(now - 40 * DAY)
    runs = {run.rule.code: run for run in reminders.sweep(now=now)}
    assert runs["silence_reminder"].acted == 1
    runs = {run.rule.code: run for run in reminders.sweep(now=now + DAY)}
    assert runs["silence_reminder"].acted == 0
    keys = Notification.objects.filter(kind="mentorship_silence").values_list(
        "dedup_key", flat=True
    )
    anchor = timezone.localdate(now - 40 * DAY)
    assert all(f"silence-30:{anchor}" in key for key in keys)
    assert len(keys) == 2
    (to_mentor,) = Notification.objects.filter(
        kind="mentorship_silence", recipient=pair.mentor.user
    )
    assert "échange de messages" in to_mentor.body_text


def test_a_held_meeting_is_still_contact(pair):
    factories.MeetingFactory(mentorship=pair, date=timezone.localdate() - 3 * DAY)
    assert nudged() == set()


def test_the_staff_alert_and_the_attention_rule_count_meetings_only(pair):
    write(pair, "candidate", 2)
    write(pair, "mentor", 1)
    now = timezone.now()
    assert nudged(now) == set()
    assert set(
        Mentorship.objects.filter(rules.no_recent_meeting_q(now)).values_list("pk", flat=True)
    ) == {pair.pk}
    alerts = {m.pk for m in reminders._silent_since(now, rules.SILENCE_ALERT_DAYS)}
    assert alerts == {pair.pk}


def test_finding_the_silent_pairs_is_one_query(pair, django_assert_num_queries):
    others = [factories.MentorshipFactory(started_at=timezone.now() - 60 * DAY) for _ in range(5)]
    for other in others:
        write(other, "candidate", 2)
        write(other, "mentor", 1)
    with django_assert_num_queries(1):
        assert nudged() == {pair.pk}
