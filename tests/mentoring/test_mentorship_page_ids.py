"""The mentorship page holds several forms (a meeting, an introduction, the next meeting): every
element id on it is unique, so each label names its own field, for either party."""

from __future__ import annotations

import datetime
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])


@pytest.fixture
def busy_pair():
    """An active mentorship with meetings, an introduction and an action-plan step done."""
    mentorship = factories.MentorshipFactory(
        started_at=timezone.now() - datetime.timedelta(days=100)
    )
    factories.MeetingFactory.create_batch(2, mentorship=mentorship, notes="Préparer le CV")
    factories.IntroductionFactory(mentorship=mentorship)
    return mentorship


@pytest.mark.parametrize("party", ["candidate", "mentor"])
def test_every_id_on_the_mentorship_page_is_unique(login, busy_pair, party):
    user = getattr(busy_pair, party).user
    response = login(user).get(reverse("mentoring:mentorship", args=[busy_pair.pk]))
    assert response.status_code == 200
    collector = IdCollector()
    collector.feed(response.content.decode())
    duplicates = [id_ for id_, count in Counter(collector.ids).items() if count > 1]
    assert duplicates == []
    # The page does show its forms, and every label points at an element that exists.
    assert "meeting-date" in collector.ids
    if party == "mentor":
        assert "introduction-date" in collector.ids
    assert set(collector.label_targets) <= set(collector.ids)
