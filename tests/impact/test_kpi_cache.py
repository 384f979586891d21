"""The dashboard keeps the figures it computed a few minutes (DESIGN §9: caching a computed
figure is fine), per scope and in no language, lays them out at each view, says when they were
computed and computes them anew on demand (``impact.cache``)."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
DASHBOARD = reverse("impact:kpi_dashboard")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def started(**kwargs) -> Mentorship:
    return factories.MentorshipFactory(
        started_at=datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC), **kwargs
    )


def get(client, **params) -> str:
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.content.decode()


def tile(page: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}">.*?<p class="display-6[^"]*">(.*?)</p>', page, re.S)
    assert match, key
    return " ".join(unescape(match.group(1)).split())


def computed_line(page: str) -> str:
    match = re.search(r"<p [^>]*data-computed-at>(.*?)</p>", page, re.S)
    assert match
    # Collapse layout whitespace only: the non-breaking spaces of French typography stay.
    text = unescape(re.sub(r"<[^>]+>", " ", match.group(1)))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def refresh_link(page: str) -> str:
    match = re.search(r'<a href="\?([^"]+)">Recalculer les chiffres maintenant</a>', page)
    assert match
    return unescape(match.group(1))


def table_companies(page: str) -> list[str]:
    return [
        unescape(name)
        for name in re.findall(r'<tr data-company="\d+">.*?>([^<>]+)</a>', page, re.S)
    ]


def test_a_second_view_shows_the_kept_figures_and_says_when_they_were_computed(
    login, staff, clock, django_assert_max_num_queries
):
    started()
    client = login(staff)
    assert tile(get(client), "mentorships_started") == "1"
    started()
    clock.shift(datetime.timedelta(minutes=2))
    # Kept: the frame (session, user, roles, permissions, notifications) and the regions the
    # user may see; neither the figures' queries nor the filter's companies.
    with django_assert_max_num_queries(7):
        page = get(client)
    assert tile(page, "mentorships_started") == "1"
    assert computed_line(page) == (
        "Chiffres calculés à 12:00 ; ils sont gardés 5 minutes. Recalculer les chiffres maintenant"
    )


def test_compute_again_now_shows_the_records_as_they_are(login, staff):
    started()
    client = login(staff)
    page = get(client)
    assert tile(page, "mentorships_started") == "1"
    assert refresh_link(page) == "region=grand-est&annee=2026&page=1&actualiser=1"
    started()
    assert tile(get(client, page=1, actualiser=1), "mentorships_started") == "2"
    # The new figures are the ones kept from then on.
    assert tile(get(client), "mentorships_started") == "2"


def test_figures_computed_again_by_one_viewer_are_those_every_viewer_sees(
    login, staff, national_admin
):
    """The figures are kept per scope, whoever views it (the filters, which offer each
    viewer their own regions, are laid out at each view)."""
    started()
    admin_page = {"region": "grand-est"}
    assert tile(get(login(national_admin), **admin_page), "mentorships_started") == "1"
    started()
    staff_client = login(staff)
    assert tile(get(staff_client, actualiser=1), "mentorships_started") == "2"
    assert tile(get(login(national_admin), **admin_page), "mentorships_started") == "2"


def test_a_company_outside_the_regions_is_not_found_even_when_its_page_is_kept(
    login, staff, national_admin
):
    paris = factories.CompanyFactory(region=factories.region("ile-de-france"))
    assert login(national_admin).get(DASHBOARD, {"entreprise": paris.pk}).status_code == 200
    assert login(staff).get(DASHBOARD, {"entreprise": paris.pk}).status_code == 404


def test_filters_written_otherwise_get_the_answer_they_get_uncached(login, staff):
    """Kept figures are served only for filters written as the filters write them: "07" is
    not company 7, whose figures are kept."""
    company = factories.CompanyFactory()
    client = login(staff)
    assert client.get(DASHBOARD, {"entreprise": company.pk}).status_code == 200
    assert client.get(DASHBOARD, {"entreprise": f"0{company.pk}"}).status_code == 404
    assert client.get(DASHBOARD, {"entreprise": "²"}).status_code == 404
    assert "Choisissez une année" in unescape(get(client, annee="0" + str(NOW.year)))


def test_a_page_with_wrong_filters_says_so_at_every_view(login, staff):
    client = login(staff)
    for _ in range(2):
        page = get(client, annee=1990)
        assert "Choisissez une année entre 2006 et 2026." in unescape(page)
        assert tile(page, "mentorships_started") == "0"


def test_kept_figures_are_computed_again_after_the_delay(login, staff, clock, settings):
    settings.KPI_CACHE_SECONDS = 60
    started()
    client = login(staff)
    assert "gardés 1 minute." in computed_line(get(client))
    started()
    clock.shift(datetime.timedelta(seconds=59))
    assert tile(get(client), "mentorships_started") == "1"
    clock.shift(datetime.timedelta(seconds=2))
    page = get(client)
    assert tile(page, "mentorships_started") == "2"
    assert computed_line(page).startswith("Chiffres calculés à 12:01 ;")


def test_each_scope_has_its_own_figures(login, staff):
    """Figures kept for one region, year or company are never shown for another."""
    ile_de_france = factories.region("ile-de-france")
    paris_staff = factories.StaffFactory(regions=[ile_de_france])
    company = factories.CompanyFactory()
    started(mentor__company=company)
    started()
    started(candidate__department=factories.department("75"))
    client = login(staff)
    assert tile(get(client), "mentorships_started") == "2"
    assert tile(get(client, entreprise=company.pk), "mentorships_started") == "1"
    assert tile(get(client, annee=2025), "mentorships_started") == "0"
    assert tile(get(login(paris_staff)), "mentorships_started") == "1"
    # And back: each scope's own kept figures.
    assert tile(get(login(staff)), "mentorships_started") == "2"


def test_every_page_of_the_company_table_comes_from_the_kept_figures(login, staff):
    for i in range(23):
        factories.CompanyFactory(name=f"Entreprise {i:02d}")
    client = login(staff)
    assert table_companies(get(client)) == [f"Entreprise {i:02d}" for i in range(20)]
    second = get(client, page=2)
    assert table_companies(second) == ["Entreprise 20", "Entreprise 21", "Entreprise 22"]
    assert refresh_link(second) == "region=grand-est&annee=2026&page=2&actualiser=1"
    assert table_companies(get(client)) == [f"Entreprise {i:02d}" for i in range(20)]


def test_without_a_delay_every_view_computes_the_figures(login, staff, settings):
    settings.KPI_CACHE_SECONDS = 0
    started()
    client = login(staff)
    page = get(client)
    assert computed_line(page) == "Chiffres calculés à 12:00."
    assert "actualiser" not in page
    started()
    assert tile(get(client), "mentorships_started") == "2"


def test_the_kept_figures_are_laid_out_in_the_language_of_the_view(
    login, staff, django_assert_max_num_queries
):
    started()
    client = login(staff)
    assert "Parrainages en cours" in get(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # The figures kept by the French view, not computed again for English.
    with django_assert_max_num_queries(7):
        page = get(client)
    assert "Mentorships in progress" in page
    assert "Parrainages en cours" not in page
    assert computed_line(page).startswith("Figures computed at")


def test_without_a_reachable_cache_the_figures_are_computed_and_shown(
    login, staff, settings, caplog
):
    """The cache only spares work: Redis restarting must not take the dashboard down."""
    started()
    client = login(staff)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    page = get(client)
    assert tile(page, "mentorships_started") == "1"
    started()
    assert tile(get(client), "mentorships_started") == "2"
    assert "KPI cache unreachable" in caplog.text


def test_a_new_partner_appears_in_the_filter_and_the_table_once_computed_again(login, staff):
    factories.CompanyFactory(name="Acier de Lorraine")
    client = login(staff)
    assert table_companies(get(client)) == ["Acier de Lorraine"]
    newcomer = factories.CompanyFactory(name="Brasserie de Nancy")
    page = get(client)
    assert table_companies(page) == ["Acier de Lorraine"]
    assert "Brasserie de Nancy" not in page
    # Not among the kept partners yet: not found, as any company outside the filter.
    assert client.get(DASHBOARD, {"entreprise": newcomer.pk}).status_code == 404
    page = unescape(get(client, actualiser=1))
    assert table_companies(page) == ["Acier de Lorraine", "Brasserie de Nancy"]
    assert f'<option value="{newcomer.pk}">Brasserie de Nancy</option>' in page
    assert client.get(DASHBOARD, {"entreprise": newcomer.pk}).status_code == 200
