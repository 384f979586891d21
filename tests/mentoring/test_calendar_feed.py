"""Each person's private calendar feed: a secret URL (no login) listing the accepted meetings of
all their mentorships, 404 for a wrong or revoked token, and nothing beyond the two names and
the place or link (no social criteria, no e-mail address)."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CalendarFeed
from mentoring.workspace import planning
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor():
    return factories.MentorFactory(user__first_name="Émile", user__last_name="Olivier")


def feed_url(feed: CalendarFeed) -> str:
    return reverse("mentoring:calendar_feed", args=[feed.token])


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    assert parsed["METHOD"] == "PUBLISH"
    return parsed.walk("VEVENT")


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_the_feed_lists_the_accepted_meetings_of_all_ones_mentorships(client, mentor):
    first = factories.MentorshipFactory(
        mentor=mentor,
        candidate__user__first_name="Inès",
        candidate__user__last_name="Amrani",
        candidate__qpv=True,
    )
    second = factories.MentorshipFactory(mentor=mentor, candidate__user__last_name="Benali")
    accepted = factories.PlannedMeetingFactory(
        mentorship=first, status="accepted", starts_at=in_days(2), place="Café du Théâtre"
    )
    factories.PlannedMeetingFactory(
        mentorship=second, status="accepted", starts_at=in_days(10), mode="video",
        place="", video_url="https://visio.example.org/r/9",
    )  # fmt: skip
    factories.PlannedMeetingFactory(mentorship=first, status="accepted", starts_at=in_days(-5))
    # Not in the feed: a proposal, a declined one, a meeting too old, another mentor's.
    factories.PlannedMeetingFactory(mentorship=first, starts_at=in_days(4))
    factories.PlannedMeetingFactory(mentorship=first, status="declined", starts_at=in_days(5))
    factories.PlannedMeetingFactory(mentorship=first, status="accepted", starts_at=in_days(-60))
    factories.PlannedMeetingFactory(status="accepted", starts_at=in_days(3))
    feed = planning.calendar_feed_renew(user=mentor.user)

    found = events(client.get(feed_url(feed)))
    assert len(found) == 3
    summaries = [str(event["SUMMARY"]) for event in found]
    assert "Rencontre de parrainage — Inès Amrani" in summaries
    assert {str(event.get("LOCATION")) for event in found} >= {
        "Café du Théâtre",
        "https://visio.example.org/r/9",
    }
    assert found[1]["UID"] != found[0]["UID"]
    body = client.get(feed_url(feed)).content.decode()
    # No e-mail address, no social criterion.
    assert "mailto:" not in body
    assert mentor.user.email not in body
    assert first.candidate.user.email not in body
    for word in ("QPV", "Neuhof", "quartier prioritaire", "boursier", "RSA", "ZRR"):
        assert word.lower() not in body.lower()
    # The candidate's own feed has the same meeting, named after the mentor.
    candidate_feed = planning.calendar_feed_renew(user=first.candidate.user)
    mine = events(client.get(feed_url(candidate_feed)))
    assert accepted.uid.hex[:8] in str(mine[-1]["UID"]).replace("-", "")
    assert str(mine[-1]["SUMMARY"]) == "Rencontre de parrainage — Émile Olivier"


def test_a_wrong_or_revoked_token_answers_404(client, mentor):
    feed = planning.calendar_feed_renew(user=mentor.user)
    old = feed_url(feed)
    assert client.get(old).status_code == 200
    assert client.get(reverse("mentoring:calendar_feed", args=["x" * 43])).status_code == 404
    renewed = planning.calendar_feed_renew(user=mentor.user)
    assert renewed.token != feed.token
    assert client.get(old).status_code == 404
    assert client.get(feed_url(renewed)).status_code == 200
    planning.calendar_feed_delete(user=mentor.user)
    assert client.get(feed_url(renewed)).status_code == 404


def test_a_deactivated_account_has_no_feed(client, mentor):
    feed = planning.calendar_feed_renew(user=mentor.user)
    mentor.user.is_active = False
    mentor.user.save(update_fields=["is_active"])
    assert client.get(feed_url(feed)).status_code == 404


def test_a_person_manages_their_feed_from_the_mentorship_page(login):
    pair = factories.MentorshipFactory()
    client = login(pair.candidate.user)
    page = reverse("mentoring:mentorship", args=[pair.pk])
    assert "Créer l'adresse de mon agenda" in client.get(page).content.decode()
    response = client.post(reverse("mentoring:calendar_feed_renew"), {"next": page})
    assert response.url == page
    feed = CalendarFeed.objects.get(user=pair.candidate.user)
    assert feed_url(feed) in client.get(page).content.decode()
    assert len(feed.token) >= 43
    # A foreign "next" is not followed.
    response = client.post(
        reverse("mentoring:calendar_feed_delete"), {"next": "https://evil.example.com/"}
    )
    assert response.url == reverse("my_space")
    assert not CalendarFeed.objects.exists()


def test_the_feed_answers_in_a_flat_number_of_queries(
    client, mentor, django_assert_max_num_queries
):
    for _ in range(3):
        pair = factories.MentorshipFactory(mentor=mentor)
        for day in range(1, 6):
            factories.PlannedMeetingFactory(
                mentorship=pair, status="accepted", starts_at=in_days(day)
            )
    feed = planning.calendar_feed_renew(user=mentor.user)
    with django_assert_max_num_queries(3):
        assert len(events(client.get(feed_url(feed)))) == 15


def test_meetings_to_come_of_an_ended_mentorship_leave_the_feed(client, mentor):
    pair = factories.MentorshipFactory(mentor=mentor)
    factories.PlannedMeetingFactory(mentorship=pair, status="accepted", starts_at=in_days(3))
    factories.PlannedMeetingFactory(mentorship=pair, status="accepted", starts_at=in_days(-3))
    pair.status, pair.ended_at = "interrupted", timezone.now()
    pair.save(update_fields=["status", "ended_at"])
    feed = planning.calendar_feed_renew(user=mentor.user)
    (past,) = events(client.get(feed_url(feed)))
    assert past.start < timezone.now()
