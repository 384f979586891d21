"""Programme KPIs at national scale (issue: programme KPIs): the staff dashboard and the
``kpis`` computation for one region and for the whole country, this year (the busiest: every
running mentorship started in it) and a past year, next to the trivial view.

Targets on the development machines: one region under 15 ms, the whole country under 50 ms,
with a number of queries that does not depend on the data. The figures go to the README.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from mentoring.management.commands.kpis import compute
from nqt.core.models import Region
from tests import factories
from tests.bench.conftest import measure, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

# Île-de-France: one of the generated regions, of average size (1/13 of the country).
REGION = "ile-de-france"
PAST_YEAR = 2020


@pytest.fixture
def clients(national_data, django_db_blocker):
    with django_db_blocker.unblock():
        region = Region.objects.get(slug=REGION)
        staff = factories.StaffFactory(email="bench-staff@example.org", regions=[region])
        admin = factories.NationalAdminFactory(email="bench-admin@example.org")
    regional, national = Client(), Client()
    regional.force_login(staff)
    national.force_login(admin)
    return {"region": regional, "country": national}


@pytest.mark.parametrize("scope", ["region", "country"])
@pytest.mark.parametrize("year", ["this year", PAST_YEAR])
def test_dashboard(clients, trivial_view, django_db_blocker, scope, year):
    client = clients[scope]
    params = {} if year == "this year" else {"annee": year}
    with django_db_blocker.unblock():
        assert client.get("/tableau-de-bord/", params).status_code == 200
        figures = measure(lambda: client.get("/tableau-de-bord/", params), repeat=20)
    report(f"dashboard, {scope}, {year}", figures, baseline=trivial_view)
    assert figures["queries"] <= 27


@pytest.mark.parametrize("scope", ["region", "country"])
def test_kpis_computation(clients, trivial_view, django_db_blocker, scope):
    """What ``manage.py kpis`` computes (every figure and the whole company table)."""
    with django_db_blocker.unblock():
        region = Region.objects.get(slug=REGION) if scope == "region" else None
        year = timezone.localdate().year
        figures = measure(lambda: compute(region=region, year=year, company=None), repeat=20)
    report(f"kpis command, {scope}, this year", figures, baseline=trivial_view)
    assert figures["queries"] <= 16
