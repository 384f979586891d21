"""``manage.py kpis``: the dashboard's figures as JSON or text, from the records."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from mentoring.models import Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)

TOP_LEVEL_KEYS = {
    "region",
    "year",
    "company",
    "computed_at",
    "mentorships_started",
    "mentorships_started_per_year",
    "active_mentorships",
    "active_mentors",
    "partner_companies",
    "success",
    "time_to_match",
    "time_to_job",
    "funnel",
    "social_criteria",
    "attention",
    "companies",
}


def kpis(*args: str) -> str:
    out = io.StringIO()
    call_command("kpis", *args, stdout=out)
    return out.getvalue()


def kpis_json(*args: str) -> dict:
    return json.loads(kpis(*args, "--format", "json"))


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def records():
    """Grand Est 2025: three mentorships started, two ended (one durable job at level)."""
    with time_machine.travel(NOW, tick=False):
        company = factories.CompanyFactory(name="Banque du Rhin")
        mentor = factories.MentorFactory(company=company)
        for contract in (Outcome.ContractType.CDI, Outcome.ContractType.CDD_SHORT):
            mentorship = factories.MentorshipFactory(
                mentor=mentor,
                status=Mentorship.Status.COMPLETED,
                started_at=at(2025, 3, 1),
                ended_at=at(2025, 9, 1),
                candidate__validated_at=at(2025, 2, 20),
            )
            factories.OutcomeFactory(
                mentorship=mentorship, contract_type=contract, start_date=datetime.date(2025, 8, 1)
            )
        factories.MentorshipFactory(mentor=mentor, started_at=at(2025, 12, 1))
        factories.MentorshipFactory(
            started_at=at(2025, 3, 1), candidate__department=factories.department("75")
        )
        yield company


def test_json_gives_the_documented_keys_and_the_figures(records):
    with time_machine.travel(NOW, tick=False):
        data = kpis_json("--region", "grand-est", "--year", "2025")
    assert set(data) == TOP_LEVEL_KEYS
    assert data["region"] == "grand-est"
    assert data["year"] == 2025
    assert data["company"] is None
    assert data["mentorships_started"] == 3
    assert data["mentorships_started_per_year"][-1] == {"year": 2025, "count": 3}
    assert len(data["mentorships_started_per_year"]) == 10
    assert data["success"] == {"ended": 2, "ongoing": 1, "durable_at_level": 1, "rate": 0.5}
    # Validated on 20 February, matched on 1 March; the third candidate was never validated.
    assert data["time_to_match"]["median_days"] == 9.0
    assert data["time_to_match"]["count"] == 2
    assert data["time_to_job"] == {"median_days": 153.0, "count": 2}
    assert data["active_mentorships"] == 1
    assert set(data["funnel"]) == {"registered", "submitted", "eligible", "matched", "placed"}
    assert set(data["social_criteria"]) == {"submitted", "qpv", "zrr", "boursier", "rsa"}
    assert set(data["attention"]) == {
        "total",
        "no_recent_meeting",
        "proposal_expiring",
        "help_requested",
    }
    [row] = [row for row in data["companies"] if row["id"] == records.pk]
    assert row["name"] == "Banque du Rhin"
    assert row["durable_jobs_at_level"] == 1


def test_all_regions_and_a_company(records):
    with time_machine.travel(NOW, tick=False):
        national = kpis_json("--year", "2025")
        company = kpis_json("--year", "2025", "--company", str(records.pk))
    assert national["region"] == "all"
    assert national["mentorships_started"] == 4
    assert company["company"] == {"id": records.pk, "name": "Banque du Rhin"}
    assert company["mentorships_started"] == 3
    assert [row["id"] for row in company["companies"]] == [records.pk]


def test_text_output_reads_as_a_summary(records):
    with time_machine.travel(NOW, tick=False):
        text = kpis("--region", "grand-est", "--year", "2025")
    assert "Mentorships started in 2025: 3" in text
    assert "Success rate (durable job at level): 50.0 % (1 of the 2 ended" in text
    assert "Banque du Rhin" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "atlantide"], 'Unknown region "atlantide"'),
        (["--year", "1999"], "--year must be between 2006 and"),
        (["--year", "2999"], "--year must be between 2006 and"),
        (["--region", "ile-de-france", "--company", "999999"], "No company 999999"),
    ],
)
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        kpis(*args)


def test_bad_format_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        kpis("--format", "xml")


def test_demo_data_gives_208_mentorships_and_71_percent_for_2017_from_the_records():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    data = kpis_json("--region", "grand-est", "--year", "2017")
    assert data["mentorships_started"] == 208
    assert data["success"]["ended"] == 208
    assert data["success"]["durable_at_level"] == 148
    assert data["success"]["rate"] == 0.7115
    assert round(data["success"]["rate"] * 100) == 71
    assert data["active_mentors"] == 140
    assert data["partner_companies"] == 56

    # One success turned into a short contract: the figure follows the records.
    outcome = Outcome.objects.filter(
        mentorship__started_at__year=2017,
        mentorship__candidate__department__region__slug="grand-est",
        contract_type=Outcome.ContractType.CDI,
        at_level=True,
    ).first()
    outcome.contract_type = Outcome.ContractType.CDD_SHORT
    outcome.save(update_fields=["contract_type"])
    data = kpis_json("--region", "grand-est", "--year", "2017")
    assert data["success"]["durable_at_level"] == 147
    assert data["success"]["rate"] == 0.7067
    assert "70.7 %" in kpis("--region", "grand-est", "--year", "2017")
