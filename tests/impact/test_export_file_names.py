"""Each export downloads under a name that says what it holds: the sensitive candidates export
is never confused with the ordinary one, and every file carries the day it was made."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
CANDIDATES = reverse("impact:export_candidates")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def file_name(response) -> str:
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    return disposition.removeprefix('attachment; filename="').removesuffix('"')


def test_sensitive_and_ordinary_candidate_exports_have_distinct_names(login, staff):
    factories.CandidateFactory()
    client = login(staff)
    ordinary = file_name(client.get(CANDIDATES, {"annee": 2026}))
    sensitive = file_name(client.get(CANDIDATES, {"annee": 2026, "donnees": "sensibles"}))
    assert ordinary == "candidats-grand-est-2026-extrait-2026-06-15.csv"
    assert sensitive == "candidats-donnees-sensibles-grand-est-2026-extrait-2026-06-15.csv"


def test_xlsx_and_all_years_names(login, staff):
    client = login(staff)
    name = file_name(client.get(CANDIDATES, {"donnees": "sensibles", "format": "xlsx"}))
    assert name == "candidats-donnees-sensibles-grand-est-toutes-annees-extrait-2026-06-15.xlsx"
    mentorships = file_name(client.get(reverse("impact:export_mentorships"), {"annee": 2025}))
    assert mentorships == "parrainages-grand-est-2025-extrait-2026-06-15.csv"
