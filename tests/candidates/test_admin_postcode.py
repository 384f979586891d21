"""In the admin change form the department is read-only: it follows the postcode, which
region scoping, eligibility, the KPIs and the mentorships' region all rely on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def change_url(candidate) -> str:
    return reverse("admin:candidates_candidate_change", args=[candidate.pk])


def post_change(client, candidate, **changes):
    """Post the change form as the page offers it, with ``changes`` typed in."""
    page = client.get(change_url(candidate))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
    data.update(changes)
    return client.post(change_url(candidate), {k: v for k, v in data.items() if v is not None})


def test_the_department_is_shown_but_not_editable(staff, login):
    candidate = factories.CandidateFactory()
    page = login(staff).get(change_url(candidate))
    assert "department" not in page.context["adminform"].form.fields
    assert "postcode" in page.context["adminform"].form.fields
    assert str(candidate.department) in page.content.decode()


def test_the_department_follows_the_postcode_and_ignores_a_posted_one(staff, login):
    candidate = factories.CandidateFactory(postcode="67000")
    response = post_change(
        login(staff), candidate, postcode="57000", department=factories.department("68").pk
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.postcode == "57000"
    assert candidate.department.code == "57"


def test_a_postcode_of_no_department_is_refused_on_the_postcode(staff, login):
    candidate = factories.CandidateFactory(postcode="67000")
    response = post_change(login(staff), candidate, postcode="99000")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "aucun département" in str(errors["postcode"])
    candidate.refresh_from_db()
    assert (candidate.postcode, candidate.department.code) == ("67000", "67")


def test_regional_staff_cannot_move_a_file_out_of_their_regions(staff, login):
    candidate = factories.CandidateFactory(postcode="67000")
    response = post_change(login(staff), candidate, postcode="75011")
    assert response.status_code == 200
    assert "postcode" in response.context["adminform"].form.errors
    candidate.refresh_from_db()
    assert (candidate.postcode, candidate.department.code) == ("67000", "67")


def test_a_national_admin_moves_a_file_to_another_region(national_admin, login):
    candidate = factories.CandidateFactory(postcode="67000")
    response = post_change(login(national_admin), candidate, postcode="75011")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.department.code == "75"
    assert candidate.region_id == factories.region("ile-de-france").pk


def test_a_blank_postcode_keeps_the_department(staff, login):
    # An anonymised file has no postcode but keeps its department for the statistics.
    candidate = factories.CandidateFactory(postcode="67000")
    response = post_change(login(staff), candidate, postcode="")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.postcode, candidate.department.code) == ("", "67")
