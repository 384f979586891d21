"""Staff invite a company contact from the admin; the contact accepts the link from the e-mail
and invites a colleague; the colleague accepts, fills in the mentor profile and the charter;
staff activate the new mentor in the admin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from mentoring.models import Mentor
from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PASSWORD = "Un-mot-de-passe-solide-2026"
LINK = re.compile(r"https?://[^/\s]+(/invitation/[\w-]+/)")


def invitation_path(address: str) -> str:
    [message] = [message for message in mail.outbox if message.to == [address]]
    return LINK.search(message.body).group(1)


def create_account(page, first_name: str, last_name: str) -> None:
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_role("textbox", name="Nom", exact=True).fill(last_name)
    page.get_by_role("textbox", name="Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Mot de passe (confirmation)").fill(PASSWORD)


def test_staff_invite_a_contact_who_invites_a_mentor_whom_staff_activate(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    company = factories.CompanyFactory(name="Banque du Rhin")

    # 1. Staff invite the company's CSR contact from the company page of the admin.
    sign_in(
        page,
        live_server,
        staff.email,
        factories.PASSWORD,
        f"/admin/companies/company/{company.pk}/change/",
    )
    expect(page.get_by_role("link", name="Inviter un·e référent·e entreprise")).to_be_visible()
    shoot("admin-company")
    page.get_by_role("link", name="Inviter un·e référent·e entreprise").click()
    page.get_by_label("Adresse e-mail de la personne à inviter").fill("rse@banque-du-rhin.example")
    shoot("admin-invite-contact")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("a été envoyée à rse@banque-du-rhin.example")).to_be_visible()
    shoot("admin-contact-invited")
    page.context.clear_cookies()

    # 2. The contact opens the link from the e-mail and creates the account.
    page.goto(live_server.url + invitation_path("rse@banque-du-rhin.example"))
    expect(page.get_by_role("heading", name="Créez votre compte")).to_be_visible()
    create_account(page, "Claire", "Lambert")
    shoot("contact-signup")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Espace entreprise")).to_be_visible()
    shoot("company-space")

    # 3. The contact invites a colleague to become a mentor.
    page.get_by_label("Adresse e-mail de la personne à inviter").fill(
        "camille.martin@banque-du-rhin.example"
    )
    page.get_by_role("button", name="Envoyer l'invitation").click()
    row = page.get_by_role("row", name=re.compile("camille.martin@banque-du-rhin.example"))
    expect(row).to_contain_text("Envoyée")
    shoot("colleague-invited")
    page.get_by_role("link", name="Voir l'engagement").click()
    expect(page.get_by_role("heading", name="Engagement de Banque du Rhin")).to_be_visible()
    shoot("engagement")
    page.get_by_role("link", name=re.compile("Bilan RSE 20")).first.click()
    expect(page.get_by_role("button", name="Imprimer / enregistrer en PDF")).to_be_visible()
    shoot("csr-report")
    page.context.clear_cookies()

    # 4. The colleague accepts, then fills in the mentor profile and accepts the charter.
    page.goto(live_server.url + invitation_path("camille.martin@banque-du-rhin.example"))
    create_account(page, "Camille", "Martin")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Mon profil de parrain ou marraine")).to_be_visible()
    page.get_by_label("Intitulé du poste").fill("Directrice administrative et financière")
    page.get_by_role("combobox", name="Fonction", exact=True).select_option(
        label="Finance, comptabilité, contrôle de gestion"
    )
    page.get_by_label("Années d'expérience professionnelle").fill("16")
    page.get_by_label("Banque, assurance, finance").check()
    page.get_by_label("67 – Bas-Rhin").check()
    page.get_by_label("Combien de jeunes diplômé·es à la fois").fill("2")
    page.get_by_label("Anglais").check()
    page.get_by_label("J'ai lu la charte du parrainage et je m'engage à la respecter").check()
    shoot("mentor-profile")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_role("heading", name="Mon espace parrainage")).to_be_visible()
    expect(page.get_by_text("Votre profil attend son activation")).to_be_visible()
    shoot("mentor-space-pending")
    page.context.clear_cookies()

    # 5. Staff, told by the platform, activate the mentor in the admin.
    mentor = Mentor.objects.get(user__email="camille.martin@banque-du-rhin.example")
    assert mentor.status == Mentor.Status.PENDING
    assert any(message.to == [staff.email] for message in mail.outbox)
    sign_in(
        page,
        live_server,
        staff.email,
        factories.PASSWORD,
        "/admin/mentoring/mentor/?status__exact=pending",
    )
    page.get_by_role("checkbox", name=re.compile("Sélectionner pour une action.*Camille")).check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Activer les parrains et marraines sélectionnés"
    )
    shoot("admin-activate")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("1 parrain ou marraine activé·e")).to_be_visible()
    page.goto(f"{live_server.url}/admin/mentoring/mentor/?q=camille.martin")
    expect(page.get_by_role("row", name=re.compile("Camille Martin"))).to_contain_text("Actif")
    shoot("admin-mentor-activated")

    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    assert mentor.activated_by == staff
    assert any(
        message.to == ["camille.martin@banque-du-rhin.example"] and "actif" in message.subject
        for message in mail.outbox
    )
