"""A mentor's places left count the proposals waiting for their answer, as matching does
(``rules.PLACE_STATUSES``): the mentor's space, their "Mon espace" panel and the hard filters
of a new proposal agree."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from mentoring.models import Mentorship
from mentoring.services import proposals
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(unescape(response.content.decode()).split())


@pytest.fixture
def busy_mentor():
    """Capacity 2: one mentee, one proposal waiting for the answer."""
    mentor = factories.MentorFactory(capacity=2)
    factories.MentorshipFactory(mentor=mentor)
    factories.MentorshipFactory(
        mentor=mentor,
        status=Mentorship.Status.PROPOSED,
        candidate=factories.EligibleCandidateFactory(),
        answered_at=None,
        started_at=None,
    )
    return mentor


def test_a_waiting_proposal_takes_a_place_on_the_mentors_pages(login, busy_mentor):
    client = login(busy_mentor.user)
    assert "0 place disponible" in page(client, reverse("mentoring:mentor_space"))
    assert "0 place disponible" in page(client, reverse("my_space"))


def test_matching_sees_the_same_places(busy_mentor):
    reasons = proposals.why_not_proposable(
        candidate=factories.EligibleCandidateFactory(), mentor=busy_mentor
    )
    assert (
        "Le parrain ou la marraine n'a plus de place (les propositions en attente comptent)."
        in [str(reason) for reason in reasons]
    )


def test_a_place_left_is_shown_and_proposable(login, busy_mentor):
    busy_mentor.capacity = 3
    busy_mentor.save(update_fields=["capacity"])
    assert "1 place disponible" in page(login(busy_mentor.user), reverse("mentoring:mentor_space"))
    reasons = proposals.why_not_proposable(
        candidate=factories.EligibleCandidateFactory(), mentor=busy_mentor
    )
    assert not [reason for reason in reasons if "place" in str(reason)]
