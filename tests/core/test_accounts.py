"""Accounts through allauth: e-mail login, mandatory verification, no account enumeration,
rate limits (admin login included), Argon2, sessions renewed at login and ended at logout."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from nqt.core.models import Notification, User
from tests import factories

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Un-mot-de-passe-solide-2026"


def sign_up(client, email, password=STRONG_PASSWORD):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Awa",
            "last_name": "Diallo",
            "email": email,
            "password1": password,
            "password2": password,
            "consent": "on",
        },
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_signup_requires_verifying_the_email_before_signing_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "Awa.Diallo@Example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "awa.diallo@example.org"

    # The message went through the outbox, not into the in-app notification list.
    notification = Notification.objects.get(kind="account")
    assert notification.recipient == user
    assert not notification.in_app
    assert notification.email_status == Notification.EmailStatus.SENT
    assert "confirm-email" not in notification.body_text  # the link is not kept once sent
    [message] = mail.outbox
    assert message.to == ["awa.diallo@example.org"]

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "awa.diallo@example.org", "password": STRONG_PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("my_space")).status_code == 302

    link = confirmation_link(message)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response["Location"] == reverse("my_space")
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("my_space")).status_code == 200


def test_signup_with_a_taken_address_reveals_nothing(client, django_capture_on_commit_callbacks):
    existing = factories.UserFactory(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "taken@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    # The owner of the address is told someone tried; the visitor learns nothing.
    [message] = mail.outbox
    assert message.to == [existing.email]


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    factories.UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_repeated_failed_logins_are_rate_limited(client):
    factories.UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_the_site_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_non_staff_cannot_open_the_admin(login):
    client = login(factories.UserFactory())
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_staff_reach_the_admin_after_signing_in(client):
    staff = factories.StaffFactory()
    client.post(reverse("account_login"), {"login": staff.email, "password": factories.PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 200


def test_passwords_are_hashed_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    sign_up(client, "argon@example.org")
    assert User.objects.get(email="argon@example.org").password.startswith("argon2")


def test_session_is_renewed_at_login_and_ended_at_logout(client):
    user = factories.UserFactory()
    client.get(reverse("account_login"))
    anonymous_key = client.cookies["csrftoken"].value and client.session.session_key
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    signed_in_key = client.session.session_key
    assert signed_in_key
    assert signed_in_key != anonymous_key
    client.post(reverse("account_logout"))
    assert client.session.session_key != signed_in_key
    assert client.get(reverse("my_space")).status_code == 302


def test_account_pages_speak_french_and_use_the_site_frame(client):
    response = client.get(reverse("account_login"))
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Se connecter" in content
    assert "Mentions légales" in content
    assert "form-control" in content


def test_signing_up_with_a_registered_address_hashes_the_password_all_the_same(client, monkeypatch):
    """Without it, the answer for a known address came measurably faster (no hashing)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    factories.UserFactory(email="known@example.org")
    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher,
        "encode",
        lambda self, password, salt: hashed.append(password) or encode(self, password, salt),
    )
    known = sign_up(client, "known@example.org")
    hashed_for_known = list(hashed)
    hashed.clear()
    new = sign_up(Client(), "new@example.org")
    assert known.status_code == new.status_code == 302
    assert hashed_for_known == hashed == [STRONG_PASSWORD]
