"""A staff member without a second factor can open neither the dashboard nor the admin: they
enrol an authenticator app (the code computed here, as a phone would), keep their recovery
codes, then sign in with a code, and later with a recovery code (DESIGN §10). The pages of
the second factor pass axe-core's checks."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import check_page
from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

ENROL = re.compile(r"/accounts/2fa/totp/activate/$")


def authenticator_code(secret: str) -> str:
    """The code an authenticator app shows now; waits for the next step when this one ends
    within 3 seconds, so the server checks it in the step it was computed for."""
    if 30 - time.time() % 30 < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_enrol_a_second_factor_then_sign_in_with_a_code_or_a_recovery_code(
    page, live_server, shoot, settings
):
    settings.STAFF_MFA_REQUIRED = True
    staff = factories.StaffFactory(email="delegue@example.org")
    sign_in(page, live_server, staff.email, factories.PASSWORD, "/tableau-de-bord/")

    # No staff page answers before the enrolment; allauth asks for the password again first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(
        page.get_by_role("alert").filter(has_text="protégés par un second facteur")
    ).to_be_visible()
    shoot("password-again")
    for path in ("/tableau-de-bord/", "/admin/"):
        page.goto(f"{live_server.url}{path}")
        expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_role("textbox", name="Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Confirmer").click()

    expect(page).to_have_url(ENROL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("application d'authentification")
    expect(page.get_by_role("img", name=re.compile("Code QR"))).to_be_visible()
    shoot("enrolment")
    assert check_page(page) == []
    secret = page.get_by_label("Clé secrète").input_value()
    page.get_by_label("Code de l'application d'authentification").fill(authenticator_code(secret))
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", name="Codes de récupération")).to_be_visible()
    recovery_codes = page.get_by_label("Codes inutilisés").input_value().split()
    assert len(recovery_codes) == 10
    shoot("recovery-codes")
    assert check_page(page) == []

    page.goto(f"{live_server.url}/tableau-de-bord/")
    expect(page.get_by_role("heading", name="Tableau de bord du programme")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Gestion régionale")).to_be_visible()

    # Signing in again asks for a code from the app.
    sign_out(page)
    sign_in(page, live_server, staff.email, factories.PASSWORD, "/tableau-de-bord/")
    expect(page.get_by_role("heading", name="Authentification à deux facteurs")).to_be_visible()
    shoot("code-step")
    assert check_page(page) == []
    page.get_by_label("Code").fill(authenticator_code(secret))
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Tableau de bord du programme")).to_be_visible()

    # Without the phone, a recovery code does, once.
    sign_out(page)
    sign_in(page, live_server, staff.email, factories.PASSWORD, "/admin/")
    page.get_by_label("Code").fill(recovery_codes[0])
    shoot("recovery-code-step")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Gestion régionale")).to_be_visible()
    shoot("admin")
