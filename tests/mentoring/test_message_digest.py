"""The e-mail digest of unread messages (mentoring.workspace.digest): one e-mail per
conversation and recipient at most hourly, only after the delay unread, none when read in
time, when turned off, or once the mentorship has ended; idempotent; quotes no message."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from mentoring import rules
from mentoring.models import Mentorship
from mentoring.tasks import send_message_digests
from mentoring.workspace import digest
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Samir",
        mentor__user__first_name="Émile",
        started_at=START - datetime.timedelta(days=30),
    )


def write(pair, at, author=None, body="Bonjour, voici mon CV corrigé"):
    return factories.MessageFactory(
        mentorship=pair, author=author or pair.candidate.user, created_at=at, body=body
    )


def digests(user=None):
    rows = Notification.objects.filter(kind=digest.KIND)
    return list(rows.filter(recipient=user) if user else rows)


def run(at) -> int:
    with time_machine.travel(at, tick=False):
        return digest.send_digests()


def test_ten_messages_within_the_hour_make_one_e_mail(pair):
    for minute in range(0, 50, 5):
        write(pair, START + datetime.timedelta(minutes=minute))
    sent = 0
    for minute in range(0, 70, 5):  # beat's runs, every five minutes
        sent += run(START + datetime.timedelta(minutes=minute))
    assert sent == 1
    (notification,) = digests(pair.mentor.user)
    assert notification.email == pair.mentor.user.email
    assert not notification.in_app
    assert notification.title.startswith("Vous avez 3 nouveaux messages de Samir")
    assert "CV corrigé" not in notification.body_text + notification.body_html
    assert reverse("mentoring:mentorship", args=[pair.pk]) in notification.url
    assert digests(pair.candidate.user) == []


def test_nothing_is_sent_before_the_delay(pair):
    write(pair, START)
    assert run(START + rules.MESSAGE_DIGEST_DELAY - datetime.timedelta(minutes=1)) == 0
    assert run(START + rules.MESSAGE_DIGEST_DELAY) == 1


def test_messages_read_before_the_delay_send_nothing(pair):
    write(pair, START)
    write(pair, START + datetime.timedelta(minutes=2))
    Mentorship.objects.filter(pk=pair.pk).update(
        mentor_read_at=START + datetime.timedelta(minutes=5)
    )
    for minute in range(0, 120, 5):
        assert run(START + datetime.timedelta(minutes=minute)) == 0
    assert digests() == []


def test_a_new_message_after_the_hour_makes_a_second_e_mail(pair):
    write(pair, START)
    assert run(START + datetime.timedelta(minutes=10)) == 1
    write(pair, START + datetime.timedelta(minutes=30))
    assert run(START + datetime.timedelta(minutes=60)) == 0  # within the hour of the first
    assert run(START + datetime.timedelta(minutes=75)) == 1
    assert run(START + datetime.timedelta(minutes=200)) == 0  # nothing new since
    first, second = sorted(digests(pair.mentor.user), key=lambda n: n.created_at)
    assert first.title.startswith("Vous avez 1 nouveau message de Samir")
    assert second.title.startswith("Vous avez 2 nouveaux messages")


def test_a_message_after_the_hour_waits_the_delay_itself(pair):
    write(pair, START)
    assert run(START + datetime.timedelta(minutes=10)) == 1
    write(pair, START + datetime.timedelta(minutes=80))
    assert run(START + datetime.timedelta(minutes=85)) == 0
    assert run(START + datetime.timedelta(minutes=90)) == 1


def test_each_party_hears_of_the_others_messages(pair):
    write(pair, START)
    write(pair, START, author=pair.mentor.user)
    assert run(START + datetime.timedelta(minutes=15)) == 2
    assert len(digests(pair.mentor.user)) == len(digests(pair.candidate.user)) == 1
    (to_candidate,) = digests(pair.candidate.user)
    assert "d'Émile" in to_candidate.title


def test_an_erased_accounts_messages_count_too(pair):
    write(pair, START, author=None)
    factories.MessageFactory(mentorship=pair, author=None, created_at=START)
    assert run(START + datetime.timedelta(minutes=15)) == 2  # both parties get one


def test_the_preference_turned_off_sends_nothing(pair):
    user = pair.mentor.user
    user.muted_email_kinds = [digest.KIND]
    user.save(update_fields=["muted_email_kinds"])
    write(pair, START)
    assert run(START + datetime.timedelta(minutes=15)) == 0
    assert digests() == []


def test_the_preference_is_offered_on_the_preferences_page(login, pair):
    html = login(pair.mentor.user).get(reverse("email_preferences")).content.decode()
    assert "Nouveaux messages dans la conversation de votre parrainage" in html


def test_an_ended_mentorship_sends_nothing(pair):
    write(pair, START)
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.COMPLETED, ended_at=START + datetime.timedelta(minutes=1)
    )
    assert run(START + datetime.timedelta(minutes=15)) == 0


def test_run_twice_sends_once_and_the_task_sends_the_e_mail(
    pair, django_capture_on_commit_callbacks
):
    write(pair, START)
    at = START + datetime.timedelta(minutes=15)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_message_digests.apply().get() == 1
        assert send_message_digests.apply().get() == 0
        assert digest.send_digest(digest.Due(pair.pk, "mentor"), at) is False
    assert len(digests()) == 1
    assert [m.to for m in mail.outbox] == [[pair.mentor.user.email]]


def test_beat_runs_the_digest_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["mentoring-message-digests"]
    assert entry["task"] == "mentoring.tasks.send_message_digests"
    assert entry["schedule"] == 300.0


def test_finding_the_conversations_is_one_query_per_party(pair, django_assert_num_queries):
    for n in range(5):
        other = factories.MentorshipFactory()
        for minute in range(n + 1):
            write(other, START + datetime.timedelta(minutes=minute))
    write(pair, START)
    with django_assert_num_queries(2):
        due = digest.conversations_due(START + datetime.timedelta(minutes=30))
    assert len(due) == 6
