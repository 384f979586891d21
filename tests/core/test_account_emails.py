"""allauth's e-mails, triggered through the site: they name the association (SITE_NAME), fill
every line, and read as French written by the association's team (issue 16, items 1 and 6)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.support import accounts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_name(settings):
    settings.SITE_NAME = "Quartiers Talents"
    settings.SITE_URL = "https://parrainage.example.org"


def sign_up(client, email):
    return accounts.sign_up(client, email=email)


def sent(django_capture_on_commit_callbacks, action):
    """Run ``action`` and return the one message it e-mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        action()
    [message] = mail.outbox
    mail.outbox.clear()
    return message


def assert_reads_well(message):
    text = f"{message.subject}\n{message.body}"
    assert "Quartiers Talents" in message.body
    # An empty variable leaves two spaces ("c'est  !") or a space before a comma.
    assert not re.search(r"\S {2,}\S", text), text
    assert not re.search(r" [,.]", text), text
    # French punctuation: a non-breaking space, never a plain one, before : ; ! ?
    assert not re.search(r" [:;!?]", text), text
    assert "(e)" not in text
    assert "Bonjour" in message.body
    assert "L'équipe Quartiers Talents" in message.body


def test_signup_confirmation_names_the_association(client, django_capture_on_commit_callbacks):
    message = sent(django_capture_on_commit_callbacks, lambda: sign_up(client, "ines@example.org"))
    assert message.subject.startswith("[Quartiers Talents] ")
    assert "adresse e-mail" in message.subject
    assert "/accounts/confirm-email/" in message.body
    assert_reads_well(message)


def test_account_already_exists_gives_the_address(client, django_capture_on_commit_callbacks):
    factories.UserFactory(email="emile@example.org")
    message = sent(django_capture_on_commit_callbacks, lambda: sign_up(client, "emile@example.org"))
    assert "emile@example.org" in message.body
    assert "/accounts/password/reset/" in message.body
    assert_reads_well(message)


def test_password_reset_names_the_association(client, django_capture_on_commit_callbacks):
    factories.UserFactory(email="emile@example.org")
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(reverse("account_reset_password"), {"email": "emile@example.org"}),
    )
    assert "mot de passe" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    assert_reads_well(message)


def test_password_reset_of_an_unknown_address_says_so(client, django_capture_on_commit_callbacks):
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}),
    )
    assert "nobody@example.org" in message.body
    assert "/accounts/signup/" in message.body
    assert_reads_well(message)


def test_added_address_confirmation_names_the_association(
    login, django_capture_on_commit_callbacks
):
    client = login(factories.UserFactory(email="ines@example.org"))
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("account_email"), {"action_add": "", "email": "ines.pro@example.org"}
        ),
    )
    assert message.to == ["ines.pro@example.org"]
    assert "/accounts/confirm-email/" in message.body
    assert_reads_well(message)


def test_the_sign_in_code_to_confirm_ones_identity(login, django_capture_on_commit_callbacks):
    """allauth offers a code by e-mail on its "confirm your identity" page."""
    client = login(factories.UserFactory(email="ines@example.org", first_name="Inès"))
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("account_request_reauthentication_code"), {"recipient": "ines@example.org"}
        ),
    )
    assert message.subject == "[Quartiers Talents] Votre code de connexion"
    assert "Bonjour Inès," in message.body
    assert_reads_well(message)
