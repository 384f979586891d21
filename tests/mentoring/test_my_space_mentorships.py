"""'Mon espace' leads each party to their mentorships once they have ended, and the candidate
to the six-month question about their job when it is open; the pages behind the links keep
their own access rules."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

MY_SPACE = reverse("my_space")


def mentorship_url(mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk])


def durability_url(mentorship) -> str:
    return reverse("mentoring:durability", args=[mentorship.pk])


def ended(candidate=None, *, days_ago: int = 10, **kwargs) -> Mentorship:
    """A mentorship completed ``days_ago`` days ago, with its outcome (a job started then)."""
    ended_at = timezone.now() - datetime.timedelta(days=days_ago)
    mentorship = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED,
        started_at=ended_at - datetime.timedelta(days=180),
        ended_at=ended_at,
        end_reason=Mentorship.EndReason.JOB_FOUND,
        **({"candidate": candidate} if candidate else {}),
        **kwargs,
    )
    factories.OutcomeFactory(
        mentorship=mentorship,
        contract_type=Outcome.ContractType.CDI,
        start_date=ended_at.date(),
        confirmed_at=ended_at,
    )
    return mentorship


def my_space(client) -> str:
    response = client.get(MY_SPACE)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_candidate_finds_their_ended_mentorship_in_my_space(client):
    mentorship = ended(mentor__user__first_name="Claire", mentor__user__last_name="Marchal")
    client.force_login(mentorship.candidate.user)
    page = my_space(client)
    assert f'href="{mentorship_url(mentorship)}"' in page
    assert "Claire Marchal" in page
    # The link opens the page, read-only now that it has ended.
    assert client.get(mentorship_url(mentorship)).status_code == 200
    # No question about the job yet: it started ten days ago.
    assert durability_url(mentorship) not in page


def test_the_candidate_finds_the_six_month_question_in_my_space(client):
    mentorship = ended(days_ago=200)
    client.force_login(mentorship.candidate.user)
    page = my_space(client)
    assert f'href="{durability_url(mentorship)}"' in page
    assert client.get(durability_url(mentorship)).status_code == 200

    client.post(durability_url(mentorship), {"still_employed": "yes"})
    page = my_space(client)
    assert durability_url(mentorship) not in page
    # The mentorship itself stays reachable.
    assert f'href="{mentorship_url(mentorship)}"' in page


def test_the_candidate_in_a_new_mentorship_still_finds_the_ended_one(client):
    first = ended(mentor__user__last_name="Marchal")
    current = factories.MentorshipFactory(
        candidate=first.candidate, mentor__user__last_name="Lefort"
    )
    client.force_login(first.candidate.user)
    page = my_space(client)
    assert f'href="{mentorship_url(current)}"' in page
    assert f'href="{mentorship_url(first)}"' in page


def test_a_proposal_that_never_started_is_not_offered(client, candidate):
    declined = factories.MentorshipFactory(
        candidate=candidate, status=Mentorship.Status.DECLINED, started_at=None
    )
    client.force_login(candidate.user)
    assert mentorship_url(declined) not in my_space(client)


def test_nobody_else_sees_the_links(client, other_candidate):
    mentorship = ended(days_ago=200)
    client.force_login(other_candidate.user)
    page = my_space(client)
    assert mentorship_url(mentorship) not in page
    assert durability_url(mentorship) not in page


def test_the_mentor_finds_current_and_past_mentorships_in_my_space(client, mentor):
    past = ended(mentor=mentor, candidate__user__last_name="Benali")
    current = factories.MentorshipFactory(mentor=mentor, candidate__user__last_name="Haddad")
    client.force_login(mentor.user)
    page = my_space(client)
    assert f'href="{mentorship_url(current)}"' in page
    assert f'href="{mentorship_url(past)}"' in page
    assert "Benali" in page
    assert client.get(mentorship_url(past)).status_code == 200
    # The whole history stays in the mentor space.
    assert f'href="{reverse("mentoring:mentor_space")}#history-title"' in page


@pytest.mark.parametrize("count", [1, 6])
def test_my_space_query_count_does_not_grow_with_past_mentorships(
    client, mentor, count, django_assert_max_num_queries
):
    candidate = factories.CandidateFactory()
    for days_ago in range(count):
        ended(candidate if days_ago == 0 else None, mentor=mentor, days_ago=200 + days_ago)
    for _ in range(count - 1):
        ended(candidate, days_ago=300)
    for user in (candidate.user, mentor.user):
        client.force_login(user)
        with django_assert_max_num_queries(14):
            assert client.get(MY_SPACE).status_code == 200
