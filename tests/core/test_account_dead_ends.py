"""No dead ends in the account pages (issue 16, item 9): the page after a password reset leads
to the sign-in, and the "check your inbox" page sends the e-mail again, at most once in three
minutes (allauth's ``confirm_email`` rate limit), telling in French when it is too early."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.support import accounts

pytestmark = pytest.mark.django_db

RESEND = reverse("account_verification_resend")


def sign_up(client, email):
    return accounts.sign_up(
        client, email=email, follow=True
    )  # shows (and so uses up) the "e-mail sent" message


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_page_after_a_password_reset_leads_to_the_sign_in(
    client, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(email="emile@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"password1": accounts.PASSWORD, "password2": accounts.PASSWORD}, follow=True
    )
    assert response.resolver_match.url_name == "account_reset_password_from_key_done"
    content = response.content.decode()
    assert f'href="{reverse("account_login")}"' in content
    assert "Se connecter" in content


def test_the_check_your_inbox_page_offers_to_send_the_e_mail_again(client):
    response = sign_up(client, "ines@example.org")
    assert response.resolver_match.url_name == "account_email_verification_sent"
    content = response.content.decode()
    assert f'action="{RESEND}"' in content
    assert "Renvoyer l'e-mail" in content


def test_sending_again_too_early_says_so_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "ines@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, follow=True)
    assert response.resolver_match.url_name == "account_email_verification_sent"
    assert mail.outbox == []
    [said] = page_messages(response)
    assert "trois minutes" in said
    assert "Inès" not in said  # no name, no address: it tells nothing about the account


def test_sending_again_later_sends_a_new_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "ines@example.org")
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(RESEND, follow=True)
        # And again at once: too early.
        client.post(RESEND)
    [message] = mail.outbox
    assert message.to == ["ines@example.org"]
    assert "/accounts/confirm-email/" in message.body
    assert page_messages(response) == [
        "Nous avons envoyé un e-mail de confirmation à ines@example.org."
    ]


def test_a_taken_address_gets_the_same_answer(client, django_capture_on_commit_callbacks):
    owner = factories.UserFactory(email="emile@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, owner.email)
        too_early = client.post(RESEND, follow=True)
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        later = client.post(RESEND, follow=True)
    assert "trois minutes" in page_messages(too_early)[-1]
    assert page_messages(later) == [
        "Nous avons envoyé un e-mail de confirmation à emile@example.org."
    ]
    # The owner is told again that someone tried; no account is created.
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "déjà un compte" in message.subject


def test_without_a_sign_up_in_progress_it_points_to_the_sign_in(client):
    response = client.post(RESEND, follow=True)
    assert response.resolver_match.url_name == "account_login"
    assert mail.outbox == []
    [said] = page_messages(response)
    assert "connectez-vous" in said


def test_sending_again_needs_a_post(client):
    assert client.get(RESEND).status_code == 405


def test_signing_in_unconfirmed_then_sending_again(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="ines@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": factories.PASSWORD},
            follow=True,
        )
    assert response.resolver_match.url_name == "account_email_verification_sent"
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=4)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(RESEND)
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "/accounts/confirm-email/" in message.body
