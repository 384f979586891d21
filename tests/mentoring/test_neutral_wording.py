"""A marraine is not told "Mon espace parrain": mentor pages use a neutral wording; the
mentee's check-in speaks natural French."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    "url",
    [reverse("mentoring:mentor_space"), reverse("mentoring:mentor_charter"), reverse("my_space")],
)
def test_a_marraine_reads_a_neutral_mentor_wording(login, url):
    marraine = factories.MentorFactory(user__first_name="Inès", job_title="Directrice financière")
    content = page_text(login(marraine.user), url)
    assert "espace parrain<" not in content
    assert "espace parrain " not in content
    assert "charte du parrain " not in content
    assert "charte du parrain<" not in content


def test_the_mentor_space_and_charter_titles(login, mentor):
    client = login(mentor.user)
    assert "Mon espace parrainage" in page_text(client, reverse("mentoring:mentor_space"))
    assert "La charte du parrainage" in page_text(client, reverse("mentoring:mentor_charter"))


def test_the_check_in_asks_for_help_in_natural_french(login):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=40))
    url = reverse("mentoring:check_in", args=[pair.pk, "month_1"])
    content = page_text(login(pair.candidate.user), url)
    assert "Nous aimerions l'aide de l'équipe régionale" in content
    assert "besoin de l'aide" not in content
