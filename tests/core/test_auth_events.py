"""Authentication events are logged with the user's id, never a password or an e-mail
address, and kept 12 months (DESIGN §10)."""

from __future__ import annotations

import datetime
import logging
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from nqt.core import privacy, security
from nqt.core.models import AuthEvent, Notification, User
from nqt.core.tasks import purge_auth_events
from tests import factories

pytestmark = pytest.mark.django_db

Kind = AuthEvent.Kind
NEW_PASSWORD = "Un-nouveau-mot-de-passe-2026"


def events(**filters) -> list[tuple[str, int | None]]:
    return list(AuthEvent.objects.filter(**filters).order_by("pk").values_list("kind", "user"))


def sign_in(client, email, password=factories.PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def assert_nothing_secret_kept(*secrets: str) -> None:
    for row in AuthEvent.objects.values("kind", "ip", "detail"):
        for value in row.values():
            for secret in secrets:
                assert secret.lower() not in str(value).lower()


def test_a_sign_in_and_a_sign_out_are_logged_with_the_user_and_the_address(client, caplog):
    user = factories.UserFactory(email="awa@example.org")
    with caplog.at_level(logging.INFO, logger="nqt.security"):
        assert sign_in(client, user.email, REMOTE_ADDR="198.51.100.7").status_code == 302
        client.post(reverse("account_logout"))
    assert events() == [(Kind.LOGIN, user.pk), (Kind.LOGOUT, user.pk)]
    assert AuthEvent.objects.order_by("pk").first().ip == "198.51.100.7"
    assert f"login user={user.pk} ip=198.51.100.7" in caplog.text
    assert "awa@example.org" not in caplog.text
    assert_nothing_secret_kept(user.email, factories.PASSWORD)


def test_a_failed_sign_in_names_the_account_but_neither_its_address_nor_the_password(client):
    user = factories.UserFactory(email="awa@example.org")
    sign_in(client, "AWA@example.org", "Mauvais-mot-de-passe")
    sign_in(client, "personne@example.org", "Mauvais-mot-de-passe")
    assert events() == [(Kind.LOGIN_FAILED, user.pk), (Kind.LOGIN_FAILED, None)]
    assert_nothing_secret_kept("awa@example.org", "personne", "Mauvais-mot-de-passe")


def test_a_lock_out_is_logged(client):
    user = factories.UserFactory(email="target@example.org")
    for _ in range(6):
        sign_in(client, user.email, "wrong")
    kinds = [kind for kind, _user in events(user=user)]
    assert kinds.count(Kind.LOGIN_FAILED) == 5
    assert kinds[-1] == Kind.LOCKED_OUT
    assert_nothing_secret_kept(user.email, "wrong")


def test_changing_the_password_and_the_email_addresses_is_logged(client):
    user = factories.UserFactory(email="awa@example.org")
    sign_in(client, user.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    client.post(reverse("account_email"), {"action_add": "", "email": "awa.diallo@example.org"})
    client.post(reverse("account_email"), {"action_remove": "", "email": "awa.diallo@example.org"})
    assert [kind for kind, _user in events(user=user) if kind != Kind.LOGIN] == [
        Kind.PASSWORD_CHANGED,
        Kind.EMAIL_CHANGED,
        Kind.EMAIL_CHANGED,
    ]
    assert list(
        AuthEvent.objects.filter(kind=Kind.EMAIL_CHANGED)
        .order_by("pk")
        .values_list("detail", flat=True)
    ) == ["added", "removed"]
    assert_nothing_secret_kept("awa", NEW_PASSWORD)


def test_a_password_reset_is_logged(client):
    user = factories.UserFactory(email="awa@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    # The e-mail waits in the outbox (sent after the commit the test never makes).
    body = Notification.objects.get(recipient=user, kind="account").body_text
    path = urlsplit(re.search(r"https?://\S+/password/reset/key/\S+", body).group()).path
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert (Kind.PASSWORD_RESET, user.pk) in events()


def test_a_deactivation_by_staff_and_an_erasure_are_logged(login, national_admin):
    user = factories.UserFactory()
    other = factories.UserFactory()
    user.is_active = False
    user.save()
    user.save()  # saved again inactive: not deactivated again
    privacy.erase_user(other)
    assert events(kind__in=[Kind.DEACTIVATED, Kind.ERASED]) == [
        (Kind.DEACTIVATED, user.pk),
        (Kind.ERASED, other.pk),
    ]


def test_a_deactivation_in_the_admin_is_logged(login, national_admin):
    user = factories.UserFactory(first_name="Awa", last_name="Diallo")
    client = login(national_admin)
    page = client.get(reverse("admin:core_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple | datetime.datetime)
    }
    data.update(email=user.email, first_name="Awa", last_name="Diallo", language="fr")
    data.pop("is_active", None)
    data.pop("password", None)
    response = client.post(reverse("admin:core_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (Kind.DEACTIVATED, user.pk) in events()


def test_national_admins_read_the_log_in_the_admin(login, national_admin, staff):
    security.record(Kind.LOGIN_FAILED, user=staff)
    assert login(national_admin).get(reverse("admin:core_authevent_changelist")).status_code == 200
    response = login(staff).get(reverse("admin:core_authevent_changelist"))
    assert response.status_code == 403


def test_events_older_than_twelve_months_are_purged():
    user = factories.UserFactory()
    old = security.record(Kind.LOGIN, user=user)
    AuthEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=366))
    recent = security.record(Kind.LOGOUT, user=user)
    assert purge_auth_events.delay().get() == 1
    assert list(AuthEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_an_erased_account_keeps_its_events_without_anything_that_names_it():
    user = factories.UserFactory(email="awa@example.org", first_name="Awa")
    security.record(Kind.LOGIN, user=user)
    privacy.erase_user(user)
    assert User.objects.get(pk=user.pk).email != "awa@example.org"
    assert_nothing_secret_kept("awa")


def test_the_persons_export_holds_their_events_and_erasure_drops_the_addresses(client):
    user = factories.UserFactory()
    sign_in(client, user.email, REMOTE_ADDR="198.51.100.7")
    exported = privacy.export_user_data(user)
    events_exported = next(
        value["authentication_events"]
        for value in exported.values()
        if isinstance(value, dict) and "authentication_events" in value
    )
    assert [(event["event"], event["ip"]) for event in events_exported] == [
        ("login", "198.51.100.7")
    ]
    privacy.erase_user(user)
    assert list(AuthEvent.objects.filter(user=user).values_list("kind", "ip")) == [
        ("erased", None),
        ("login", None),
    ]
