"""The funder report and a company's CSR report, printed: Chromium prints the page with the
print style sheet (``page.pdf()``), and the PDF keeps the report's title, its scope (regions,
company, year) and the date it was produced, while the site's navigation and footer are left
out. Each PDF is saved beside the journey's screenshots."""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from mentoring.models import Mentorship, Outcome
from tests import factories
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def print_to_pdf(page, request, name: str) -> str:
    """Print the current page as Chromium's print dialog would (print media, A4, background
    graphics), save the PDF and a screenshot of the print rendering, and return its text
    with its whitespace collapsed and its ligatures (the "ff" of "Chiffres") spelt out."""
    folder = SCREENSHOTS / re.sub(r"[^\w-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    path: Path = folder / f"{name}.pdf"
    page.pdf(path=path, format="A4", print_background=True)
    page.emulate_media(media="print")
    page.screenshot(path=folder / f"{name}-print.png", full_page=True)
    page.emulate_media(media="screen")
    text = " ".join(page_.extract_text() for page_ in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def produced_on() -> str:
    with translation.override("fr"):
        return date_format(timezone.localdate(), "DATE_FORMAT")


def test_the_printed_funder_report_keeps_its_title_scope_and_date(page, live_server, request):
    staff = factories.StaffFactory(
        email="delegue@example.org",
        regions=[factories.region("grand-est"), factories.region("ile-de-france")],
    )
    last_year = timezone.localdate().year - 1
    started = datetime.datetime(last_year, 3, 1, 12, tzinfo=datetime.UTC)
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED,
        started_at=started,
        ended_at=started + datetime.timedelta(days=150),
    )
    factories.OutcomeFactory(mentorship=mentorship, contract_type=Outcome.ContractType.CDI)

    sign_in(
        page,
        live_server,
        staff.email,
        factories.PASSWORD,
        quote(f"/tableau-de-bord/rapport-financeurs/?region=grand-est&annee={last_year}"),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Rapport aux financeurs {last_year} – Grand Est"
    )
    text = print_to_pdf(page, request, "funder-report-grand-est")
    assert f"Rapport aux financeurs {last_year} – Grand Est" in text
    assert f"31 décembre {last_year}" in text
    assert produced_on() in text
    # The figures are there; the site's navigation, footer and the filters are not.
    assert "Parrainages commencés" in text
    screen_only_texts = (
        "Mon espace",
        "Mentions légales",
        "Connexion avec",
        "Imprimer / enregistrer",
    )
    for screen_only in screen_only_texts:
        assert screen_only not in text

    # Every region the staff member manages: the report names them.
    page.goto(f"{live_server.url}/tableau-de-bord/rapport-financeurs/?annee={last_year}")
    text = print_to_pdf(page, request, "funder-report-my-regions")
    assert f"Rapport aux financeurs {last_year} – Grand Est, Île-de-France" in text
    assert produced_on() in text


def test_the_printed_csr_report_keeps_its_title_company_year_and_date(page, live_server, request):
    contact = factories.CompanyContactFactory(
        user__email="rse@banque-du-rhin.example", company__name="Banque du Rhin"
    )
    company = contact.company
    last_year = timezone.localdate().year - 1
    factories.MentorshipFactory(
        mentor__company=company,
        started_at=datetime.datetime(last_year, 3, 1, 12, tzinfo=datetime.UTC),
    )

    sign_in(
        page,
        live_server,
        contact.user.email,
        factories.PASSWORD,
        quote(f"/entreprises/{company.pk}/bilan-rse/?annee={last_year}"),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Bilan RSE {last_year} – Banque du Rhin"
    )
    text = print_to_pdf(page, request, "csr-report")
    assert f"Bilan RSE {last_year} – Banque du Rhin" in text
    assert f"31 décembre {last_year}" in text
    assert produced_on() in text
    # Nor the site's navigation, footer and the message of the sign-in.
    for screen_only in ("Mon espace", "Mentions légales", "Connexion avec"):
        assert screen_only not in text
