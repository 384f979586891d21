"""The pair's workspace at national scale: 60 000 mentorships and 3 million messages.

Measured against the trivial view of the same run: the mentorship page with a 500-message
conversation next to the same page of a pair that never wrote (today's page, about 100× the
trivial view); the header's unread count alone (target: at most 5× the trivial view); the
digest's and the 30-day nudge's searches. Query counts must not depend on the messages.
Messages are written by set-based SQL (``INSERT … SELECT generate_series``), with progress.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentoring import rules
from mentoring.followup import reminders
from mentoring.models import Mentorship, Message
from mentoring.workspace import digest, unread
from tests.bench import national
from tests.bench.conftest import measure, measure_page, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

MESSAGES = 3_000_000
CONVERSATION = 500
CHUNK = 5_000  # mentorships per INSERT, for the progress lines


def _insert_messages(progress=print) -> int:
    """About ``MESSAGES`` messages over the started mentorships, alternating the two
    parties, spread from each start, in chunks of mentorships (one statement each)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), min(id), max(id) FROM mentoring_mentorship "
            "WHERE started_at IS NOT NULL"
        )
        count, low, high = cursor.fetchone()
        per_pair = -(-MESSAGES // count)
        written = 0
        for first in range(low, high + 1, CHUNK):
            cursor.execute(
                """
                INSERT INTO mentoring_message
                    (mentorship_id, author_id, body, attachment, attachment_name, created_at,
                     reported_at, reported_by_id, report_reason)
                SELECT m.id,
                       CASE WHEN g %% 2 = 0 THEN c.user_id ELSE t.user_id END,
                       'Message de démonstration n° ' || g, '', '',
                       LEAST(now() - interval '1 day',
                             m.started_at + g * interval '7 hours'),
                       NULL, NULL, ''
                FROM mentoring_mentorship m
                JOIN candidates_candidate c ON c.id = m.candidate_id
                JOIN mentoring_mentor t ON t.id = m.mentor_id
                CROSS JOIN generate_series(1, %s) AS g
                WHERE m.started_at IS NOT NULL AND m.id >= %s AND m.id < %s
                """,
                [per_pair, first, first + CHUNK],
            )
            written += cursor.rowcount
            progress(f"  messages: {written:>9,} ({time.perf_counter() - started:5.1f} s)")
    return written


@pytest.fixture(scope="module")
def messages_at_scale(national_data, django_db_blocker):
    with django_db_blocker.unblock():
        if Message.objects.count() < MESSAGES:
            print("\nWriting 3 million messages (INSERT … SELECT generate_series)…")
            _insert_messages()
            national.vacuum()
        return Message.objects.count()


@pytest.fixture(scope="module")
def pairs(messages_at_scale, django_db_blocker):
    """Two active pairs: one that never wrote (today's page), one with a 500-message
    conversation, half of it unread by the mentor."""
    with django_db_blocker.unblock():
        active = Mentorship.objects.filter(status="active").select_related(
            "candidate__user", "mentor__user"
        )
        silent, talking = active.order_by("-pk")[:2]
        Message.objects.filter(mentorship__in=[silent, talking]).delete()
        now = timezone.now()
        Message.objects.bulk_create(
            Message(
                mentorship=talking,
                author=talking.candidate.user if i % 2 else talking.mentor.user,
                body=f"Message {i}",
                created_at=now - datetime.timedelta(minutes=CONVERSATION - i),
            )
            for i in range(CONVERSATION)
        )
        Mentorship.objects.filter(pk=talking.pk).update(
            mentor_read_at=now - datetime.timedelta(minutes=CONVERSATION // 2)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE mentoring_message")
        return silent, talking


def test_mentorship_page_with_a_long_conversation(pairs, trivial_view, django_db_blocker):
    silent, talking = pairs
    with django_db_blocker.unblock():
        figures = {}
        for label, pair in (("no message", silent), (f"{CONVERSATION} messages", talking)):
            url = reverse("mentoring:mentorship", args=[pair.pk])
            figures[label] = measure_page(url, user=pair.mentor.user, repeat=30)
            report(f"mentorship page (mentor), {label}", figures[label], baseline=trivial_view)
    assert figures["no message"]["queries"] == figures[f"{CONVERSATION} messages"]["queries"]


def test_header_unread_count(pairs, trivial_view, django_db_blocker):
    _silent, talking = pairs
    with django_db_blocker.unblock():
        user = type(talking.mentor.user).objects.get(pk=talking.mentor.user_id)
        # The page's benchmark read the conversation: the last half is unread again, half of
        # it written by the candidate.
        Mentorship.objects.filter(pk=talking.pk).update(
            mentor_read_at=timezone.now() - datetime.timedelta(minutes=CONVERSATION // 2)
        )
        assert unread.header_unread(user).count == CONVERSATION // 4
        figures = measure(lambda: unread.header_unread(user), repeat=200)
    report("header: unread count (mentor, 125 unread of 500)", figures, baseline=trivial_view)
    assert figures["queries"] == 1


def test_digest_and_nudge_searches(pairs, trivial_view, django_db_blocker):
    with django_db_blocker.unblock():
        now = timezone.now() + rules.MESSAGE_DIGEST_DELAY
        figures = measure(lambda: digest.conversations_due(now), repeat=10, warmup=1)
        report("digest: conversations due (3 M messages)", figures, baseline=trivial_view)
        assert figures["queries"] == 2
        figures = measure(lambda: len(reminders._nudge_due(timezone.now())), repeat=5, warmup=1)
        report("30-day nudge: pairs due (3 M messages)", figures, baseline=trivial_view)
        assert figures["queries"] == 1
