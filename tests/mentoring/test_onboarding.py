"""A colleague who accepted their company's invitation fills in the mentor profile and the
charter; the mentor waits for activation and the region's staff are told (experience under 8
years flagged)."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Invitation
from mentoring import selectors
from mentoring.models import Mentor
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

ONBOARDING = reverse("mentoring:mentor_onboarding")


@pytest.fixture
def invited(company):
    """A colleague who accepted a mentor invitation of ``company`` and has no profile yet."""
    user = factories.UserFactory(email="collegue@entreprise.example")
    factories.InvitationFactory(
        company=company,
        kind=Invitation.Kind.MENTOR,
        email=user.email,
        used_at=timezone.now(),
        accepted_by=user,
    )
    return user


def profile_form(**overrides):
    data = {
        "job_title": "Directrice administrative et financière",
        "function": factories.job_family("finance").pk,
        "expertise": [factories.job_family("management").pk],
        "sectors": [factories.sector("banking-insurance").pk],
        "years_of_experience": "15",
        "has_business_experience": "on",
        "departments": [factories.department("67").pk],
        "capacity": "2",
        "languages": [factories.language("fr").pk, factories.language("en").pk],
        "bio": "Vingt ans dans la banque, j'aime transmettre.",
        "charter": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_invited_colleague_completes_the_profile_and_waits_for_activation(
    login, invited, company, staff, other_staff, django_capture_on_commit_callbacks
):
    client = login(invited)
    page = client.get(ONBOARDING)
    assert page.status_code == 200
    assert "La charte du parrainage" in unescape(page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ONBOARDING, profile_form())
    assert response.status_code == 302
    assert response.url == reverse("mentoring:mentor_space")
    mentor = Mentor.objects.get(user=invited)
    assert mentor.status == Mentor.Status.PENDING
    assert mentor.company == company
    assert mentor.region == company.region
    assert mentor.charter_signed_at is not None
    assert mentor.capacity == 2
    assert mentor.has_business_experience
    assert set(mentor.languages.values_list("code", flat=True)) == {"fr", "en"}
    # The staff of the company's region are told, in the site and by e-mail; not the others.
    alert = Notification.objects.get(recipient=staff, kind="mentor_awaiting_activation")
    assert alert.in_app
    assert alert.url == reverse("admin:mentoring_mentor_change", args=[mentor.pk])
    assert not Notification.objects.filter(recipient=other_staff).exists()
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert "moins de 8 ans" not in message.subject


def test_fewer_than_8_years_of_experience_is_flagged_to_staff(
    login, invited, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(invited).post(ONBOARDING, profile_form(years_of_experience="5"))
    mentor = Mentor.objects.get(user=invited)
    assert mentor.experience_flagged
    [message] = mail.outbox
    assert "moins de 8 ans d'expérience" in message.subject
    assert "ce profil déclare 5 années d'expérience professionnelle" in message.body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"charter": None}, "charter", "Acceptez la charte du parrainage"),
        ({"capacity": "0"}, "capacity", "Indiquez un nombre entre 1 et 5"),
        ({"capacity": "6"}, "capacity", "Indiquez un nombre entre 1 et 5"),
        ({"capacity": "deux"}, "capacity", "Indiquez un nombre entre 1 et 5"),
        ({"years_of_experience": "75"}, "years_of_experience", "entre 0 et 60"),
        ({"departments": None}, "departments", "Choisissez au moins un département"),
        ({"sectors": None}, "sectors", "Choisissez au moins un secteur"),
        ({"job_title": ""}, "job_title", "Saisissez l'intitulé de votre poste"),
    ],
    ids=[
        "no-charter",
        "capacity-0",
        "capacity-6",
        "capacity-text",
        "years",
        "nowhere",
        "no-sector",
        "no-title",
    ],
)
def test_bad_profile_is_explained_and_nothing_is_created(
    login, invited, staff, overrides, field, message
):
    response = login(invited).post(ONBOARDING, profile_form(**overrides))
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert response.context["form"].errors[field]
    assert not Mentor.objects.exists()
    assert not Notification.objects.exists()


def test_remote_mentoring_replaces_departments(login, invited):
    login(invited).post(ONBOARDING, profile_form(departments=None, remote="on"))
    mentor = Mentor.objects.get(user=invited)
    assert mentor.remote
    assert not mentor.departments.exists()


def test_departments_of_another_region_are_refused(login, invited):
    response = login(invited).post(
        ONBOARDING, profile_form(departments=[factories.department("75").pk])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["departments"]
    assert not Mentor.objects.exists()


def test_someone_without_an_accepted_invitation_cannot_onboard(login):
    user = factories.UserFactory()
    factories.InvitationFactory(email=user.email)  # invited, but not accepted
    client = login(user)
    assert client.get(ONBOARDING).status_code == 403
    assert client.post(ONBOARDING, profile_form()).status_code == 403
    assert not Mentor.objects.exists()


def test_a_mentor_is_sent_back_to_their_space(login, mentor):
    response = login(mentor.user).get(ONBOARDING)
    assert response.url == reverse("mentoring:mentor_space")


def test_the_mentor_space_leads_an_invited_colleague_to_the_form(login, invited):
    response = login(invited).get(reverse("mentoring:mentor_space"))
    assert response.url == ONBOARDING


def test_the_charter_is_a_public_page(client):
    response = client.get(reverse("mentoring:mentor_charter"))
    assert response.status_code == 200
    assert "Confidentialité" in response.content.decode()


def test_my_space_panel_points_an_invited_colleague_to_the_form(invited, company, mentor):
    panel = selectors.onboarding_panel(user=invited)
    assert panel == {"company": company, "url": ONBOARDING}
    assert selectors.onboarding_panel(user=mentor.user) is None
    assert selectors.onboarding_panel(user=factories.UserFactory()) is None


def test_my_space_leads_an_invited_colleague_to_the_mentor_profile(client):
    invitation, _token = factories.invitation_with_token()
    user = factories.UserFactory(email=invitation.email)
    invitation.used_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    client.force_login(user)
    response = client.get(reverse("my_space"))
    assert response.context["panels"][0][0] == "mentoring/panels/mentor_onboarding.html"
    assert reverse("mentoring:mentor_onboarding") in response.content.decode()
