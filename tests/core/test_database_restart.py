"""A persistent connection killed by a PostgreSQL restart costs no request (DESIGN §10)."""

from __future__ import annotations

import psycopg2
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from nqt.settings import base
from tests import factories

pytestmark = pytest.mark.usefixtures("live_db")

PERSISTENCE = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")


@pytest.fixture
def persistent_connections():
    """The deployed connection settings (the test settings open a connection per request)."""
    deployed = {key: base.DATABASES["default"][key] for key in PERSISTENCE}
    previous = {key: connection.settings_dict.get(key) for key in PERSISTENCE}
    connection.close()
    connection.settings_dict.update(deployed)
    yield deployed
    connection.close()
    connection.settings_dict.update(previous)


def serve(path: str, cookie: str) -> int:
    """One request through the WSGI handler, as gunicorn makes it: unlike the test client
    it sends the request signals that close obsolete connections and reset health checks."""
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


def terminate_from_another_connection(pid: int) -> None:
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            # Waits (up to 5 s) until the backend is gone, as after a restart.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def test_the_request_after_a_restart_answers_on_a_new_connection(client, persistent_connections):
    assert persistent_connections["CONN_MAX_AGE"] > 0
    client.force_login(factories.UserFactory())
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    assert serve(reverse("my_space"), cookie) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()

    terminate_from_another_connection(pid)

    assert serve(reverse("my_space"), cookie) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
