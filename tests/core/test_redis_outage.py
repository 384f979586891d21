"""While Redis is unreachable every page still answers (DESIGN §10): the cache falls back to
local memory, so allauth's rate limits keep counting, and e-mails wait in the outbox."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from nqt.core.models import Notification, User
from tests import factories
from tests.support import celery as celery_support

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens there
BACKEND = "nqt.core.cache.FallbackRedisCache"
STRONG_PASSWORD = "Un-mot-de-passe-solide-2026"


def point_cache_at(settings, url: str) -> None:
    settings.CACHES = {"default": {"BACKEND": BACKEND, "LOCATION": url, "KEY_PREFIX": "nqt"}}


@pytest.fixture(autouse=True)
def _fresh_outage_state(monkeypatch):
    """Each test starts with Redis not yet known to be down (the state lives per process)."""
    monkeypatch.setattr("nqt.core.cache._outages", {})


@pytest.fixture
def redis_down(settings):
    point_cache_at(settings, UNREACHABLE)
    yield
    cache.clear()  # the local fallback, shared by the process


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "nqt.core.cache" and record.levelno == logging.WARNING
    ]


@pytest.mark.usefixtures("redis_down")
def test_signing_in_works_and_the_outage_is_logged_once(client, caplog):
    user = factories.UserFactory(email="awa@example.org")
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_space")
    assert client.session["_auth_user_id"] == str(user.pk)
    [warning] = outage_warnings(caplog)
    assert "unreachable" in warning.getMessage()


@pytest.mark.usefixtures("redis_down")
def test_failed_logins_are_still_rate_limited(client):
    factories.UserFactory(email="target@example.org")
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": factories.PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.usefixtures("redis_down")
def test_password_reset_answers(client):
    factories.UserFactory(email="known@example.org")
    assert client.get(reverse("account_reset_password")).status_code == 200
    response = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


@pytest.mark.usefixtures("redis_down")
def test_signing_up_with_the_broker_down_too_keeps_the_email_in_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with (
        celery_support.broker(UNREACHABLE, eager=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("account_signup"),
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "email": "awa.diallo@example.org",
                "password1": STRONG_PASSWORD,
                "password2": STRONG_PASSWORD,
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="awa.diallo@example.org")
    notification = Notification.objects.get(recipient=user, kind="account")
    assert notification.email_status == Notification.EmailStatus.PENDING


@pytest.mark.usefixtures("redis_down")
@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        (None, "home"),
        (None, "privacy"),
        ("candidate", "my_space"),
        ("candidate", "notifications"),
        ("mentor", "mentoring:mentor_space"),
        ("staff", "impact:kpi_dashboard"),
        ("staff", "admin:index"),
    ],
)
def test_pages_answer(client, request, persona, url_name):
    if persona is not None:
        person = request.getfixturevalue(persona)
        client.force_login(getattr(person, "user", person))
    assert client.get(reverse(url_name)).status_code == 200


def test_the_cache_returns_to_redis_once_it_answers_again(
    settings, redis_server, caplog, monkeypatch
):
    point_cache_at(settings, redis_server.url)
    now = [1000.0]
    monkeypatch.setattr("nqt.core.cache.monotonic", lambda: now[0])
    cache.set("kept", "in redis")
    redis_server.stop()
    assert cache.get("kept") is None  # served by the local fallback
    cache.set("during", "the outage")
    assert cache.get("during") == "the outage"
    assert cache.add("lock", True) is True
    assert cache.add("lock", True) is False
    [warning] = outage_warnings(caplog)
    assert redis_server.url in warning.getMessage()

    redis_server.start()
    assert cache.get("during") == "the outage"  # Redis is not retried at every call
    now[0] += 60
    cache.set("kept", "in redis again")
    assert cache.get("during") is None
    assert cache.get("kept") == "in redis again"
    assert "reachable again" in caplog.text
    cache.clear()
