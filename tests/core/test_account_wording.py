"""allauth's pages in French written by the association (issue 16, item 7): "Créer mon
compte", no "Vous pouvez donc", no "(e)", one word for the e-mail address."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.core.test_second_factor import give_factor, sign_in

NBSP = "\u00a0"

pytestmark = pytest.mark.django_db

STIFF = [
    "Création de compte",
    "Vous pouvez donc",
    "merci de vous enregistrer",
    "(e)",
    "Courriel",
    "veuillez vérifier votre dossier de spam",
    "Se souvenir de moi",
]


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", "", html)
    # Plain white space only: the non-breaking spaces of French punctuation stay.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def assert_reads_well(text: str) -> None:
    for phrase in STIFF:
        assert phrase not in text


@pytest.mark.parametrize(
    "url_name",
    ["account_signup", "account_login", "account_reset_password", "account_reset_password_done"],
)
def test_entrance_pages_read_well(client, url_name):
    assert_reads_well(visible_text(client.get(reverse(url_name))))


def test_signing_up_is_creating_my_account(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert re.search(r"<button[^>]*>\s*Créer mon compte\s*</button>", html)
    assert f'Vous avez déjà un compte{NBSP}? <a href="{reverse("account_login")}">' in html


def test_signing_in_points_newcomers_to_their_application(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert f'<a href="{reverse("account_signup")}">Créez votre compte</a>' in html
    assert "Rester connecté·e" in html
    assert re.search(r"<button[^>]*>\s*Se connecter\s*</button>", html)


def test_a_forgotten_password_gives_an_address_to_write_to(client, settings):
    response = client.get(reverse("account_reset_password_done"))
    assert settings.LEGAL["contact_email"] in visible_text(response)


def test_signed_in_account_pages_read_well(login):
    client = login(factories.StaffFactory())
    for url_name in ["account_logout", "account_email", "account_change_password", "mfa_index"]:
        assert_reads_well(visible_text(client.get(reverse(url_name))))
    assert "Voulez-vous vraiment vous déconnecter" in visible_text(
        client.get(reverse("account_logout"))
    )


def test_signing_out_says_so_in_inclusive_french(login):
    client = login(factories.UserFactory())
    response = client.post(reverse("account_logout"), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Vous êtes déconnecté·e."]


def test_the_code_step_of_staff_reads_well(client):
    staff = factories.StaffFactory()
    give_factor(staff)
    sign_in(client, staff)
    text = visible_text(client.get(reverse("mfa_authenticate")))
    assert_reads_well(text)
    assert "Saisissez le code affiché par votre application d'authentification" in text


def test_new_recovery_codes_ask_without_sur_e(login):
    staff = factories.StaffFactory()
    give_factor(staff)
    client = login(staff)
    url = reverse("mfa_generate_recovery_codes")
    # allauth has the password confirmed first (its "Confirm your identity" page).
    confirm = client.get(url)["Location"]
    assert_reads_well(visible_text(client.get(confirm)))
    client.post(confirm, {"password": factories.PASSWORD})
    text = visible_text(client.get(url))
    assert_reads_well(text)
    assert f"Voulez-vous continuer{NBSP}?" in text


def test_confirming_ones_identity_by_code_reads_well(login):
    client = login(factories.UserFactory(email="ines@example.org"))
    request_page = visible_text(client.get(reverse("account_request_reauthentication_code")))
    assert "Recipient" not in request_page
    assert "Nous envoyons le code à ines@example.org." in request_page
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "ines@example.org"})
    confirm_page = visible_text(client.get(reverse("account_confirm_reauthentication_code")))
    assert_reads_well(confirm_page)
    assert "Saisissez le code de connexion" in confirm_page
    assert "veuillez donc" not in confirm_page
