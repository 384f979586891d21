"""Staff see and edit only their regions in the admin; national admins see everything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def grand_est_and_ile_de_france(model: str):
    """One object of ``model`` in Grand Est and one in Île-de-France."""
    idf_company = lambda: factories.CompanyFactory(region=factories.region("ile-de-france"))  # noqa: E731
    paris = factories.department("75")
    builders = {
        "core.region": lambda: (factories.region(), factories.region("ile-de-france")),
        "core.department": lambda: (factories.department("67"), paris),
        "candidates.candidate": lambda: (
            factories.CandidateFactory(),
            factories.CandidateFactory(department=paris, postcode="75011"),
        ),
        "companies.company": lambda: (factories.CompanyFactory(), idf_company()),
        "companies.companycontact": lambda: (
            factories.CompanyContactFactory(),
            factories.CompanyContactFactory(company=idf_company()),
        ),
        "companies.invitation": lambda: (
            factories.InvitationFactory(),
            factories.InvitationFactory(company=idf_company()),
        ),
        "mentoring.mentor": lambda: (
            factories.MentorFactory(),
            factories.MentorFactory(company=idf_company()),
        ),
        "mentoring.mentorship": lambda: (
            factories.MentorshipFactory(),
            factories.MentorshipFactory(candidate__department=paris),
        ),
        "mentoring.meeting": lambda: (
            factories.MeetingFactory(),
            factories.MeetingFactory(mentorship__candidate__department=paris),
        ),
        "mentoring.introduction": lambda: (
            factories.IntroductionFactory(),
            factories.IntroductionFactory(mentorship__candidate__department=paris),
        ),
        "mentoring.outcome": lambda: (
            factories.OutcomeFactory(),
            factories.OutcomeFactory(mentorship__candidate__department=paris),
        ),
    }
    return builders[model]()


SCOPED_MODELS = [
    "core.region",
    "core.department",
    "candidates.candidate",
    "companies.company",
    "companies.companycontact",
    "companies.invitation",
    "mentoring.mentor",
    "mentoring.mentorship",
    "mentoring.meeting",
    "mentoring.introduction",
    "mentoring.outcome",
]


def admin_url(model: str, view: str, *args) -> str:
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_staff_list_shows_only_their_region(model, staff, login):
    mine, foreign = grand_est_and_ile_de_france(model)
    response = login(staff).get(admin_url(model, "changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].queryset}
    assert mine.pk in shown
    assert foreign.pk not in shown


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_staff_get_404_on_another_regions_object(model, staff, login):
    mine, foreign = grand_est_and_ile_de_france(model)
    client = login(staff)
    assert client.get(admin_url(model, "change", mine.pk)).status_code == 200
    assert client.get(admin_url(model, "change", foreign.pk)).status_code == 404
    assert client.get(admin_url(model, "history", foreign.pk)).status_code == 404
    assert client.get(admin_url(model, "delete", foreign.pk)).status_code in {403, 404}


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_national_admin_sees_every_region(model, national_admin, login):
    mine, foreign = grand_est_and_ile_de_france(model)
    client = login(national_admin)
    shown = {obj.pk for obj in client.get(admin_url(model, "changelist")).context["cl"].queryset}
    assert {mine.pk, foreign.pk} <= shown
    assert client.get(admin_url(model, "change", foreign.pk)).status_code == 200


def test_staff_without_region_see_nothing(login):
    factories.CandidateFactory()
    lonely = factories.StaffFactory(regions=[])
    response = login(lonely).get(admin_url("candidates.candidate", "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_staff_cannot_save_a_company_in_another_region(staff, login):
    client = login(staff)
    response = client.get(admin_url("companies.company", "add"))
    offered = {region.pk for region in response.context["adminform"].form.fields["region"].queryset}
    assert offered == {factories.region().pk}

    response = client.post(
        admin_url("companies.company", "add"),
        {
            "name": "Entreprise parisienne",
            "siren": factories.valid_siren(4242),
            "sector": factories.sector().pk,
            "size": "large",
            "region": factories.region("ile-de-france").pk,
            "partnership_status": "active",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    from companies.models import Company

    assert not Company.objects.filter(name="Entreprise parisienne").exists()


def test_autocomplete_offers_only_in_scope_companies(staff, login):
    mine = factories.CompanyFactory(name="Alsace Conseil")
    factories.CompanyFactory(name="Alsace Paris", region=factories.region("ile-de-france"))
    response = login(staff).get(
        reverse("admin:autocomplete"),
        {
            "term": "Alsace",
            "app_label": "companies",
            "model_name": "companycontact",
            "field_name": "company",
        },
    )
    assert response.status_code == 200
    assert [int(result["id"]) for result in response.json()["results"]] == [mine.pk]


def test_staff_admin_index_lists_their_apps(staff, login):
    response = login(staff).get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert {"Candidate", "Company", "Mentor", "Mentorship"} <= listed
    assert "User" not in listed
    assert "Notification" not in listed
