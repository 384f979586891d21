"""The staff dashboard and the funder report: scoped to the staff member's regions, figures
from the records, links to the admin lists, a constant number of queries."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
DASHBOARD = reverse("impact:kpi_dashboard")
FUNDER_REPORT = reverse("impact:funder_report")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def completed(*, contract=Outcome.ContractType.CDI, **kwargs) -> Mentorship:
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED,
        started_at=at(2025, 3, 1),
        ended_at=at(2025, 9, 1),
        **kwargs,
    )
    factories.OutcomeFactory(mentorship=mentorship, contract_type=contract)
    return mentorship


def tile(page: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}">.*?<p class="display-6[^"]*">(.*?)</p>', page, re.S)
    assert match, key
    return " ".join(unescape(match.group(1)).split())


def tile_link(page: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}">.*?<a class="small" href="([^"]+)"', page, re.S)
    assert match, key
    return unescape(match.group(1))


def chart(page: str, chart_id: str) -> dict:
    match = re.search(
        rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert match, chart_id
    return json.loads(match.group(1))


def get(client, url=DASHBOARD, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_their_regions_figures_with_tiles_and_charts(login, staff):
    completed()
    completed(contract=Outcome.ContractType.CDD_SHORT)
    factories.MentorshipFactory(started_at=at(2025, 11, 1))
    page = get(login(staff), annee=2025)
    assert tile(page, "mentorships_started") == "3"
    assert tile(page, "success_rate") == "50 %"
    assert tile(page, "active_mentorships") == "1"
    assert chart(page, "chart-started")["values"][-1] == 3
    assert chart(page, "chart-started")["labels"][-1] == "2025"
    assert chart(page, "chart-funnel")["horizontal"] is True
    assert chart(page, "chart-social")["unit"] == "%"
    # Each chart's figures are also in a table, and nothing runs inline (CSP).
    assert page.count("data-chart-table=") == 3
    assert "<script>" not in page
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert "/static/js/kpi_charts.js" in page


def test_staff_see_nothing_of_another_region(login, staff):
    paris = factories.department("75")
    company = factories.CompanyFactory(region=factories.region("ile-de-france"))
    factories.MentorshipFactory(
        started_at=at(2025, 3, 1), candidate__department=paris, mentor__company=company
    )
    page = get(login(staff), annee=2025)
    assert tile(page, "mentorships_started") == "0"
    assert tile(page, "active_mentorships") == "0"
    assert tile(page, "active_mentors") == "0"
    assert tile(page, "partner_companies") == "0"


def test_a_region_outside_the_staff_members_scope_is_404(login, staff):
    client = login(staff)
    assert client.get(DASHBOARD, {"region": "ile-de-france"}).status_code == 404
    assert client.get(DASHBOARD, {"region": "atlantide"}).status_code == 404
    assert client.get(FUNDER_REPORT, {"region": "ile-de-france"}).status_code == 404
    assert client.get(DASHBOARD, {"region": "grand-est"}).status_code == 200


def test_national_admins_choose_a_region_or_all(login, national_admin):
    factories.MentorshipFactory(started_at=at(2025, 3, 1))
    factories.MentorshipFactory(
        started_at=at(2025, 3, 1), candidate__department=factories.department("75")
    )
    client = login(national_admin)
    assert tile(get(client, annee=2025), "mentorships_started") == "2"
    assert tile(get(client, annee=2025, region="ile-de-france"), "mentorships_started") == "1"
    page = get(client, annee=2025, region="grand-est")
    assert tile(page, "mentorships_started") == "1"
    assert '<option value="">Toutes les régions</option>' in unescape(page)


def test_staff_of_two_regions_see_both_or_one(login):
    both = factories.StaffFactory(
        regions=[factories.region("grand-est"), factories.region("ile-de-france")]
    )
    factories.MentorshipFactory(started_at=at(2025, 3, 1))
    factories.MentorshipFactory(
        started_at=at(2025, 3, 1), candidate__department=factories.department("75")
    )
    factories.MentorshipFactory(
        started_at=at(2025, 3, 1), candidate__department=factories.department("13")
    )
    client = login(both)
    assert tile(get(client, annee=2025), "mentorships_started") == "2"
    assert tile(get(client, annee=2025, region="ile-de-france"), "mentorships_started") == "1"
    assert client.get(DASHBOARD, {"region": "provence-alpes-cote-d-azur"}).status_code == 404


def test_the_company_filter_offers_only_companies_in_scope(login, staff):
    mine = factories.CompanyFactory(name="Acier de Lorraine")
    factories.CompanyFactory(name="Dupont & <Fils>")
    theirs = factories.CompanyFactory(
        name="Banque de Paris", region=factories.region("ile-de-france")
    )
    factories.MentorshipFactory(started_at=at(2025, 3, 1), mentor__company=mine)
    factories.MentorshipFactory(started_at=at(2025, 3, 1))
    client = login(staff)
    raw = get(client, annee=2025)
    assert "Dupont &amp; &lt;Fils&gt;" in raw  # names are escaped in the options
    page = unescape(raw)
    assert f'<option value="{mine.pk}">Acier de Lorraine</option>' in page
    assert "Banque de Paris" not in page
    assert client.get(DASHBOARD, {"entreprise": theirs.pk}).status_code == 404
    assert client.get(DASHBOARD, {"entreprise": "abc"}).status_code == 404
    filtered = get(client, annee=2025, entreprise=mine.pk)
    assert tile(filtered, "mentorships_started") == "1"
    assert "Quand une entreprise est choisie" in unescape(filtered)


def test_a_wrong_year_is_explained_and_this_year_shown(login, staff):
    page = unescape(get(login(staff), annee="1990"))
    assert "Choisissez une année entre 2006 et 2026." in page
    assert "Parrainages commencés en 2026" in page


def test_every_tile_opens_the_matching_admin_list(login, national_admin):
    completed()
    completed(contract=Outcome.ContractType.NONE)
    factories.MentorshipFactory(started_at=at(2025, 11, 1))
    factories.MentorshipFactory(
        started_at=at(2025, 11, 1), candidate__department=factories.department("75")
    )
    client = login(national_admin)
    page = get(client, annee=2025, region="grand-est")
    expected = {
        "mentorships_started": 3,
        "success_rate": 2,  # the ended ones: the rate's denominator
        "active_mentorships": 1,
        # By the mentors' own region: the Paris candidate's mentor works in Grand Est.
        "active_mentors": 4,
        "partner_companies": 4,
        "attention": 1,  # the active one: no meeting since November
        "time_to_match": 3,
        "time_to_job": 3,
    }
    for key, count in expected.items():
        url = tile_link(page, key)
        assert url.startswith("/admin/"), key
        response = client.get(url)
        assert response.status_code == 200, (key, url)
        assert response.context["cl"].result_count == count, key
        if key not in {"success_rate", "time_to_match", "time_to_job"}:
            assert tile(page, key) == str(count), key


def test_funnel_and_social_rows_link_to_the_candidates_admin_list(login, staff):
    factories.CandidateFactory(created_at=at(2025, 2, 1), submitted_at=at(2025, 2, 3))
    client = login(staff)
    page = unescape(get(client, annee=2025))
    links = re.findall(r'<a href="(/admin/candidates/candidate/\?[^"]+)"', page)
    assert len(links) == 3 + 4  # registered, submitted, eligible; four social criteria
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_count in (0, 1), url


def test_the_attention_lists_show_who_needs_a_call(login, staff):
    quiet = factories.MentorshipFactory(
        started_at=at(2026, 4, 1), candidate__user__last_name="Zerrouki"
    )
    factories.MeetingFactory(mentorship=quiet, date=datetime.date(2026, 4, 15))
    page = unescape(get(login(staff)))
    assert tile(page, "attention") == "1"
    section = page[page.index('data-attention="no_recent_meeting"') :]
    assert "Zerrouki" in section
    assert "Dernière rencontre le 15/04/2026" in section
    assert reverse("admin:mentoring_mentorship_change", args=[quiet.pk]) in section


def test_the_company_table_is_paginated(login, staff):
    for i in range(23):
        factories.CompanyFactory(name=f"Entreprise {i:02d}")
    client = login(staff)
    page = unescape(get(client))
    assert page.count("<tr data-company=") == 20
    assert "Page 1 sur 2" in page
    second = unescape(get(client, page=2))
    assert second.count("<tr data-company=") == 3


def build(size: int) -> None:
    for i in range(size):
        company = factories.CompanyFactory()
        mentorship = completed(
            mentor=factories.MentorFactory(company=company),
            contract=Outcome.ContractType.CDI if i % 2 else Outcome.ContractType.NONE,
        )
        factories.MeetingFactory(mentorship=mentorship, date=datetime.date(2025, 4, 1))
        factories.IntroductionFactory(mentorship=mentorship, date=datetime.date(2025, 4, 2))
        quiet = factories.MentorshipFactory(started_at=at(2026, 1, 1), mentor__company=company)
        factories.MeetingFactory(mentorship=quiet, date=datetime.date(2026, 2, 1))
        factories.MentorshipFactory(
            status=Mentorship.Status.PROPOSED, started_at=None, proposed_at=at(2026, 6, 1)
        )
        factories.CandidateFactory(created_at=at(2025, 5, 1), submitted_at=at(2025, 5, 2))


# Figures computed (the first view of a scope): the frame (session, user, roles, permissions,
# notifications), the filters (regions, companies), the scope's departments, the figures (4),
# the company page's 5 aggregates and the attention lists: the same whatever the data. A view
# of kept figures takes the frame and the filters only (test_kpi_cache).
DASHBOARD_QUERIES = 19


@pytest.mark.parametrize("size", [1, 25])
def test_dashboard_query_count_is_the_same_with_little_and_much_data(
    login, staff, size, django_assert_max_num_queries
):
    build(size)
    client = login(staff)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD, {"annee": 2025})
    assert response.status_code == 200
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD, {"annee": 2025, "page": 2})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 25])
def test_funder_report_query_count_does_not_grow(login, staff, size, django_assert_max_num_queries):
    build(size)
    client = login(staff)
    with django_assert_max_num_queries(20):
        response = client.get(FUNDER_REPORT, {"annee": 2025})
    assert response.status_code == 200


def test_funder_report_gives_volumes_outcomes_social_criteria_and_the_promise(
    login, staff, settings
):
    settings.MATCHING_PROMISE_DAYS = 15
    for days, contract in ((5, Outcome.ContractType.CDI), (30, Outcome.ContractType.CDD_SHORT)):
        completed(
            contract=contract,
            candidate=factories.EligibleCandidateFactory(
                validated_at=at(2025, 3, 1) - datetime.timedelta(days=days),
                submitted_at=at(2025, 1, 10),
                qpv=True,
            ),
        )
    page = unescape(get(login(staff), FUNDER_REPORT, annee=2025))
    assert "Rapport aux financeurs 2025 – Grand Est" in page
    assert "Du 1er janvier au 31 décembre 2025." in page
    assert "En 2025, 2 parrainages ont commencé ; parmi ceux qui sont terminés (2), 50 %" in page
    assert "dans les 15 jours" in page
    assert "50 % (1/2)" in page
    assert "17,5 jours" in page  # the median of 5 and 30 days
    assert "Contrat à durée indéterminée (CDI)" in page
    assert "data-print" in page
    assert "/static/js/print.js" in page
    assert "<script>" not in page


def test_my_space_and_the_navbar_lead_staff_to_the_dashboard(login, staff):
    page = unescape(login(staff).get(reverse("my_space")).content.decode())
    assert f'href="{DASHBOARD}"' in page
    assert "Ouvrir le tableau de bord du programme" in page


def test_other_roles_see_no_dashboard_link(login, mentor):
    page = login(mentor.user).get(reverse("my_space")).content.decode()
    assert DASHBOARD not in page


def test_staff_without_a_region_see_empty_figures(login):
    factories.MentorshipFactory(started_at=at(2025, 3, 1))
    nobody = factories.StaffFactory(regions=[])
    page = get(login(nobody), annee=2025)
    assert tile(page, "mentorships_started") == "0"
    assert tile(page, "active_mentors") == "0"
    assert login(nobody).get(reverse("impact:export_candidates")).status_code == 200


def test_mentorship_tiles_link_to_the_admin_list_of_what_they_count(login, staff):
    factories.MentorshipFactory(started_at=at(2025, 3, 1))
    factories.MentorshipFactory(
        status="completed", started_at=at(2024, 3, 1), ended_at=at(2024, 9, 1)
    )
    client = login(staff)
    page = unescape(get(client, annee=2025))
    links = set(re.findall(r'href="(/admin/mentoring/mentorship/\?[^"]+)"', page))
    assert links
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_count in (0, 1), url
