"""What a printed report says about itself: the funder report names the regions it covers,
both reports give the date they were produced (their print: tests/e2e/test_printed_reports.py)."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
FUNDER_REPORT = reverse("impact:funder_report")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def heading(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match
    return " ".join(unescape(match.group(1)).split())


def title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match
    return " ".join(unescape(match.group(1)).split())


def funder_report(client, **params) -> str:
    response = client.get(FUNDER_REPORT, {"annee": 2025, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_funder_report_of_one_region_names_it(login, staff):
    page = funder_report(login(staff))
    assert heading(page) == "Rapport aux financeurs 2025 – Grand Est"
    assert title(page).startswith("Rapport aux financeurs 2025 – Grand Est ·")


def test_the_funder_report_of_all_my_regions_names_each_of_them(login):
    staff = factories.StaffFactory(
        regions=[factories.region("ile-de-france"), factories.region("grand-est")]
    )
    page = funder_report(login(staff))
    assert heading(page) == "Rapport aux financeurs 2025 – Grand Est, Île-de-France"
    assert title(page).startswith("Rapport aux financeurs 2025 – Grand Est, Île-de-France ·")
    # One of them chosen: only that one.
    page = funder_report(login(staff), region="ile-de-france")
    assert heading(page) == "Rapport aux financeurs 2025 – Île-de-France"


def test_the_national_funder_report_covers_all_regions(login, national_admin):
    page = funder_report(login(national_admin))
    assert heading(page) == "Rapport aux financeurs 2025 – Toutes les régions"
    assert title(page).startswith("Rapport aux financeurs 2025 – Toutes les régions ·")


def test_the_funder_report_gives_the_date_it_was_produced(login, staff):
    page = unescape(funder_report(login(staff)))
    assert "Chiffres calculés le 15 juin 2026" in page


def test_the_csr_report_gives_its_company_year_and_the_date_it_was_produced(login, company_contact):
    url = reverse("impact:company_csr_report", args=[company_contact.company.pk])
    page = unescape(login(company_contact.user).get(url, {"annee": 2025}).content.decode())
    assert heading(page) == f"Bilan RSE 2025 – {company_contact.company.name}"
    assert "Du 1er janvier au 31 décembre 2025." in page
    assert "Chiffres calculés le 15 juin 2026" in page
