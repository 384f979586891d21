"""Lists sort as a French reader expects: accents and case do not push a name out of its
alphabetical place ("Banque" before "BTP", "Émilie" between "Dylan" and "Fanny",
"Île-de-France" between "Hauts-de-France" and "Normandie"), on PostgreSQL (the suite's
database) and on the embedded SQLite database of `make run`."""

from __future__ import annotations

import re

import pytest
from django.db.utils import ConnectionHandler
from django.urls import reverse

from companies.models import Company
from impact.kpis import partner_companies
from mentoring.selectors import staff_panel
from nqt.core import collation
from nqt.core.collation import check_collation, sort_key
from nqt.core.models import Region, Sector
from tests import factories


def in_order(html: str, *names: str) -> bool:
    """The names appear in the page in this order."""
    positions = [html.find(name) for name in names]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.django_db
def test_the_companies_list_puts_banque_before_btp(login, national_admin):
    for name in ("BTP Est", "Banque du Rhin", "axa", "Crédit Agricole"):
        factories.CompanyFactory(name=name)
    html = login(national_admin).get(reverse("admin:companies_company_changelist"))
    assert in_order(html.content.decode(), "axa", "Banque du Rhin", "BTP Est", "Crédit Agricole")


@pytest.mark.django_db
def test_the_company_filter_of_the_dashboard_sorts_companies_in_french():
    for name in ("BTP Est", "Banque du Rhin", "Éco Services", "Fiducial"):
        factories.CompanyFactory(name=name, partnership_status=Company.Partnership.ACTIVE)
    names = [name for _pk, name in partner_companies(None)]
    assert names.index("Banque du Rhin") < names.index("BTP Est")
    assert names.index("BTP Est") < names.index("Éco Services") < names.index("Fiducial")


@pytest.mark.django_db
def test_mentors_sorted_by_name_put_emilie_between_dylan_and_fanny(login, staff):
    for last_name in ("Fanny", "Émilie", "Dylan", "élodie"):
        factories.MentorFactory(user__first_name="Alex", user__last_name=last_name)
    # The list sorted by its "name" column (the first one).
    html = login(staff).get(reverse("admin:mentoring_mentor_changelist"), {"o": "1"})
    assert in_order(html.content.decode(), "Alex Dylan", "Alex élodie", "Alex Émilie", "Alex Fanny")


@pytest.mark.django_db
def test_regions_put_ile_de_france_between_hauts_de_france_and_normandie(login, national_admin):
    names = list(Region.objects.values_list("name", flat=True))
    assert names.index("Hauts-de-France") < names.index("Île-de-France") < names.index("Normandie")
    # The region filter of a list, the regions of the staff's space.
    html = login(national_admin).get(reverse("admin:mentoring_mentorship_changelist"))
    assert in_order(html.content.decode(), "Hauts-de-France", "Île-de-France", "Normandie")
    panel = [row["region"].name for row in staff_panel(user=national_admin)["regions"]]
    assert panel.index("Hauts-de-France") < panel.index("Île-de-France") < panel.index("Normandie")


@pytest.mark.django_db
def test_sectors_are_offered_in_french_order():
    names = list(Sector.objects.values_list("name", flat=True))
    assert names.index("Économie sociale et solidaire") < names.index("Industrie")
    assert names.index("Banque, assurance, finance") < names.index("BTP, immobilier")


def test_the_python_sort_key_is_french():
    names = ["Normandie", "Île-de-France", "BTP", "Banque", "Fanny", "Émilie", "Dylan", "œuvre"]
    assert sorted(names, key=sort_key) == [
        "Banque",
        "BTP",
        "Dylan",
        "Émilie",
        "Fanny",
        "Île-de-France",
        "Normandie",
        "œuvre",
    ]


def test_the_embedded_sqlite_database_sorts_in_french_too(django_db_blocker):
    """A real SQLite connection of Django's: the collation comes with the connection, and the
    models' ordering compiles to it."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    connection = handler["default"]
    # Not the suite's database: a connection of its own, in memory.
    with django_db_blocker.unblock():
        names = _regions_sorted_on(connection)
    assert names == ["bretagne", "Hauts-de-France", "Île-de-France", "Normandie"]


def _regions_sorted_on(connection) -> list[str]:
    try:
        with connection.schema_editor() as editor:
            editor.create_model(Region)
        with connection.cursor() as cursor:
            for code, name in enumerate(
                ["Normandie", "Île-de-France", "Hauts-de-France", "bretagne"]
            ):
                cursor.execute(
                    "INSERT INTO core_region (code, slug, name, min_diploma_level) "
                    "VALUES (%s, %s, %s, 3)",
                    [str(code), f"r{code}", name],
                )
            sql, params = (
                Region.objects.values_list("name")
                .query.get_compiler(connection=connection)
                .as_sql()
            )
            assert re.search(r"COLLATE", sql)
            cursor.execute(sql, params)
            return [name for (name,) in cursor.fetchall()]
    finally:
        connection.close()


@pytest.mark.django_db
def test_sorting_a_list_by_a_name_column_is_french_too(login, national_admin):
    for name in ("BTP Est", "Banque du Rhin", "axa", "Crédit Agricole"):
        factories.CompanyFactory(name=name)
    client = login(national_admin)
    # The companies by name, reversed (a click on the "name" header, then another).
    html = client.get(reverse("admin:companies_company_changelist"), {"o": "-1"})
    assert in_order(html.content.decode(), "Crédit Agricole", "BTP Est", "Banque du Rhin", "axa")
    # The sectors by their French name.
    html = client.get(reverse("admin:core_sector_changelist"), {"o": "1"}).content.decode()
    assert in_order(html, "Banque, assurance, finance", "BTP, immobilier", "Économie sociale")
    assert in_order(html, "Économie sociale", "Industrie")


@pytest.mark.django_db
def test_migrate_refuses_a_postgresql_without_the_french_collation(monkeypatch):
    assert check_collation(databases=["default"]) == []
    monkeypatch.setattr(collation, "COLLATION", "fr-XX-x-missing")
    [error] = check_collation(databases=["default"])
    assert error.id == "core.E001"
