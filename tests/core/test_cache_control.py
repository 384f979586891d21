"""Every response to a signed-in person is ``Cache-Control: private, no-store`` (DESIGN §10), so
no browser, proxy or shared computer keeps a personal page; public pages stay cacheable."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests import factories
from tests.test_access import ACCESS, ACCESS_WITH_ARGS, ROLES, user_for

pytestmark = pytest.mark.django_db

SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private(response, url):
    assert {"private", "no-store"} <= directives(response), (url, response.status_code)
    assert "public" not in directives(response), url


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_page_of_the_access_table_is_private_for_a_signed_in_person(client, role):
    """Whatever the answer (page, redirect, 403, 404), it is not kept."""
    client.force_login(user_for(role))
    for url_name, _ in ACCESS:
        url = reverse(url_name)
        assert_private(client.get(url), url)
    for url_name, kwargs, method, _ in ACCESS_WITH_ARGS:
        url = reverse(url_name, kwargs=kwargs)
        assert_private(getattr(client, method)(url), url)


def test_object_pages_are_private_for_their_owners(client):
    mentorship = factories.MentorshipFactory()
    client.force_login(mentorship.mentor.user)
    for url in [
        reverse("mentoring:mentorship", args=[mentorship.pk]),
        reverse("mentoring:mentor_mentorship", args=[mentorship.pk]),
    ]:
        response = client.get(url)
        assert response.status_code in {200, 302}
        assert_private(response, url)

    contact = factories.CompanyContactFactory()
    client.force_login(contact.user)
    for url_name in ["company_engagement", "company_csr_report"]:
        url = reverse(f"impact:{url_name}", args=[contact.company.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert_private(response, url)


def test_signing_in_answers_privately(client):
    user = factories.UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert_private(response, "login")


def test_stricter_headers_a_view_sets_are_kept(login, candidate):
    response = login(candidate.user).get(reverse("my_data_export"))
    assert response.status_code == 200
    assert {"private", "no-store", "no-cache", "must-revalidate"} <= directives(response)
    assert get_max_age(response) == 0


@pytest.mark.parametrize(
    "url_name", ["home", "legal_notice", "privacy", "mentoring:mentor_charter"]
)
def test_public_pages_are_not_marked_private_for_visitors(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "private" not in directives(response)
