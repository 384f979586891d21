"""Accepting an invitation: the account is made for the invited address (the token proves
it); every misuse gets a clear page and creates nothing; the inviter is told who accepted."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies import services
from companies.models import Company, CompanyContact, Invitation
from mentoring.models import Mentor
from nqt.core.french import elide
from nqt.core.models import Notification, User
from tests import factories

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "first_name": "Camille",
    "last_name": "Martin",
    "password1": "Un-mot-de-passe-solide-2026",
    "password2": "Un-mot-de-passe-solide-2026",
}


def accept_url(token: str) -> str:
    return reverse("companies:invitation_accept", kwargs={"token": token})


def counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        CompanyContact.objects.count(),
        Mentor.objects.count(),
        Invitation.objects.filter(used_at__isnull=False).count(),
    )


# --- The happy paths ------------------------------------------------------------------------


def test_invited_contact_creates_the_account_of_the_invited_address_and_reaches_the_space(
    client,
):
    invitation, token = factories.invitation_with_token(
        kind=Invitation.Kind.CONTACT, email="rh@entreprise.example"
    )
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert "rh@entreprise.example" in page.content.decode()

    # A visitor cannot choose another address: only the invited one is used.
    response = client.post(accept_url(token), {**NEW_ACCOUNT, "email": "pirate@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("companies:company_space")
    user = User.objects.get(email="rh@entreprise.example")
    assert not User.objects.filter(email="pirate@example.org").exists()
    assert user.first_name == "Camille"
    assert user.check_password(NEW_ACCOUNT["password1"])
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert CompanyContact.objects.get(user=user).company == invitation.company
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.accepted_by == user
    assert invitation.state == Invitation.State.ACCEPTED
    # Signed in: the company space answers.
    assert client.get(reverse("companies:company_space")).status_code == 200


def test_invited_mentor_is_sent_to_the_mentor_profile_form(client):
    invitation, token = factories.invitation_with_token(kind=Invitation.Kind.MENTOR)
    response = client.post(accept_url(token), NEW_ACCOUNT)
    assert response.status_code == 302
    assert response.url == reverse("mentoring:mentor_onboarding")
    assert not Mentor.objects.exists()
    assert not CompanyContact.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by.email == invitation.email


def test_weak_or_mismatched_passwords_are_explained_and_nothing_is_created(client):
    _invitation, token = factories.invitation_with_token()
    before = counts()
    response = client.post(
        accept_url(token), {**NEW_ACCOUNT, "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "trop court" in content or "trop courant" in content
    response = client.post(accept_url(token), {**NEW_ACCOUNT, "password2": "Autre-chose-2026!"})
    assert "Les deux mots de passe diffèrent." in response.content.decode()
    assert counts() == before


def test_existing_account_is_asked_to_sign_in_then_accepts(client):
    user = factories.UserFactory(email="deja@entreprise.example")
    invitation, token = factories.invitation_with_token(email="deja@entreprise.example")
    before = counts()
    page = client.get(accept_url(token))
    assert page.status_code == 409
    content = page.content.decode()
    assert "Connectez-vous" in content
    assert f"next=%2Finvitation%2F{token}%2F" in content
    assert client.post(accept_url(token), NEW_ACCOUNT).status_code == 409
    assert counts() == before

    client.force_login(user)
    confirm = client.get(accept_url(token))
    assert confirm.status_code == 200
    response = client.post(accept_url(token))
    assert response.url == reverse("mentoring:mentor_onboarding")
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Coming back to the link later leads to the same place.
    assert client.get(accept_url(token)).url == reverse("mentoring:mentor_onboarding")


def test_double_submit_uses_the_invitation_once(client):
    _invitation, token = factories.invitation_with_token()
    client.post(accept_url(token), NEW_ACCOUNT)
    client.logout()
    before = counts()
    response = client.post(accept_url(token), NEW_ACCOUNT)
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()
    assert counts() == before


# --- Misuse: a clear page, nothing created --------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        (
            {"expires_at": timezone.now() - datetime.timedelta(minutes=1)},
            410,
            "Cette invitation a expiré",
        ),
        ({"revoked_at": timezone.now()}, 410, "Cette invitation a été retirée"),
        ({"used_at": timezone.now()}, 410, "Cette invitation a déjà été utilisée"),
        (
            {"company__partnership_status": Company.Partnership.ENDED},
            410,
            "Ce partenariat n'est pas en vigueur",
        ),
    ],
    ids=["expired", "revoked", "already-used", "agreement-ended"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_unusable_invitation_gets_a_clear_page_and_creates_nothing(
    client, setup, status, message, method
):
    created_at = timezone.now() - datetime.timedelta(days=20)
    _invitation, token = factories.invitation_with_token(
        kind=Invitation.Kind.CONTACT, created_at=created_at, **setup
    )
    before = counts()
    response = getattr(client, method)(accept_url(token), NEW_ACCOUNT)
    assert response.status_code == status
    assert message in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_token_gets_a_clear_page_and_creates_nothing(client, method):
    factories.invitation_with_token()
    before = counts()
    response = getattr(client, method)(accept_url("not-a-real-token"), NEW_ACCOUNT)
    assert response.status_code == 404
    assert "Ce lien d'invitation n'est pas valide" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_forwarded_invitation_is_refused_to_someone_signed_in_with_another_address(client, method):
    invitation, token = factories.invitation_with_token(
        kind=Invitation.Kind.CONTACT, email="destinataire@entreprise.example"
    )
    colleague = factories.UserFactory(email="collegue@entreprise.example")
    client.force_login(colleague)
    before = counts()
    response = getattr(client, method)(accept_url(token))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Cette invitation a été envoyée à quelqu'un d'autre" in content
    assert "d•••@entreprise.example" in content
    assert "destinataire@entreprise.example" not in content
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_someone_already_mentor_cannot_accept_a_second_mentor_invitation(client):
    mentor = factories.MentorFactory()
    _invitation, token = factories.invitation_with_token(email=mentor.user.email)
    client.force_login(mentor.user)
    before = counts()
    response = client.post(accept_url(token))
    assert response.status_code == 403
    assert "Vous êtes déjà parrain ou marraine" in response.content.decode()
    assert counts() == before


def test_a_company_contact_cannot_become_the_contact_of_a_second_company(client):
    contact = factories.CompanyContactFactory()
    _invitation, token = factories.invitation_with_token(
        kind=Invitation.Kind.CONTACT, email=contact.user.email
    )
    client.force_login(contact.user)
    before = counts()
    response = client.post(accept_url(token))
    assert response.status_code == 403
    assert counts() == before


# --- The inviter is told ----------------------------------------------------------------------


def accept_with_new_account(invitation):
    return services.invitation_accept_with_new_account(
        invitation=invitation,
        first_name=NEW_ACCOUNT["first_name"],
        last_name=NEW_ACCOUNT["last_name"],
        password=NEW_ACCOUNT["password1"],
    )


def test_the_contact_who_invited_a_mentor_is_told_after_commit(
    company_contact, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory(
        company=company_contact.company, invited_by=company_contact.user, email="cm@example.org"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept_with_new_account(invitation)
    assert mail.outbox == []
    notification = Notification.objects.get(kind="invitation_accepted")
    assert notification.recipient == company_contact.user
    assert notification.in_app
    assert notification.about == invitation
    assert notification.url == reverse("companies:company_space")
    assert notification.title == "Camille Martin a accepté votre invitation"

    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [company_contact.user.email]
    assert message.subject == "Camille Martin a accepté votre invitation"
    body = " ".join(message.body.split())
    assert (
        f"Camille Martin (cm@example.org) a accepté votre invitation à devenir parrain ou "
        f"marraine avec {company_contact.company.name} sur la plateforme." in body
    )
    assert "signer la charte" in body
    assert f"http://127.0.0.1:8000{reverse('companies:company_space')}" in body
    assert "Voir les invitations" in unescape(message.alternatives[0][0])


def test_the_staff_member_who_invited_a_contact_is_told_with_the_company_admin_page(
    staff, company, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(first_name="Nadia", last_name="Benali")
    invitation = factories.InvitationFactory(
        company=company, kind=Invitation.Kind.CONTACT, invited_by=staff, email=user.email
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(invitation=invitation, user=user)
    notification = Notification.objects.get(kind="invitation_accepted")
    assert notification.recipient == staff
    admin_page = reverse("admin:companies_company_change", args=[company.pk])
    assert notification.url == admin_page
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "Nadia Benali a accepté votre invitation"
    body = " ".join(message.body.split())
    assert elide(f"est désormais référent·e de {company.name}") in body
    assert f"http://127.0.0.1:8000{admin_page}" in body


def test_accepting_through_the_page_tells_the_inviter(client, company_contact):
    invitation, token = factories.invitation_with_token(
        company=company_contact.company, invited_by=company_contact.user
    )
    client.post(accept_url(token), NEW_ACCOUNT)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert Notification.objects.filter(
        kind="invitation_accepted", recipient=company_contact.user
    ).exists()


@pytest.mark.parametrize(
    "inviter",
    [
        pytest.param(lambda company: None, id="account-deleted"),
        pytest.param(
            lambda company: (
                factories.CompanyContactFactory(company=company, user__is_active=False).user
            ),
            id="account-deactivated",
        ),
        pytest.param(
            lambda company: factories.CompanyContactFactory().user, id="contact-left-company"
        ),
        pytest.param(
            lambda company: factories.StaffFactory(regions=[factories.region("ile-de-france")]),
            id="staff-of-another-region",
        ),
    ],
)
def test_an_inviter_who_can_no_longer_follow_the_invitations_is_not_told(
    company, inviter, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory(company=company, invited_by=inviter(company))
    with django_capture_on_commit_callbacks(execute=True):
        accept_with_new_account(invitation)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert not Notification.objects.filter(kind="invitation_accepted").exists()
    assert mail.outbox == []


def test_a_refused_acceptance_tells_the_inviter_nothing(
    company_contact, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory(
        company=company_contact.company,
        invited_by=company_contact.user,
        revoked_at=timezone.now(),
    )
    before = counts()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.InvitationRefused),
    ):
        accept_with_new_account(invitation)
    assert counts() == before
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_acceptance_tells_the_inviter_nothing(
    company_contact, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory(
        company=company_contact.company, invited_by=company_contact.user
    )

    def accept_then_fail():
        with transaction.atomic():
            accept_with_new_account(invitation)
            raise RuntimeError("the request failed after accepting")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        accept_then_fail()
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    assert not Notification.objects.exists()
    assert mail.outbox == []
