"""The proposal e-mail to a mentor says whose words the staff's message are: the regional
team's, not the candidate's (issue 16, item 6)."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail

from mentoring import services
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def seeker():
    return factories.EligibleCandidateFactory(user__first_name="Inès")


def proposal_email(django_capture_on_commit_callbacks, *, candidate, mentor, staff, message):
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_propose(
            candidate=candidate, mentor=mentor, proposed_by=staff, message=message
        )
    [email] = mail.outbox
    [html] = [content for content, mimetype in email.alternatives if mimetype == "text/html"]
    return email.body, html


def test_the_staff_message_is_signed_by_the_staff_member(
    seeker, mentor, django_capture_on_commit_callbacks
):
    staff = factories.StaffFactory(first_name="Émile", last_name="Roux")
    text, html = proposal_email(
        django_capture_on_commit_callbacks,
        candidate=seeker,
        mentor=mentor,
        staff=staff,
        message="Inès cherche un premier poste en data.",
    )
    said = f"Le message d'Émile Roux, de l'équipe régionale{NBSP}: Inès cherche un premier poste"
    assert said in text
    assert said in unescape(html)
    assert "Son message" not in text
    assert "Son message" not in html


def test_without_a_message_nothing_is_announced(
    seeker, mentor, staff, django_capture_on_commit_callbacks
):
    text, html = proposal_email(
        django_capture_on_commit_callbacks, candidate=seeker, mentor=mentor, staff=staff, message=""
    )
    assert "Le message" not in text
    assert "Le message" not in html
