"""Candidates' sensitive data (birth date, phone, address, social criteria, documents) needs a
permission of its own (DESIGN §10), which the regional staff group holds: a staff member of a
group without it works on the files without seeing that data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from candidates.models import Candidate, SensitiveAccess
from nqt.core.staff import REGIONAL_STAFF_GROUP
from tests import factories
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(db):
    """Staff of Grand Est whose group has the regional staff's permissions but this one."""
    return factories.StaffFactory(group=factories.staff_group_without("view_sensitive_data"))


@pytest.fixture
def candidate(db):
    candidate = factories.CandidateFactory(city="Schiltigheim", qpv_name="Neuhof")
    factories.DocumentFactory(candidate=candidate, original_name="preuve-qpv.pdf")
    return candidate


def change_url(candidate):
    return reverse("admin:candidates_candidate_change", args=[candidate.pk])


def test_the_regional_staff_group_holds_the_permission():
    group = Group.objects.get(name=REGIONAL_STAFF_GROUP)
    assert group.permissions.filter(
        content_type__app_label="candidates", codename="view_sensitive_data"
    ).exists()


def test_regional_staff_and_national_admins_have_it(staff, national_admin):
    assert staff.has_perm("candidates.view_sensitive_data")
    assert national_admin.has_perm("candidates.view_sensitive_data")
    assert not factories.StaffFactory(group=False).has_perm("candidates.view_sensitive_data")


def test_the_change_page_shows_the_sensitive_fields_to_regional_staff(login, staff, candidate):
    page = login(staff).get(change_url(candidate))
    assert page.status_code == 200
    assert reverse("admin:candidates_candidate_decide", args=[candidate.pk]) in (
        page.content.decode()
    )
    form = page.context["adminform"].form
    assert {"birth_date", "city", "qpv", "qpv_name", "boursier"} <= set(form.fields)
    assert "preuve-qpv.pdf" in page.content.decode()
    assert SensitiveAccess.objects.filter(staff=staff, candidate=candidate).exists()


def test_the_change_page_leaves_them_out_without_the_permission(login, restricted, candidate):
    page = login(restricted).get(change_url(candidate))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"birth_date", "phone", "postcode", "city", "qpv", "qpv_name", "zrr"} & set(
        form.fields
    )
    content = page.content.decode()
    assert "Schiltigheim" not in content
    assert "Neuhof" not in content
    assert "preuve-qpv.pdf" not in content
    assert reverse("candidates:document_download", args=[candidate.documents.get().pk]) not in (
        content
    )
    decide = reverse("admin:candidates_candidate_decide", args=[candidate.pk])
    assert decide not in content
    # Nothing sensitive was read.
    assert not SensitiveAccess.objects.filter(staff=restricted).exists()


def test_saving_the_change_page_without_the_permission_keeps_the_sensitive_fields(
    login, restricted, candidate
):
    client = login(restricted)
    page = client.get(change_url(candidate))
    data = form_data(page.content.decode(), "candidate_form")
    data["school"] = ["Université de Haute-Alsace"]
    response = client.post(change_url(candidate), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    candidate.refresh_from_db()
    assert candidate.school == "Université de Haute-Alsace"
    assert (candidate.city, candidate.postcode, candidate.qpv_name) == (
        "Schiltigheim",
        "67000",
        "Neuhof",
    )


@pytest.mark.parametrize("lookup", ["qpv__exact=1", "boursier__exact=0", "city=Schiltigheim"])
def test_the_list_cannot_be_filtered_on_a_sensitive_field_without_it(
    login, restricted, candidate, lookup
):
    url = f"{reverse('admin:candidates_candidate_changelist')}?{lookup}"
    assert login(restricted).get(url).status_code == 400


def test_the_list_filters_on_social_criteria_with_it(login, staff, candidate):
    url = f"{reverse('admin:candidates_candidate_changelist')}?qpv__exact=1"
    assert login(staff).get(url).status_code == 200


def test_the_list_search_does_not_read_the_address_without_it(login, restricted, candidate):
    url = reverse("admin:candidates_candidate_changelist")
    page = login(restricted).get(url, {"q": "Schiltigheim"})
    assert page.context["cl"].result_count == 0
    page = login(factories.StaffFactory()).get(url, {"q": "Schiltigheim"})
    assert page.context["cl"].result_count == 1


def test_the_decision_page_needs_the_permission(login, restricted, staff, candidate):
    url = reverse("admin:candidates_candidate_decide", args=[candidate.pk])
    assert login(restricted).get(url).status_code == 403
    assert login(staff).get(url).status_code == 200


def test_the_review_queue_hides_the_rules_results_without_it(login, restricted, candidate):
    assert candidate.status == Candidate.Status.SUBMITTED
    page = login(restricted).get(reverse("admin:candidates_candidatetoreview_changelist"))
    assert page.status_code == 200
    assert "rule_social_criterion" not in page.context["cl"].list_display


@pytest.mark.parametrize("kind", ["file", "file_export", "document"])
def test_the_file_pages_and_documents_need_the_permission(
    client, restricted, staff, candidate, kind
):
    if kind == "document":
        url = reverse("candidates:document_download", args=[candidate.documents.get().pk])
    else:
        url = reverse(f"candidates:{kind}", args=[candidate.pk])
    client.force_login(restricted)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
