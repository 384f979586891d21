"""Signing up is applying: names, consent to the privacy notice, then a draft file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import Candidate, StatusChange
from nqt.core.models import User
from tests.support import accounts

pytestmark = pytest.mark.django_db


def sign_up(client, **fields):
    fields = {
        "first_name": "Nour",
        "last_name": "Benali",
        "email": "nour.benali@example.org",
        **fields,
    }
    return accounts.sign_up(client, **fields)


def test_signup_page_asks_names_and_consent_with_a_link_to_the_privacy_notice(client):
    content = client.get(reverse("account_signup")).content.decode()
    assert 'name="first_name"' in content
    assert 'name="last_name"' in content
    assert 'name="consent"' in content
    assert f'href="{reverse("privacy")}"' in content
    assert "politique de confidentialité" in content


def test_signup_creates_a_draft_file_with_the_consent_and_a_first_history_row(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, first_name="  Nour  ", last_name="Ben  Ali")
    assert response.status_code == 302
    user = User.objects.get(email="nour.benali@example.org")
    assert (user.first_name, user.last_name) == ("Nour", "Ben Ali")
    candidate = Candidate.objects.get(user=user)
    assert candidate.status == Candidate.Status.DRAFT
    assert candidate.consent_at is not None
    assert candidate.consent_version == settings.PRIVACY_POLICY_VERSION
    [change] = StatusChange.objects.filter(candidate=candidate)
    assert (change.from_status, change.to_status, change.by) == ("", "draft", user)


def test_signup_without_consent_is_refused_and_creates_nothing(client):
    response = sign_up(client, consent="")
    assert response.status_code == 200
    assert "vous devez accepter" in response.content.decode()
    assert not User.objects.exists()
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "Nour<b>", "R2D2", "Nour; DROP TABLE", ""]
)
def test_markup_digits_or_nothing_in_a_name_are_refused(client, name):
    response = sign_up(client, first_name=name)
    assert response.status_code == 200
    form = response.context["form"]
    assert "first_name" in form.errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Jean-Pierre", "N'Diaye", "Zoé", "Anne Marie", "O’Connor"])
def test_real_names_are_accepted(client, name):
    response = sign_up(client, last_name=name)
    assert response.status_code == 302
    assert Candidate.objects.get().user.last_name == name


def test_a_failure_while_registering_leaves_no_account(client, monkeypatch):
    """The account and the draft file are written in one transaction (fault injected)."""

    def failing_register(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("candidates.services.candidate_register", failing_register)
    client.raise_request_exception = False
    response = sign_up(client)
    assert response.status_code == 500
    assert not User.objects.exists()
    assert not Candidate.objects.exists()
