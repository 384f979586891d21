"""Behind a load balancer the sign-in rate limits stay per client: the client's address comes
from X-Forwarded-For (``TRUSTED_PROXY_COUNT``) or a header the proxy sets
(``CLIENT_IP_HEADER``), not from the balancer's own address."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nqt.core.models import AuthEvent
from tests import factories

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"
LIMIT = 10  # ACCOUNT_RATE_LIMITS["login_failed"]: 10 a minute per address


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.core.cache import cache

    cache.clear()


def fail_from(client, header: dict, count: int) -> None:
    for index in range(count):
        client.post(
            reverse("account_login"),
            {"login": f"someone-{index}@example.org", "password": "wrong"},
            REMOTE_ADDR=BALANCER,
            **header,
        )


def signs_in(client, user, header: dict) -> bool:
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
        REMOTE_ADDR=BALANCER,
        **header,
    )
    return "_auth_user_id" in client.session


def test_without_the_setting_every_client_behind_the_balancer_shares_one_limit(client):
    """The default suits an application reached directly: a forwarded address is ignored."""
    fail_from(client, {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}, LIMIT)
    assert not signs_in(client, factories.UserFactory(), {"HTTP_X_FORWARDED_FOR": "203.0.113.6"})


def test_with_one_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    fail_from(client, attacker, LIMIT)
    assert not signs_in(client, factories.UserFactory(), attacker)
    assert signs_in(client, factories.UserFactory(), {"HTTP_X_FORWARDED_FOR": "203.0.113.6"})
    assert AuthEvent.objects.filter(ip="203.0.113.6", kind="login").exists()


def test_an_address_a_client_adds_itself_is_not_trusted(client, settings):
    """The balancer appends the address it saw: what the client wrote before it is ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_from(client, {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.5"}, LIMIT)
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.2, 203.0.113.5"}
    assert not signs_in(client, factories.UserFactory(), forged)


def test_a_client_ip_header_set_by_the_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    fail_from(client, {"HTTP_X_REAL_IP": "203.0.113.5"}, LIMIT)
    assert signs_in(client, factories.UserFactory(), {"HTTP_X_REAL_IP": "203.0.113.6"})
