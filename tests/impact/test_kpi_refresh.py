"""The figures staff land on are computed in the background before the kept ones expire, so
that the first view of the dashboard finds them kept too (``impact.cache``)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from impact import cache as kpi_cache
from impact import kpis
from impact.tasks import keep_dashboard_figures
from tests import factories
from tests.impact.test_kpi_cache import computed_line, get, started, tile

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_staff_land_on_figures_computed_in_the_background(
    login, staff, clock, django_assert_max_num_queries
):
    started()
    assert keep_dashboard_figures.delay().get() == 1
    started()  # after the computation: not in the kept figures
    clock.shift(datetime.timedelta(minutes=3))
    client = login(staff)
    # The first view of the day: the frame and the user's regions, none of the figures' queries.
    with django_assert_max_num_queries(7):
        page = get(client)
    assert tile(page, "mentorships_started") == "1"
    assert computed_line(page).startswith("Chiffres calculés à 12:00 ;")
    # The next run (every 4 minutes) counts the new mentorship.
    clock.shift(datetime.timedelta(minutes=1))
    keep_dashboard_figures.delay()
    assert tile(get(client), "mentorships_started") == "2"


def test_one_computation_per_scope_staff_land_on(staff):
    """Staff of the same regions share their scope, national admins theirs; inactive staff,
    staff without a region and people who are not staff are left out."""
    grand_est, ile_de_france = staff.managed_regions.get(), factories.region("ile-de-france")
    factories.StaffFactory(regions=[grand_est])
    factories.StaffFactory(regions=[ile_de_france])
    factories.StaffFactory(regions=[ile_de_france, grand_est])
    factories.StaffFactory(regions=[factories.region("bretagne")], is_active=False)
    factories.StaffFactory(regions=[])
    factories.NationalAdminFactory()
    factories.NationalAdminFactory()
    factories.UserFactory().managed_regions.set([factories.region("normandie")])

    scopes = kpi_cache.landing_regions()
    assert len(scopes) == 4
    assert set(scopes) == {
        frozenset([grand_est.pk]),
        frozenset([ile_de_france.pk]),
        frozenset([grand_est.pk, ile_de_france.pk]),
        None,
    }
    assert kpi_cache.keep_landing_figures() == 4


def test_the_kept_figures_are_shown_in_the_language_of_the_staff_member(
    login, staff, django_assert_max_num_queries
):
    started()
    keep_dashboard_figures.delay()
    client = login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_assert_max_num_queries(7):
        page = get(client)
    assert "Mentorships in progress" in page
    assert computed_line(page).startswith("Figures computed at noon;")


def test_without_a_delay_nothing_is_computed(staff, settings, django_assert_num_queries):
    settings.KPI_CACHE_SECONDS = 0
    with django_assert_num_queries(0):
        assert keep_dashboard_figures.delay().get() == 0


def test_a_scope_that_fails_is_logged_and_the_others_are_computed(
    login, staff, national_admin, monkeypatch, caplog, django_assert_max_num_queries
):
    computed = kpis.programme_figures

    def fail_for_the_country(scope, **kwargs):
        if scope.national:
            raise RuntimeError("statement timeout")
        return computed(scope, **kwargs)

    monkeypatch.setattr(kpis, "programme_figures", fail_for_the_country)
    started()
    assert keep_dashboard_figures.delay().get() == 1
    assert "Dashboard figures of Scope(year=2026, region_ids=None" in caplog.text
    assert "statement timeout" in caplog.text
    client = login(staff)
    with django_assert_max_num_queries(7):
        assert tile(get(client), "mentorships_started") == "1"


def test_celery_beat_computes_them_a_fifth_of_the_delay_before_they_expire(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["keep-dashboard-figures"]
    assert entry["task"] == "impact.tasks.keep_dashboard_figures"
    assert settings.KPI_CACHE_SECONDS == 300
    assert entry["schedule"] == 240.0
    assert entry["options"] == {"expires": 240.0}
