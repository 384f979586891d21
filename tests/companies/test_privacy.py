"""A company contact's data in the export, and gone after erasure (DESIGN §10)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from companies import services
from companies.models import CompanyContact, Invitation
from nqt.core import privacy
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_holds_the_contacts_company_role_and_invitations(company_contact):
    factories.InvitationFactory(
        company=company_contact.company,
        kind=Invitation.Kind.CONTACT,
        email=company_contact.user.email,
        used_at=timezone.now(),
        accepted_by=company_contact.user,
    )
    data = privacy.export_user_data(company_contact.user)["company_contact"]
    assert data["company_contact"]["company"] == company_contact.company.name
    assert data["company_contact"]["job_title"] == "Responsable RSE"
    assert len(data["invitations_received"]) == 1


def test_erasure_forgets_the_contact_details_and_the_invited_address(company_contact):
    user = company_contact.user
    email = user.email
    accepted = factories.InvitationFactory(
        company=company_contact.company,
        kind=Invitation.Kind.CONTACT,
        email=email,
        used_at=timezone.now(),
        accepted_by=user,
    )
    still_open = services.invitation_create(
        company=factories.CompanyFactory(),
        email=email,
        kind=Invitation.Kind.MENTOR,
        invited_by=None,
    )
    assert Notification.objects.filter(email=email).exists()

    privacy.erase_user(user)

    contact = CompanyContact.objects.get(pk=company_contact.pk)
    assert contact.job_title == ""
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not Notification.objects.filter(email=email).exists()
    still_open.refresh_from_db()
    assert still_open.revoked_at is not None
    accepted.refresh_from_db()
    assert accepted.used_at is not None  # the history keeps its shape


def test_erasure_removes_the_inviters_notice_that_names_the_person(company_contact):
    invitation = factories.InvitationFactory(
        company=company_contact.company, invited_by=company_contact.user
    )
    person = factories.UserFactory(email=invitation.email, last_name="Kaddouri")
    services.invitation_accept(invitation=invitation, user=person)
    notice = Notification.objects.get(kind="invitation_accepted")
    assert notice.recipient == company_contact.user
    assert "Kaddouri" in notice.body_text

    privacy.erase_user(person)

    assert not Notification.objects.filter(pk=notice.pk).exists()
    assert not Notification.objects.filter(body_text__contains="Kaddouri").exists()
