"""Numbers in the dashboard's and funder report's sentences agree with their noun ("1 parrainage
terminé", "1 entreprise partenaire") and a zero is said in words, never "les 0 encore en cours"."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 12, 0, tzinfo=datetime.UTC)


def completed(**kwargs) -> Mentorship:
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED, started_at=at(1, 5), ended_at=at(5, 5), **kwargs
    )
    factories.OutcomeFactory(mentorship=mentorship, contract_type=Outcome.ContractType.CDI)
    return mentorship


def page(client, name: str) -> str:
    response = client.get(reverse(name), {"annee": 2026})
    assert response.status_code == 200
    return " ".join(unescape(response.content.decode()).split())


def test_one_of_each_reads_in_the_singular(login, staff, mentor):
    completed(mentor=mentor)
    factories.MentorshipFactory(mentor=mentor, started_at=at(3, 1))
    content = page(login(staff), "impact:kpi_dashboard")
    assert "sur 1 parrainage de l'année terminé." in content
    assert "1 parrainage encore en cours n'est pas compté." in content
    assert "1 entreprise partenaire, actuelle ou passée" in content
    assert "Critères sociaux des 2 dossiers envoyés en 2026" in content
    assert "1 entreprises" not in content
    assert "1 parrainages" not in content


def test_no_mentorship_in_progress_is_not_mentioned(login, staff):
    completed()
    content = page(login(staff), "impact:kpi_dashboard")
    assert "encore en cours" not in content
    assert "les 0" not in content


def test_a_year_with_nothing_ended_says_so_in_words(login, staff):
    factories.MentorshipFactory(started_at=at(3, 1))
    dashboard = page(login(staff), "impact:kpi_dashboard")
    assert "Aucun parrainage de l'année n'est encore terminé." in dashboard
    assert "n'est pas compté" not in dashboard
    report = page(login(staff), "impact:funder_report")
    assert "En 2026, 1 parrainage a commencé ; aucun n'est encore terminé." in report
    assert "(0)" not in report.split("Volumes")[0]
    assert " % ont débouché" not in report
