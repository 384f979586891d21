"""Staff read words in the admin, never stored codes: meeting topics by their labels, the
matching score as a list of criteria with their points."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.admin.sites import site
from django.forms import CheckboxSelectMultiple
from django.test import RequestFactory
from django.urls import reverse

from candidates.models import StatusChange
from mentoring.models import Meeting
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    """The page's text, tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_mentorship_page_shows_meeting_topics_by_their_labels(login, staff):
    pair = factories.MentorshipFactory()
    factories.MeetingFactory(mentorship=pair, topics=[Meeting.Topic.OTHER, Meeting.Topic.NETWORK])
    content = login(staff).get(reverse("admin:mentoring_mentorship_change", args=[pair.pk]))
    text = text_of(content.content.decode())
    assert "Réseau" in text
    assert "Autre" in text
    assert '"network"' not in content.content.decode()
    assert "&quot;network&quot;" not in content.content.decode()


def test_the_meeting_list_and_page_show_topics_by_their_labels(login, national_admin):
    meeting = factories.MeetingFactory(topics=[Meeting.Topic.INTERVIEW, Meeting.Topic.PROJECT])
    client = login(national_admin)
    for url in (
        reverse("admin:mentoring_meeting_changelist"),
        reverse("admin:mentoring_meeting_change", args=[meeting.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Préparation aux entretiens, Projet professionnel" in text_of(html)
        assert "&quot;interview&quot;" not in html


def test_a_meeting_form_offers_the_topics_as_labelled_checkboxes(national_admin):
    request = RequestFactory().get("/")
    request.user = national_admin
    form_class = site._registry[Meeting].get_form(request)
    field = form_class.base_fields["topics"]
    assert isinstance(field.widget, CheckboxSelectMultiple)
    assert (Meeting.Topic.NETWORK.value, Meeting.Topic.NETWORK.label) in list(field.choices)
    form = form_class(data={"topics": ["network", "other"]})
    form.is_valid()
    assert form.cleaned_data["topics"] == ["network", "other"]


def test_the_score_details_read_as_criteria_with_their_points(login, staff):
    pair = factories.MentorshipFactory(
        score=72,
        score_details={
            "values": {"sector": 1.0, "geography": 0.6, "load": 0.5},
            "points": {"sector": 40.0, "geography": 24.5, "load": 7.5},
        },
    )
    html = login(staff).get(reverse("admin:mentoring_mentorship_change", args=[pair.pk]))
    html = html.content.decode()
    text = text_of(html)
    assert "Secteur 40" in text
    assert "Géographie 24,5" in text
    assert "Disponibilité 7,5" in text
    assert "Total 72 / 100" in text
    assert "&quot;points&quot;" not in html
    assert '"points"' not in html


def test_no_topics_and_no_score_show_the_empty_value(login, staff):
    pair = factories.MentorshipFactory(score=None, score_details={})
    factories.MeetingFactory(mentorship=pair, topics=[])
    html = login(staff).get(reverse("admin:mentoring_mentorship_change", args=[pair.pk]))
    html = re.sub(r"\s+", " ", html.content.decode())
    assert '<td class="field-topics_labels"> <p>—</p> </td>' in html
    assert re.search(r'field-score_breakdown">.*?<div class="readonly">—</div>', html)


def test_rows_named_in_the_admin_read_labels_and_local_dates():
    mentorship = factories.MentorshipFactory()
    meeting = factories.MeetingFactory(mentorship=mentorship, date=datetime.date(2026, 7, 1))
    change = StatusChange.objects.create(
        candidate=mentorship.candidate, from_status="submitted", to_status="eligible"
    )
    assert str(meeting).endswith("– 01/07/2026")
    assert str(change).endswith("– Déposé → Éligible")
