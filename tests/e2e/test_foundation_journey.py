"""A visitor discovers the programme, creates an account, verifies the e-mail from the
outbox and reaches their space; a regional staff member signs in to the admin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def test_visitor_signs_up_verifies_and_reaches_their_space(page, live_server, shoot):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("parrain")
    shoot("home")

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Who can apply?")).to_be_visible()
    shoot("home-in-english")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()

    page.get_by_role("link", name="Candidater", exact=True).click()
    page.get_by_label("Prénom").fill("Nour")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Benali")
    page.get_by_label("Adresse e-mail").fill("nour.benali@example.org")
    page.get_by_role("textbox", name="Mot de passe", exact=True).fill("Un-mot-de-passe-solide-2026")
    page.get_by_role("textbox", name="Mot de passe (confirmation)").fill(
        "Un-mot-de-passe-solide-2026"
    )
    page.get_by_label(re.compile("politique de confidentialité")).check()
    shoot("signup")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmez votre adresse e-mail")
    shoot("verification-sent")

    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    shoot("confirm-email")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()
    shoot("my-space")


def test_regional_staff_signs_in_to_the_admin(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    factories.CandidateFactory(user__last_name="Benali")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Adresse e-mail").fill(staff.email)
    page.get_by_role("textbox", name="Mot de passe").fill(factories.PASSWORD)
    shoot("admin-login")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Gestion régionale")).to_be_visible()
    shoot("admin-index")
    page.get_by_role("link", name="Candidat·es").first.click()
    expect(page.get_by_text("Benali")).to_be_visible()
    shoot("admin-candidates")
