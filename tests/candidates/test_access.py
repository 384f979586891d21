"""Every object URL of the candidate journey against every persona: the owner and the staff
of the region get it, everyone else a 404 (ids leak nothing), anonymous users the login page.
Mentors and company contacts never see social criteria, proofs, birth date or address."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from candidates import selectors
from candidates.models import SensitiveAccess
from tests import factories

pytestmark = pytest.mark.django_db

OK, NOT_FOUND, FORBIDDEN, LOGIN = 200, 404, 403, "login"

PERSONAS = [
    "anonymous",
    "owner",
    "other_candidate",
    "no_role",
    "mentor",
    "company_contact",
    "staff",
    "other_staff",
    "national_admin",
]
SITE_OBJECT = {
    "anonymous": LOGIN,
    "owner": OK,
    "other_candidate": NOT_FOUND,
    "no_role": NOT_FOUND,
    "mentor": NOT_FOUND,
    "company_contact": NOT_FOUND,
    "staff": OK,
    "other_staff": NOT_FOUND,
    "national_admin": OK,
}
ADMIN_OBJECT = {
    **dict.fromkeys(PERSONAS, FORBIDDEN),
    "anonymous": LOGIN,
    "staff": OK,
    "other_staff": NOT_FOUND,
    "national_admin": OK,
}


def file_url(candidate):
    return reverse("candidates:file", args=[candidate.pk])


def export_url(candidate):
    return reverse("candidates:file_export", args=[candidate.pk])


def cv_url(candidate):
    return reverse("candidates:document_download", args=[candidate.documents.get(kind="cv").pk])


def proof_url(candidate):
    proof = candidate.documents.get(kind="proof_qpv")
    return reverse("candidates:document_download", args=[proof.pk])


def decision_url(candidate):
    return reverse("admin:candidates_candidate_decide", args=[candidate.pk])


OBJECT_URLS = [
    ("file", file_url, SITE_OBJECT),
    ("file_export", export_url, SITE_OBJECT),
    ("cv", cv_url, SITE_OBJECT),
    ("proof", proof_url, SITE_OBJECT),
    ("admin_decision", decision_url, ADMIN_OBJECT),
]


def persona(name, owner_candidate):
    if name == "anonymous":
        return None
    if name == "owner":
        return owner_candidate.user
    if name == "other_candidate":
        return factories.CandidateFactory().user
    if name == "no_role":
        return factories.UserFactory()
    if name == "mentor":
        return factories.MentorFactory().user
    if name == "company_contact":
        return factories.CompanyContactFactory().user
    if name == "staff":
        return factories.StaffFactory()
    if name == "other_staff":
        return factories.StaffFactory(regions=[factories.region("ile-de-france")])
    return factories.NationalAdminFactory()


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("name", "url_for", "expected"), OBJECT_URLS, ids=[u[0] for u in OBJECT_URLS]
)
def test_object_access(client, who, name, url_for, expected):
    candidate = factories.with_documents(factories.CandidateFactory(qpv_name="Neuhof"))
    user = persona(who, candidate)
    if user is not None:
        client.force_login(user)
    response = client.get(url_for(candidate), follow=True)
    want = expected[who]
    if want == LOGIN:
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    else:
        assert response.status_code == want
    if want != OK:
        content = b"".join(response) if response.streaming else response.content
        assert b"Neuhof" not in content
        assert not SensitiveAccess.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_staff_of_the_region_revise_a_refusal(client, who):
    """The revision posts to the decision page: the same answers, and nothing changes for
    anyone turned away."""
    candidate = factories.IneligibleCandidateFactory(qpv_name="Neuhof")
    user = persona(who, candidate)
    if user is not None:
        client.force_login(user)
    data = {"revision": "1", "revision-decision": "eligible", "revision-note": "Erreur."}
    response = client.post(decision_url(candidate), data, follow=True)
    want = ADMIN_OBJECT[who]
    if want == LOGIN:
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    else:
        assert response.status_code == want
    candidate.refresh_from_db()
    assert candidate.status == ("eligible" if want == OK else "ineligible")
    if want != OK:
        assert b"Neuhof" not in response.content
        assert not candidate.history.exists()


def test_a_document_is_an_attachment_that_browsers_must_not_sniff(login):
    candidate = factories.with_documents(factories.CandidateFactory())
    response = login(candidate.user).get(cv_url(candidate))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_reads_of_documents_and_exports_are_logged_not_the_owners(login, staff):
    candidate = factories.with_documents(factories.CandidateFactory())
    login(candidate.user).get(cv_url(candidate))
    assert not SensitiveAccess.objects.exists()
    client = login(staff)
    client.get(proof_url(candidate))
    client.get(export_url(candidate))
    client.get(file_url(candidate))
    logged = list(SensitiveAccess.objects.order_by("pk").values_list("staff", "what", "detail"))
    assert logged == [
        (staff.pk, "document", "proof_qpv"),
        (staff.pk, "export", ""),
        (staff.pk, "profile", "file"),
    ]


def test_the_file_export_holds_only_that_file(login):
    candidate = factories.with_documents(factories.CandidateFactory())
    other = factories.CandidateFactory(qpv_name="Hautepierre")
    response = login(candidate.user).get(export_url(candidate))
    data = json.loads(response.content)
    assert data["social_criteria"]["qpv_name"] == candidate.qpv_name
    assert "Hautepierre" not in response.content.decode()
    assert login(candidate.user).get(export_url(other)).status_code == 404


@pytest.mark.parametrize("url_name", ["candidates:application", "candidates:summary"])
@pytest.mark.parametrize("who", ["mentor", "company_contact", "staff", "no_role"])
def test_only_candidates_have_application_pages(client, who, url_name):
    user = persona(who, None)
    client.force_login(user)
    assert client.get(reverse(url_name), follow=True).status_code == 404


def test_submitting_needs_a_post(login):
    candidate = factories.DraftCandidateFactory()
    assert login(candidate.user).get(reverse("candidates:submit")).status_code == 405


def test_the_mentor_facing_profile_leaves_out_sensitive_data():
    candidate = factories.with_documents(
        factories.CandidateFactory(
            qpv_name="Neuhof", boursier=True, rsa=True, city="Illkirch", postcode="67400"
        )
    )
    profile = selectors.professional_profile(candidate)
    sensitive = {
        "birth_date",
        "phone",
        "postcode",
        "city",
        "qpv",
        "qpv_name",
        "zrr",
        "boursier",
        "rsa",
        "documents",
        "decision_reason",
    }
    assert not sensitive & set(profile)
    flat = json.dumps(profile, default=str)
    assert "Neuhof" not in flat
    assert candidate.postcode not in flat
    assert candidate.city not in flat
    assert str(candidate.birth_date) not in flat
    assert profile["target_job"] == candidate.target_job
