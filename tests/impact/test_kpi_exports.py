"""Staff exports: French headers, formulas neutralised (CSV and XLSX), only the staff member's
regions, sensitive columns only when asked for, and that export logged."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from candidates.models import SensitiveAccess
from impact import exports
from mentoring.models import Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
CANDIDATES = reverse("impact:export_candidates")
MENTORSHIPS = reverse("impact:export_mentorships")
OUTCOMES = reverse("impact:export_outcomes")

# What a spreadsheet would run, and what it must show instead.
DANGEROUS = {
    "last_name": '=HYPERLINK("https://evil.example","clic")',
    "first_name": "+SUM(1;2)",
    "city": "@SUM(A1)",
    "school": "-2+3",
    "diploma_title": "\t=1+1",
    "target_job": "\r=1+1",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    return exports.read_rows(chunk.decode() for chunk in response.streaming_content)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def dangerous_candidate():
    candidate = factories.CandidateFactory(
        user__last_name=DANGEROUS["last_name"],
        user__first_name=DANGEROUS["first_name"],
        city=DANGEROUS["city"],
        school=DANGEROUS["school"],
        diploma_title=DANGEROUS["diploma_title"],
        target_job=DANGEROUS["target_job"],
    )
    return candidate


def test_neutralise_escapes_every_formula_start():
    for text in DANGEROUS.values():
        assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("Dupont") == "Dupont"
    assert exports.neutralise("a\x00b\x07") == "ab"  # a workbook cannot hold these


def test_csv_export_neutralises_formulas(login, staff):
    dangerous_candidate()
    rows = csv_rows(login(staff).get(CANDIDATES, {"donnees": "sensibles"}))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["Nom"] == "'" + DANGEROUS["last_name"]
    assert cells["Prénom"] == "'" + DANGEROUS["first_name"]
    assert cells["Ville"] == "'" + DANGEROUS["city"]
    assert cells["École ou université"] == "'" + DANGEROUS["school"]
    assert cells["Diplôme"] == "'" + DANGEROUS["diploma_title"]
    assert cells["Métier visé"] == "'" + DANGEROUS["target_job"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_xlsx_export_neutralises_formulas_and_keeps_dates_as_dates(login, staff):
    dangerous_candidate()
    response = login(staff).get(CANDIDATES, {"donnees": "sensibles", "format": "xlsx"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = xlsx_rows(response)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["Nom"] == "'" + DANGEROUS["last_name"]
    assert cells["Prénom"] == "'" + DANGEROUS["first_name"]
    assert cells["Ville"] == "'" + DANGEROUS["city"]
    assert cells["École ou université"] == "'" + DANGEROUS["school"]
    assert isinstance(cells["Date de naissance"], datetime.datetime)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_outcomes_export_neutralises_free_text_of_the_outcome(login, staff):
    outcome = factories.OutcomeFactory(
        employer="=cmd|' /C calc'!A0", job_title="@analyste", through_network=True
    )
    client = login(staff)
    for rows in (
        csv_rows(client.get(OUTCOMES)),
        xlsx_rows(client.get(OUTCOMES, {"format": "xlsx"})),
    ):
        cells = dict(zip(rows[0], rows[1], strict=True))
        assert cells["Parrainage"] in (outcome.mentorship_id, str(outcome.mentorship_id))
        assert cells["Employeur"] == "'=cmd|' /C calc'!A0"
        assert cells["Intitulé du poste"] == "'@analyste"
        assert cells["Emploi pérenne au niveau du diplôme"] == "oui"
        assert cells["Contrat"] == "Contrat à durée indéterminée (CDI)"


def test_exports_contain_only_the_staff_members_regions(login, staff, national_admin):
    mine = factories.CandidateFactory(user__last_name="Strasbourgeois")
    factories.CandidateFactory(user__last_name="Parisienne", department=factories.department("75"))
    factories.MentorshipFactory(candidate=mine)
    factories.MentorshipFactory(candidate__department=factories.department("75"))
    rows = csv_rows(login(staff).get(CANDIDATES))
    names = [row[1] for row in rows[1:]]
    assert "Strasbourgeois" in names
    assert "Parisienne" not in names
    assert len(csv_rows(login(staff).get(MENTORSHIPS))) == 2  # header + the Grand Est one
    admin_rows = csv_rows(login(national_admin).get(CANDIDATES, {"region": "ile-de-france"}))
    admin_names = [row[1] for row in admin_rows[1:]]
    assert "Parisienne" in admin_names
    assert "Strasbourgeois" not in admin_names


def test_a_region_outside_the_scope_is_404_and_a_wrong_year_400(login, staff):
    client = login(staff)
    for url in (CANDIDATES, MENTORSHIPS, OUTCOMES):
        assert client.get(url, {"region": "ile-de-france"}).status_code == 404
        assert client.get(url, {"annee": "1900"}).status_code == 400


def test_the_candidates_columns_are_listed_and_sensitive_ones_only_on_request(login, staff):
    factories.CandidateFactory()
    client = login(staff)
    plain = csv_rows(client.get(CANDIDATES))[0]
    sensitive = csv_rows(client.get(CANDIDATES, {"donnees": "sensibles"}))[0]
    assert plain == [str(c.header) for c in exports.candidate_columns(sensitive=False)]
    assert sensitive == [str(c.header) for c in exports.candidate_columns(sensitive=True)]
    for header in ("Date de naissance", "Téléphone", "Code postal", "Ville", "QPV", "RSA"):
        assert header not in plain
        assert header in sensitive
    assert plain[:4] == ["Identifiant", "Nom", "Prénom", "E-mail"]


def test_the_sensitive_export_is_logged_for_each_candidate(login, staff):
    exported = factories.CandidateFactory.create_batch(3)
    factories.CandidateFactory(department=factories.department("75"))
    client = login(staff)
    csv_rows(client.get(CANDIDATES))
    assert not SensitiveAccess.objects.exists()
    csv_rows(client.get(CANDIDATES, {"donnees": "sensibles"}))
    logged = SensitiveAccess.objects.filter(staff=staff, what=SensitiveAccess.What.EXPORT)
    assert sorted(logged.values_list("candidate", flat=True)) == sorted(c.pk for c in exported)
    assert logged.first().detail == "export candidats-donnees-sensibles-grand-est-toutes-annees"


def test_mentorships_export_counts_meetings_hours_and_introductions(login, staff):
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED,
        started_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
        ended_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
    )
    factories.MeetingFactory(mentorship=mentorship, duration_minutes=60)
    factories.MeetingFactory(mentorship=mentorship, duration_minutes=30)
    factories.IntroductionFactory(mentorship=mentorship)
    factories.OutcomeFactory(mentorship=mentorship, contract_type=Outcome.ContractType.CDD_LONG)
    factories.MentorshipFactory(status=Mentorship.Status.DRAFT, started_at=None)
    response = login(staff).get(MENTORSHIPS, {"annee": 2025})
    assert (
        'filename="parrainages-grand-est-2025-extrait-2026-06-15.csv"'
        in response["Content-Disposition"]
    )
    rows = csv_rows(response)
    assert len(rows) == 2  # the draft is not a mentorship yet
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["Rencontres"] == "2"
    assert cells["Heures de parrainage"] == "1.5"
    assert cells["Mises en relation"] == "1"
    assert cells["Statut"] == "Terminé"
    assert cells["Commencé le"] == "2025-03-01 01:00"


def test_a_year_keeps_the_cohort_and_no_year_exports_everything(login, staff):
    factories.CandidateFactory(created_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))
    factories.CandidateFactory(created_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    client = login(staff)
    assert len(csv_rows(client.get(CANDIDATES, {"annee": 2025}))) == 2
    assert len(csv_rows(client.get(CANDIDATES))) == 3


@pytest.mark.parametrize("url", [CANDIDATES, MENTORSHIPS, OUTCOMES])
def test_export_query_count_does_not_grow_with_rows(
    login, staff, url, django_assert_max_num_queries
):
    for _ in range(30):
        factories.OutcomeFactory(mentorship__status=Mentorship.Status.COMPLETED)
    client = login(staff)
    with django_assert_max_num_queries(12):
        csv_rows(client.get(url))
