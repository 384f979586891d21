"""Staff read the pair's goal progress on the mentorship's admin page (not their titles)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Goal
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_admin_page_shows_the_goal_progress(login, staff):
    pair = factories.MentorshipFactory()
    change = reverse("admin:mentoring_mentorship_change", args=[pair.pk])
    client = login(staff)
    assert "Aucun objectif fixé" in client.get(change).content.decode()
    Goal.objects.create(mentorship=pair, title="Secret du binôme")
    assert "Aucun objectif atteint sur 1" in client.get(change).content.decode()
    Goal.objects.create(mentorship=pair, title="Autre", done_at=timezone.now())
    html = client.get(change).content.decode()
    assert "1 objectif atteint sur 2" in html
    assert "Secret du binôme" not in html
