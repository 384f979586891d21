"""The dashboard and the funder report count sent files with the same definitions: the funnel
follows the candidates who registered in the year (of whom some sent their file), the year's
files count every file first sent during the year, whatever the year of registration. Both
pages show both figures under the same labels, so 261 and 264 never meet unexplained."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from candidates.models import Candidate
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def files():
    """Registered in 2025 and sent in 2025 (2), registered in 2025 and sent in 2026, registered
    in 2025 and not sent, registered in 2024 and sent in 2025 (2)."""
    for created, submitted in (
        (at(2025, 3, 1), at(2025, 3, 5)),
        (at(2025, 4, 1), at(2025, 4, 2)),
        (at(2025, 12, 20), at(2026, 1, 5)),
        (at(2024, 12, 20), at(2025, 1, 5)),
        (at(2024, 11, 2), at(2025, 2, 1)),
    ):
        factories.CandidateFactory(created_at=created, submitted_at=submitted)
    factories.CandidateFactory(
        created_at=at(2025, 5, 1), submitted_at=None, status=Candidate.Status.DRAFT
    )


def page(client, name: str) -> str:
    response = client.get(reverse(name), {"annee": 2025})
    assert response.status_code == 200
    return unescape(response.content.decode())


def dashboard_figures(html: str) -> dict[str, int]:
    data = r'<script id="chart-funnel-data" type="application/json">(.*?)</script>'
    funnel = json.loads(re.search(data, html, re.S).group(1))
    stages = dict(zip(funnel["labels"], funnel["values"], strict=True))
    title = re.search(r'<h3 id="chart-social-title" class="h6">(.*?)</h3>', html, re.S).group(1)
    return {
        "registered": stages["Inscrit·es"],
        "of_whom_sent": stages["Candidature envoyée"],
        "title": " ".join(title.split()),
    }


def report_figure(html: str, key: str) -> tuple[str, int]:
    match = re.search(
        rf'<tr data-figure="{key}"><th scope="row"[^>]*>(.*?)</th><td[^>]*>(\d+)</td>', html, re.S
    )
    assert match, key
    return " ".join(match.group(1).split()), int(match.group(2))


def test_both_pages_give_the_cohort_and_the_years_files_under_the_same_labels(login, staff, files):
    client = login(staff)
    dashboard = dashboard_figures(page(client, "impact:kpi_dashboard"))
    report = page(client, "impact:funder_report")

    assert dashboard["registered"] == 4
    assert dashboard["of_whom_sent"] == 3  # the file sent in January 2026 counts for its cohort
    assert report_figure(report, "registered") == ("Jeunes diplômé·es inscrit·es en 2025", 4)
    assert report_figure(report, "registered_sent") == ("dont ont envoyé leur dossier", 3)

    # Files first sent in 2025, whatever the year of registration: two of them from 2024.
    assert report_figure(report, "files_sent") == (
        "Dossiers envoyés en 2025 (quelle que soit l'année d'inscription)",
        4,
    )
    assert dashboard["title"] == (
        "Critères sociaux des 4 dossiers envoyés en 2025 (quelle que soit l'année d'inscription)"
    )
