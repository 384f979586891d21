"""Mentorship.region always equals the candidate's region, whatever writes the rows.

The model copies it on insert (``save``, ``bulk_create``) and follows the candidate's moves
(the candidates' services call ``nqt.core.moves``): region-scoped KPIs and lists filter on it,
so a mentorship with a stale or missing region would silently vanish from its region's figures.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from candidates import services as candidate_services
from mentoring.models import Mentorship
from tests import factories
from tests.support.processes import run_on_embedded_sqlite

pytestmark = pytest.mark.django_db

OLD_TRIGGERS = {
    "mentorship_set_region",
    "mentorship_change_candidate",
    "candidate_move_mentorships",
}


def post_admin_change(client, candidate, **changes):
    """Post the candidate's admin change form as the page offers it, with ``changes``."""
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
    data.update(changes)
    return client.post(url, {k: v for k, v in data.items() if v is not None})


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


def test_bulk_created_by_candidate_id_alone_too():
    candidate = factories.CandidateFactory(department=factories.department("69"))
    [created] = Mentorship.objects.bulk_create(
        [Mentorship(candidate_id=candidate.pk, mentor=factories.MentorFactory())]
    )
    assert region_slug(created) == "auvergne-rhone-alpes"


def test_a_value_set_in_python_is_overwritten_by_the_candidates_region():
    candidate = factories.CandidateFactory(department=factories.department("67"))
    mentorship = Mentorship.objects.create(
        candidate=candidate,
        mentor=factories.MentorFactory(),
        region=factories.region("ile-de-france"),
    )
    assert region_slug(mentorship) == "grand-est"


def test_the_mentorships_follow_a_candidate_who_moves_through_the_service():
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.PROPOSED, started_at=None, candidate__status="eligible"
    )
    other = factories.MentorshipFactory()
    assert region_slug(mentorship) == "grand-est"

    candidate = mentorship.candidate
    candidate_services.candidate_update_profile(
        candidate=candidate,
        by=candidate.user,
        fields={"postcode": "69001", "department": factories.department("69")},
    )

    assert region_slug(mentorship) == "auvergne-rhone-alpes"
    assert region_slug(other) == "grand-est"


def test_the_mentorships_follow_a_candidate_who_moves_in_the_identity_form(client):
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.PROPOSED, started_at=None, candidate__status="eligible"
    )
    candidate = mentorship.candidate
    client.force_login(candidate.user)
    response = client.post(
        reverse("candidates:step", kwargs={"slug": "identite"}),
        {
            "first_name": "Nour",
            "last_name": "Benali",
            "birth_date": "1999-05-12",
            "phone": "06 12 34 56 78",
            "postcode": "69001",
            "city": "Lyon",
        },
    )
    assert response.status_code == 302
    assert region_slug(mentorship) == "auvergne-rhone-alpes"


def test_the_mentorships_follow_a_candidate_moved_by_staff_in_the_admin(client):
    mentorship = factories.MentorshipFactory()
    client.force_login(factories.NationalAdminFactory())
    response = post_admin_change(client, mentorship.candidate, postcode="75011")
    assert response.status_code == 302
    assert region_slug(mentorship) == "ile-de-france"


def test_a_candidate_saved_without_moving_keeps_the_mentorships_region(client):
    mentorship = factories.MentorshipFactory()
    client.force_login(factories.NationalAdminFactory())
    postcode = mentorship.candidate.postcode
    response = post_admin_change(client, mentorship.candidate, postcode=postcode)
    assert response.status_code == 302
    assert region_slug(mentorship) == "grand-est"


def test_a_migrated_database_has_no_region_triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT trigger_name FROM information_schema.triggers")
        assert not {row[0] for row in cursor.fetchall()} & OLD_TRIGGERS
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname IN "
            "('mentorship_set_region', 'candidate_move_mentorships')"
        )
        assert cursor.fetchall() == []


SQLITE_SCRIPT = """
import django
from django.core.management import call_command
from django.db import connection

django.setup()
call_command("migrate", verbosity=0)
from candidates import services
from tests import factories

mentorship = factories.MentorshipFactory(
    status="proposed", started_at=None, candidate__status="eligible"
)
mentorship.refresh_from_db()
before = mentorship.region.slug
candidate = mentorship.candidate
services.candidate_update_profile(
    candidate=candidate,
    by=candidate.user,
    fields={"postcode": "69001", "department": factories.department("69")},
)
mentorship.refresh_from_db()
with connection.cursor() as cursor:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    triggers = sorted(row[0] for row in cursor.fetchall())
print(before, mentorship.region.slug, triggers)
"""


def test_the_embedded_sqlite_database_keeps_the_region_too(tmp_path):
    result = run_on_embedded_sqlite(SQLITE_SCRIPT, tmp_path / "db.sqlite3", timeout=120)
    assert result.returncode == 0, result.stderr
    before, after, triggers = result.stdout.strip().split(" ", 2)
    assert before == "grand-est"
    assert after == "auvergne-rhone-alpes"
    assert triggers == "[]"
