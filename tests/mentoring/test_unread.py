"""Unread messages (mentoring.workspace.unread): the rule, the header's count and its link, and
"Mon espace" per mentorship; one query whatever the number of mentorships and messages."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Goal, Mentorship
from mentoring.workspace import unread
from tests import factories

pytestmark = pytest.mark.django_db


def ago(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


@pytest.fixture
def pair():
    return factories.MentorshipFactory(candidate__user__first_name="Samir")


def write(mentorship, author, minutes_ago: int, n: int = 1):
    return [
        factories.MessageFactory(mentorship=mentorship, author=author, created_at=ago(minutes_ago))
        for _ in range(n)
    ]


def test_unread_are_the_other_partys_messages_after_the_last_read(pair):
    candidate, mentor = pair.candidate.user, pair.mentor.user
    write(pair, candidate, 60, n=2)
    write(pair, mentor, 50)
    write(pair, None, 40)  # an erased account's message counts for both
    assert unread.unread_by_mentorship(mentor) == {pair.pk: 3}
    assert unread.unread_by_mentorship(candidate) == {pair.pk: 2}
    Mentorship.objects.filter(pk=pair.pk).update(mentor_read_at=ago(45))
    assert unread.unread_by_mentorship(mentor) == {pair.pk: 1}
    Mentorship.objects.filter(pk=pair.pk).update(mentor_read_at=timezone.now())
    assert unread.unread_by_mentorship(mentor) == {}


def test_only_the_persons_own_mentorships_count(pair):
    other = factories.MentorshipFactory()
    write(other, other.candidate.user, 10, n=3)
    write(pair, pair.candidate.user, 10)
    assert unread.unread_by_mentorship(pair.mentor.user) == {pair.pk: 1}
    assert unread.unread_by_mentorship(factories.UserFactory()) == {}


def test_the_header_says_how_many_and_links_to_the_conversation(login, pair):
    write(pair, pair.candidate.user, 10, n=3)
    html = login(pair.mentor.user).get(reverse("my_space")).content.decode()
    assert "3 messages non lus" in html
    assert f'href="{reverse("mentoring:mentorship", args=[pair.pk])}"' in html


def test_with_several_conversations_the_header_links_to_my_space(login, pair):
    second = factories.MentorshipFactory(mentor=pair.mentor)
    write(pair, pair.candidate.user, 10)
    write(second, second.candidate.user, 10)
    header = unread.header_unread(pair.mentor.user)
    assert (header.count, header.url) == (2, reverse("my_space"))
    html = login(pair.mentor.user).get(reverse("notifications")).content.decode()
    assert "2 messages non lus" in html


def test_nothing_shows_without_unread_messages(login, pair):
    write(pair, pair.mentor.user, 10)
    html = login(pair.mentor.user).get(reverse("my_space")).content.decode()
    assert "non lu" not in html


def test_my_space_shows_each_mentorships_unread_messages_and_overdue_goals(login, pair):
    second = factories.MentorshipFactory(mentor=pair.mentor)
    write(second, second.candidate.user, 10, n=2)
    Goal.objects.create(
        mentorship=pair, title="Relancer", due_on=timezone.localdate() - datetime.timedelta(1)
    )
    html = login(pair.mentor.user).get(reverse("my_space")).content.decode()
    assert "2 messages non lus" in html
    assert "1 objectif en retard" in html
    html = login(pair.candidate.user).get(reverse("my_space")).content.decode()
    assert "1 objectif en retard" in html
    assert "non lu" not in html


def message_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "mentoring_message" in q["sql"]]


@pytest.mark.parametrize("mentorships", [1, 6])
def test_the_header_runs_one_query_whatever_the_data(login, pair, mentorships):
    for _ in range(mentorships - 1):
        extra = factories.MentorshipFactory(mentor=pair.mentor)
        write(extra, extra.candidate.user, 10, n=5)
    write(pair, pair.candidate.user, 10, n=20)
    client = login(pair.mentor.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert len(message_queries(captured)) == 1


def test_my_space_query_count_is_flat(login, pair, django_assert_max_num_queries):
    client = login(pair.mentor.user)
    write(pair, pair.candidate.user, 10)
    client.get(reverse("my_space"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my_space"))
    for _ in range(4):
        extra = factories.MentorshipFactory(mentor=pair.mentor)
        write(extra, extra.candidate.user, 10, n=5)
        Goal.objects.create(
            mentorship=extra, title="Vieux", due_on=timezone.localdate(extra.started_at)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("my_space"))
    assert response.content.decode().count("objectif en retard") == 4


def test_pages_that_do_not_show_the_header_do_not_count(login, pair, staff):
    write(pair, pair.candidate.user, 10)
    client = login(staff)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("admin:index"))
    assert message_queries(captured) == []
