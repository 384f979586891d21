"""Programme KPIs at national scale (issue: programme KPIs): the staff dashboard and the
``kpis`` computation for one region and for the whole country, this year (the busiest: every
running mentorship started in it) and a past year, next to the trivial view.

Targets on the development machines: one region under 15 ms, the whole country under 50 ms,
with a number of queries that does not depend on the data. The dashboard is measured with its
figures kept (``impact.cache``: what staff get for five minutes after a view, and on
their landing scope at any time) and computed at each view; the background computation of
the landing scopes is measured too. The figures go to the README.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.utils import timezone

from impact import cache as kpi_cache
from impact.management.commands.kpis import compute
from impact.views import REFRESH
from nqt.core.models import Region
from tests.bench.conftest import measure, measure_page, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

# Île-de-France: one of the generated regions, of average size (1/13 of the country).
REGION = "ile-de-france"
PAST_YEAR = 2020


@pytest.fixture
def users(bench_users):
    return {"region": bench_users["staff_ile_de_france"], "country": bench_users["national_admin"]}


@pytest.fixture
def redis_cache(settings):
    """The dashboard keeps its figures in the cache: Redis, as in production (the test
    settings' cache lives in the process)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "nqt-bench",
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.parametrize("scope", ["region", "country"])
@pytest.mark.parametrize("year", ["this year", PAST_YEAR])
@pytest.mark.parametrize("figures", ["kept", "computed"])
def test_dashboard(users, redis_cache, trivial_view, django_db_blocker, scope, year, figures):
    """``kept``: the figures computed by an earlier view, as staff see them for five minutes;
    ``computed``: ``?actualiser=1``, every figure computed from the records at each view (as
    the first view of a scope does)."""
    params = {} if year == "this year" else {"annee": year}
    if figures == "computed":
        params[REFRESH] = 1
    with django_db_blocker.unblock():
        measured = measure_page("/tableau-de-bord/", user=users[scope], params=params)
    report(f"dashboard, {scope}, {year}, figures {figures}", measured, baseline=trivial_view)
    assert measured["queries"] <= (22 if figures == "computed" else 7)


@pytest.mark.parametrize("scope", ["region", "country"])
def test_kpis_computation(national_data, trivial_view, django_db_blocker, scope):
    """What ``manage.py kpis`` computes (every figure and the whole company table)."""
    with django_db_blocker.unblock():
        region = Region.objects.get(slug=REGION) if scope == "region" else None
        year = timezone.localdate().year
        figures = measure(lambda: compute(region=region, year=year, company=None), repeat=20)
    report(f"kpis command, {scope}, this year", figures, baseline=trivial_view)
    assert figures["queries"] <= 11


def test_background_refresh(users, redis_cache, national_data, django_db_blocker):
    """What Celery beat runs every four minutes: the landing scopes of the benchmark's staff
    (Île-de-France, Grand Est, the country), computed and kept."""
    with django_db_blocker.unblock():
        scopes = len(kpi_cache.landing_regions())
        figures = measure(kpi_cache.keep_landing_figures, repeat=5, warmup=1)
    report(f"background computation of {scopes} landing scopes", figures)
    assert scopes == 3
