"""Staff manage partner companies in the admin: SIREN errors explained, agreement dates checked,
company contacts invited by e-mail (not when the agreement has ended)."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.timezone import now

from companies.models import Company, Invitation
from tests import factories

pytestmark = pytest.mark.django_db

ADD = reverse("admin:companies_company_add")


def company_form(**overrides) -> dict[str, str]:
    data = {
        "name": "Banque du Rhin",
        "siren": "552 100 554",
        "sector": str(factories.sector().pk),
        "size": Company.Size.LARGE,
        "region": str(factories.region().pk),
        "website": "",
        "partnership_status": Company.Partnership.ACTIVE,
        "agreement_start": "01/01/2026",
        "agreement_end": "31/12/2027",
        # Inline management forms (contacts and invitations are read-only inlines).
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_add_a_company_with_a_siren_typed_with_spaces(login, staff):
    response = login(staff).post(ADD, company_form())
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert Company.objects.get().siren == "552100554"


@pytest.mark.parametrize(
    ("siren", "explanation"),
    [
        ("55210055", "Un numéro SIREN compte exactement 9 chiffres."),
        ("55210055A", "Un numéro SIREN ne contient que des chiffres."),
        ("552100555", "son chiffre de contrôle ne correspond pas"),
    ],
    ids=["length", "letters", "check-digit"],
)
def test_siren_errors_are_explained(login, staff, siren, explanation):
    response = login(staff).post(ADD, company_form(siren=siren))
    assert response.status_code == 200
    assert explanation in unescape(response.content.decode())
    assert not Company.objects.exists()


def test_an_agreement_cannot_end_before_it_starts(login, staff):
    response = login(staff).post(
        ADD, company_form(agreement_start="01/06/2026", agreement_end="31/12/2025")
    )
    assert response.status_code == 200
    assert "La convention ne peut pas se terminer avant de commencer" in unescape(
        response.content.decode()
    )
    assert not Company.objects.exists()


def test_staff_invite_a_company_contact_from_the_company_page(
    login, staff, company, django_capture_on_commit_callbacks
):
    client = login(staff)
    change = client.get(reverse("admin:companies_company_change", args=[company.pk]))
    invite_url = reverse("admin:companies_company_invite_contact", args=[company.pk])
    assert invite_url in change.content.decode()
    assert client.get(invite_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url, {"email": "rse@entreprise.example"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.kind == Invitation.Kind.CONTACT
    assert invitation.company == company
    assert invitation.invited_by == staff
    [message] = mail.outbox
    assert message.to == ["rse@entreprise.example"]
    assert company.name in message.subject


def test_a_company_whose_agreement_ended_cannot_invite_a_contact(login, staff):
    company = factories.CompanyFactory(
        agreement_start=datetime.date(2018, 1, 1), agreement_end=datetime.date(2020, 12, 31)
    )
    client = login(staff)
    invite_url = reverse("admin:companies_company_invite_contact", args=[company.pk])
    page = unescape(client.get(invite_url).content.decode())
    assert "n'est pas en vigueur" in page
    response = client.post(invite_url, {"email": "rse@entreprise.example"})
    assert "n'est pas en vigueur" in unescape(response.content.decode())
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_staff_of_another_region_cannot_invite_for_the_company(login, other_staff, company):
    invite_url = reverse("admin:companies_company_invite_contact", args=[company.pk])
    response = login(other_staff).post(invite_url, {"email": "rse@entreprise.example"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_staff_resend_and_revoke_invitations_from_the_admin_list(
    login, staff, django_capture_on_commit_callbacks
):
    invitation = factories.InvitationFactory()
    client = login(staff)
    changelist = reverse("admin:companies_invitation_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "resend_selected", "_selected_action": [invitation.pk]})
    assert len(mail.outbox) == 1
    client.post(changelist, {"action": "revoke_selected", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED


def test_staff_see_each_invitation_state_in_the_list_and_on_the_company(login, staff):
    company = factories.CompanyFactory()
    factories.InvitationFactory(company=company, email="sent@example.org")
    factories.InvitationFactory(company=company, email="revoked@example.org", revoked_at=now())
    client = login(staff)
    for url in (
        reverse("admin:companies_invitation_changelist"),
        reverse("admin:companies_company_change", args=[company.pk]),
    ):
        page = client.get(url).content.decode()
        assert "État" in page, url
        for email, label in [("sent@example.org", "Envoyée"), ("revoked@example.org", "Révoquée")]:
            row = page[page.index(email) :]
            row = row[: row.index("</tr>")]
            assert label in row, (url, email)
