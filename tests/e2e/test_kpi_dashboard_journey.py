"""A regional staff member opens the programme dashboard from "Mon espace": tiles, charts drawn
by Chart.js under the Content Security Policy (no console error), filters, the funder report."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Mentorship, Outcome
from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def test_staff_reads_the_dashboard_and_prints_the_funder_report(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    last_year = timezone.localdate().year - 1
    started = datetime.datetime(last_year, 3, 1, 12, tzinfo=datetime.UTC)
    for contract in (Outcome.ContractType.CDI, Outcome.ContractType.CDD_SHORT):
        mentorship = factories.MentorshipFactory(
            status=Mentorship.Status.COMPLETED,
            started_at=started,
            ended_at=started + datetime.timedelta(days=150),
        )
        factories.OutcomeFactory(mentorship=mentorship, contract_type=contract)
    factories.MentorshipFactory()

    sign_in(page, live_server, staff.email, factories.PASSWORD, "/mon-espace/")
    page.get_by_role("link", name="Ouvrir le tableau de bord du programme").click()
    expect(page.get_by_role("heading", name="Tableau de bord du programme")).to_be_visible()
    expect(page.get_by_role("link", name="Tableau de bord")).to_have_attribute(
        "aria-current", "page"
    )

    page.get_by_label("Année", exact=True).select_option(str(last_year))
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator('[data-kpi="mentorships_started"] .kpi-value')).to_have_text("2")
    expect(page.locator('[data-kpi="success_rate"] .kpi-value')).to_have_text("50 %")
    # Every chart is drawn (Chart.js attached to its canvas) and has its table.
    for canvas in page.locator("canvas[data-chart]").all():
        assert page.evaluate(
            "(canvas) => Chart.getChart(canvas) !== undefined", canvas.element_handle()
        )
    expect(page.get_by_role("table", name="Parrainages commencés par année")).to_be_visible()
    shoot("dashboard")

    # The figures are kept a few minutes, and computed again on demand.
    started_tile = page.locator('[data-kpi="mentorships_started"] .kpi-value')
    expect(page.locator("[data-computed-at]")).to_contain_text("ils sont gardés 5 minutes")
    factories.MentorshipFactory(started_at=started)
    page.reload()
    expect(started_tile).to_have_text("2")
    page.get_by_role("link", name="Recalculer les chiffres maintenant").click()
    expect(started_tile).to_have_text("3")

    page.get_by_role("link", name=f"Rapport aux financeurs {last_year}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Rapport aux financeurs {last_year} – Grand Est"
    )
    expect(page.get_by_role("button", name="Imprimer / enregistrer en PDF")).to_be_visible()
    shoot("funder-report")
