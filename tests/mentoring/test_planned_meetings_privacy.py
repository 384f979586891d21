"""Planned meetings and calendar feeds in the privacy registry: the export lists the meetings
and that a feed exists (never its token); erasure withdraws what was to come, blanks the texts
and deletes the feed, whose URL then answers 404."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CalendarFeed, PlannedMeeting
from mentoring.workspace import planning
from nqt.core import privacy
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_export_lists_planned_meetings_and_the_feed_without_its_token():
    pair = factories.MentorshipFactory()
    factories.PlannedMeetingFactory(mentorship=pair, note="Apportez votre CV")
    feed = planning.calendar_feed_renew(user=pair.candidate.user)
    exported = privacy.export_user_data(pair.candidate.user)["planned_meetings"]
    (meeting,) = exported["planned_meetings"]
    assert meeting["note"] == "Apportez votre CV"
    assert meeting["proposed_by"] == "mentor"
    assert exported["calendar_feed"]["created_at"]
    assert feed.token not in json.dumps(privacy.export_user_data(pair.candidate.user))


def test_erasure_withdraws_what_is_to_come_blanks_the_texts_and_deletes_the_feed(client):
    pair = factories.MentorshipFactory()
    name = pair.candidate.user.last_name
    upcoming = factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", place=f"Chez {name}", note=f"Appeler {name}"
    )
    past = factories.PlannedMeetingFactory(
        mentorship=pair,
        status="accepted",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place=f"Chez {name}",
    )
    feed = planning.calendar_feed_renew(user=pair.candidate.user)
    privacy.erase_user(pair.candidate.user)
    upcoming.refresh_from_db()
    past.refresh_from_db()
    assert upcoming.status == PlannedMeeting.Status.CANCELLED
    assert past.status == PlannedMeeting.Status.ACCEPTED  # what happened stays, anonymously
    for row in PlannedMeeting.objects.all():
        assert name not in f"{row.place} {row.note} {row.video_url}"
    assert not CalendarFeed.objects.exists()
    assert client.get(reverse("mentoring:calendar_feed", args=[feed.token])).status_code == 404
