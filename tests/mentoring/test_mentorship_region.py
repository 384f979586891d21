"""Mentorship.region always equals the candidate's region, whatever writes the rows.

The database keeps it (mentoring.region_sync): region-scoped KPIs and lists filter on it, so a
mentorship with a stale or missing region would silently vanish from its region's figures.
"""

from __future__ import annotations

import pytest
from django.db import connection

from mentoring import region_sync
from mentoring.models import Mentorship
from tests import factories
from tests.support.processes import run_on_embedded_sqlite

pytestmark = pytest.mark.django_db

ALL_TRIGGERS = {
    "mentorship_set_region",
    "mentorship_change_candidate",
    "candidate_move_mentorships",
}


def region_slug(mentorship: Mentorship) -> str | None:
    mentorship.refresh_from_db()
    return mentorship.region.slug if mentorship.region_id else None


def test_a_mentorship_created_by_the_orm_gets_its_candidates_region():
    mentorship = factories.MentorshipFactory(
        candidate__department=factories.department("75"), candidate__postcode="75011"
    )
    assert region_slug(mentorship) == "ile-de-france"


def test_bulk_created_mentorships_get_their_region_too():
    candidates = [
        factories.CandidateFactory(department=factories.department(code)) for code in ("67", "69")
    ]
    mentor = factories.MentorFactory()
    created = Mentorship.objects.bulk_create(
        Mentorship(candidate=candidate, mentor=mentor, status=Mentorship.Status.DRAFT)
        for candidate in candidates
    )
    assert [region_slug(m) for m in created] == ["grand-est", "auvergne-rhone-alpes"]


def test_a_value_set_in_python_is_overwritten_by_the_candidates_region():
    candidate = factories.CandidateFactory(department=factories.department("67"))
    mentorship = Mentorship.objects.create(
        candidate=candidate,
        mentor=factories.MentorFactory(),
        region=factories.region("ile-de-france"),
    )
    assert region_slug(mentorship) == "grand-est"


def test_the_mentorships_follow_a_candidate_who_moves_to_another_region():
    mentorship = factories.MentorshipFactory()
    other = factories.MentorshipFactory()
    assert region_slug(mentorship) == "grand-est"

    candidate = mentorship.candidate
    candidate.department = factories.department("69")
    candidate.save()

    assert region_slug(mentorship) == "auvergne-rhone-alpes"
    assert region_slug(other) == "grand-est"


def test_moving_a_mentorship_to_another_candidate_takes_that_candidates_region():
    mentorship = factories.MentorshipFactory()
    elsewhere = factories.CandidateFactory(department=factories.department("75"))
    Mentorship.objects.filter(pk=mentorship.pk).update(candidate=elsewhere)
    assert region_slug(mentorship) == "ile-de-france"


def test_installing_again_is_harmless():
    region_sync.install(connection)
    region_sync.install(connection)
    assert region_sync.installed(connection) == {
        "mentorship_set_region",
        "candidate_move_mentorships",
    }
    mentorship = factories.MentorshipFactory()
    assert region_slug(mentorship) == "grand-est"


SQLITE_SCRIPT = """
import django
from django.core.management import call_command
from django.db import connection

django.setup()
call_command("migrate", verbosity=0)
from mentoring import region_sync
from tests import factories

mentorship = factories.MentorshipFactory()
mentorship.refresh_from_db()
candidate = mentorship.candidate
candidate.department = factories.department("69")
candidate.save()
before = mentorship.region.slug
mentorship.refresh_from_db()
# A later migration that rebuilds the table drops SQLite triggers: migrate puts them back.
with connection.cursor() as cursor:
    cursor.execute("DROP TRIGGER candidate_move_mentorships")
call_command("migrate", verbosity=0)
print(before, mentorship.region.slug, sorted(region_sync.installed(connection)))
"""


def test_the_embedded_sqlite_database_keeps_the_region_too(tmp_path):
    result = run_on_embedded_sqlite(SQLITE_SCRIPT, tmp_path / "db.sqlite3", timeout=120)
    assert result.returncode == 0, result.stderr
    before, after, triggers = result.stdout.strip().split(" ", 2)
    assert before == "grand-est"
    assert after == "auvergne-rhone-alpes"
    assert triggers == str(sorted(ALL_TRIGGERS))
