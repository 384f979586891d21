"""A server error is reported to the admins named in the environment, without the session
that would let a reader of the e-mail sign in as the person; the 500 page says no more than
what happens."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail
from django.urls import include, path

from tests import factories

pytestmark = pytest.mark.django_db


def failing_view(request):
    raise RuntimeError("the page broke")


urlpatterns = [path("casse/", failing_view), path("", include("nqt.urls"))]


@pytest.fixture
def failing_page(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return "/casse/"


def test_a_server_error_is_mailed_to_the_admins(client, failing_page, settings):
    settings.ADMINS = [("Équipe technique", "tech@example.org")]
    client.force_login(factories.UserFactory())
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get(failing_page)

    assert response.status_code == 500
    [report] = mail.outbox
    assert report.to == ["tech@example.org"]
    assert "RuntimeError" in report.subject + report.body
    assert "the page broke" in report.body
    assert session_key not in report.body  # Django's report filter hides it


def test_without_admins_the_error_is_only_logged(client, failing_page, settings, caplog):
    settings.ADMINS = []
    response = client.get(failing_page)
    assert response.status_code == 500
    assert mail.outbox == []
    assert "the page broke" in caplog.text


def test_the_500_page_promises_nothing_it_does_not_do(client, failing_page):
    content = unescape(client.get(failing_page).content.decode())
    assert "Un problème est survenu de notre côté" in content
    assert "L'équipe a été prévenue" not in content
    assert "L'erreur a été enregistrée" in content
    assert "Merci de réessayer dans quelques minutes." in content
