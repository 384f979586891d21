"""The company space: a contact invites colleagues, sees each invitation's state, resends or
revokes; everything is scoped to their own company."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Invitation
from tests import factories

pytestmark = pytest.mark.django_db

SPACE = reverse("companies:company_space")


def test_contact_invites_a_colleague_who_receives_the_link(
    login, company_contact, django_capture_on_commit_callbacks
):
    client = login(company_contact.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SPACE, {"email": "Collegue@Entreprise.example"}, follow=True)
    assert response.status_code == 200
    assert "L'invitation a été envoyée à collegue@entreprise.example" in unescape(
        response.content.decode()
    )
    invitation = Invitation.objects.get()
    assert invitation.company == company_contact.company
    assert invitation.kind == Invitation.Kind.MENTOR
    assert invitation.invited_by == company_contact.user
    [message] = mail.outbox
    assert message.to == ["collegue@entreprise.example"]
    assert "/invitation/" in message.body
    assert company_contact.user.get_full_name() in message.body


def test_invalid_address_is_explained_and_nothing_is_sent(login, company_contact):
    client = login(company_contact.user)
    response = client.post(SPACE, {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    assert not Invitation.objects.exists()


def test_contact_of_a_company_whose_agreement_ended_cannot_invite(login):
    contact = factories.CompanyContactFactory(company__partnership_status=Company.Partnership.ENDED)
    client = login(contact.user)
    page = unescape(client.get(SPACE).content.decode())
    assert "n'est pas en vigueur" in page
    assert 'name="email"' not in page
    response = client.post(SPACE, {"email": "collegue@entreprise.example"})
    assert "n'est pas en vigueur" in unescape(response.content.decode())
    assert not Invitation.objects.exists()


def test_list_shows_each_invitation_state(login, company_contact):
    company = company_contact.company
    now = timezone.now()
    past = now - datetime.timedelta(days=30)
    factories.InvitationFactory(company=company, email="sent@example.org")
    factories.InvitationFactory(company=company, email="accepted@example.org", used_at=now)
    factories.InvitationFactory(
        company=company,
        email="expired@example.org",
        created_at=past,
        expires_at=past + datetime.timedelta(days=14),
    )
    factories.InvitationFactory(company=company, email="revoked@example.org", revoked_at=now)
    factories.InvitationFactory(email="other-company@example.org")
    page = login(company_contact.user).get(SPACE).content.decode()
    for email, label in [
        ("sent@example.org", "Envoyée"),
        ("accepted@example.org", "Acceptée"),
        ("expired@example.org", "Expirée"),
        ("revoked@example.org", "Révoquée"),
    ]:
        row = page[page.index(email) :]
        row = row[: row.index("</tr>")]
        assert label in row, (email, row)
    assert "other-company@example.org" not in page


def test_contact_resends_and_revokes_an_invitation(
    login, company_contact, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory(company=company_contact.company)
    client = login(company_contact.user)
    old_hash = invitation.token_hash
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("companies:invitation_resend", args=[invitation.pk]))
    assert response.url == SPACE
    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert len(mail.outbox) == 1

    client.post(reverse("companies:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    response = client.post(
        reverse("companies:invitation_resend", args=[invitation.pk]), follow=True
    )
    assert "ne peut pas être renvoyée" in response.content.decode()


@pytest.mark.parametrize("url_name", ["invitation_resend", "invitation_revoke"])
def test_resend_and_revoke_answer_get_with_405(login, company_contact, url_name):
    invitation = factories.InvitationFactory(company=company_contact.company)
    response = login(company_contact.user).get(
        reverse(f"companies:{url_name}", args=[invitation.pk])
    )
    assert response.status_code == 405


@pytest.mark.parametrize("url_name", ["invitation_resend", "invitation_revoke"])
def test_contact_of_company_a_gets_404_on_company_b_invitations(
    login, company_contact, other_company, url_name
):
    theirs = factories.InvitationFactory(company=other_company)
    hash_before = theirs.token_hash
    response = login(company_contact.user).post(reverse(f"companies:{url_name}", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.token_hash == hash_before
    assert theirs.revoked_at is None


def test_contact_invitations_are_not_managed_from_the_company_space(login, company_contact):
    staff_made = factories.InvitationFactory(
        company=company_contact.company, kind=Invitation.Kind.CONTACT
    )
    response = login(company_contact.user).post(
        reverse("companies:invitation_revoke", args=[staff_made.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("count", [3, 60])
def test_company_space_query_count_does_not_grow_with_invitations(
    login, company_contact, django_assert_num_queries, count
):
    factories.InvitationFactory.create_batch(
        count, company=company_contact.company, invited_by=company_contact.user
    )
    client = login(company_contact.user)
    # Session, user, contact, roles, unread notifications, state counts, page count, rows.
    with django_assert_num_queries(8):
        response = client.get(SPACE)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<th scope="row"') == min(count, 20)
    if count > 20:
        assert "Page 1 sur 3" in page


def test_my_space_panel_counts_invitations_like_the_company_space(
    login, company_contact, django_assert_num_queries
):
    from companies import selectors

    company = company_contact.company
    now = timezone.now()
    factories.InvitationFactory.create_batch(2, company=company)
    factories.InvitationFactory(company=company, used_at=now)
    factories.InvitationFactory(company=company, revoked_at=now)
    factories.InvitationFactory(company=company, kind=Invitation.Kind.CONTACT)
    with django_assert_num_queries(2):  # the contact, then the counts
        panel = selectors.contact_panel(user=company_contact.user)
    assert panel["counts"] == selectors.invitation_counts(company=company)
    assert (panel["counts"]["sent"], panel["counts"]["accepted"]) == (2, 1)
    with django_assert_num_queries(1):  # a caller that has the contact saves its query
        assert (
            selectors.contact_panel(user=company_contact.user, contact=company_contact)["counts"]
            == panel["counts"]
        )

    page = login(company_contact.user).get(reverse("my_space")).content.decode()
    section = page[page.index('aria-labelledby="company-panel-title"') :]
    section = section[: section.index("</section>")]
    waiting, accepted = re.findall(r'<dd class="col-sm-7">([^<]*)</dd>', section)[-2:]
    assert (waiting, accepted) == ("2", "1")
