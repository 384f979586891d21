"""A mentor answers proposals from "Mon espace parrainage"; the candidate then sees the mentor."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import OperationalError
from django.urls import reverse
from psycopg2 import errors as database_errors

from candidates.models import Candidate, Document
from mentoring import services
from mentoring.models import Mentorship
from mentoring.services import proposals
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(mentor):
    return factories.MentorshipFactory(
        mentor=mentor,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        answered_at=None,
        candidate__status="eligible",
        candidate__user__first_name="Yasmine",
    )


def url(name, mentorship):
    return reverse(f"mentoring:{name}", args=[mentorship.pk])


def test_mentor_accepts_from_their_space(login, proposal):
    client = login(proposal.mentor.user)
    response = client.post(url("proposal_accept", proposal))
    assert response["Location"] == reverse("mentoring:mentorship", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.ACTIVE


def test_accepting_beyond_capacity_is_a_clear_message_not_an_error(login, proposal):
    mentor = proposal.mentor
    factories.MentorshipFactory.create_batch(mentor.capacity, mentor=mentor)
    response = login(mentor.user).post(url("proposal_accept", proposal), follow=True)
    assert response.status_code == 200
    assert "capacité" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED


def test_a_file_sent_back_to_review_cannot_start_a_mentorship(login, proposal):
    """The candidate changed their eligibility data after the proposal (the file is
    "submitted" again): the mentor gets a clear message, nothing starts."""
    Candidate.objects.filter(pk=proposal.candidate_id).update(status="submitted")
    response = login(proposal.mentor.user).post(url("proposal_accept", proposal), follow=True)
    assert response.status_code == 200
    assert "de nouveau examiné" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    assert Candidate.objects.get(pk=proposal.candidate_id).status == "submitted"


def test_mentor_declines_with_a_reason(login, proposal):
    client = login(proposal.mentor.user)
    response = client.post(url("proposal_decline", proposal), {"reason": ""}, follow=True)
    assert "pourquoi vous refusez" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    client.post(url("proposal_decline", proposal), {"reason": "Trop loin de mon domaine"})
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.DECLINED


@pytest.mark.parametrize("name", ["proposal_accept", "proposal_decline", "mentee_cv"])
def test_another_mentor_gets_404_on_the_proposal(login, proposal, other_mentor, name):
    client = login(other_mentor.user)
    method = client.get if name == "mentee_cv" else client.post
    assert method(url(name, proposal), {"reason": "x"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED


def test_mentor_reads_the_cv_but_never_the_proofs(login, proposal):
    factories.DocumentFactory(candidate=proposal.candidate, kind=Document.Kind.CV)
    factories.DocumentFactory(
        candidate=proposal.candidate, kind=Document.Kind.PROOF_QPV, original_name="preuve.pdf"
    )
    client = login(proposal.mentor.user)
    response = client.get(url("mentee_cv", proposal))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    space = client.get(reverse("mentoring:mentor_space")).content.decode()
    assert url("mentee_cv", proposal) in space
    assert "preuve" not in space
    assert "Neuhof" not in space  # the candidate's QPV
    assert proposal.candidate.postcode not in space


def test_no_cv_link_without_a_cv(login, proposal):
    client = login(proposal.mentor.user)
    assert (
        url("mentee_cv", proposal)
        not in client.get(reverse("mentoring:mentor_space")).content.decode()
    )
    assert client.get(url("mentee_cv", proposal)).status_code == 404


def test_candidate_sees_no_mentor_before_the_mentorship_is_active(login, proposal):
    client = login(proposal.candidate.user)
    content = client.get(reverse("my_space")).content.decode()
    assert proposal.mentor.user.get_full_name() not in content
    assert proposal.mentor.user.email not in content

    login(proposal.mentor.user).post(url("proposal_accept", proposal))
    client = login(proposal.candidate.user)
    content = client.get(reverse("my_space")).content.decode()
    assert "Mon parrain ou ma marraine" in content
    assert proposal.mentor.user.get_full_name() in content
    assert f"mailto:{proposal.mentor.user.email}" in content
    assert proposal.mentor.company.name in content


def test_a_mentor_deactivated_meanwhile_gets_a_clear_message_not_a_mentorship(
    login, proposal, staff
):
    services.mentor_deactivate(mentor=proposal.mentor, by=staff)
    response = login(proposal.mentor.user).post(url("proposal_accept", proposal), follow=True)
    assert response.status_code == 200
    assert "n'est plus actif" in unescape(response.content.decode())
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.CANCELLED
    assert Candidate.objects.get(pk=proposal.candidate_id).status == "eligible"


def _deadlock(**kwargs):
    """What Django raises when PostgreSQL picks this transaction as a deadlock's victim."""
    try:
        raise database_errors.DeadlockDetected("deadlock detected")
    except database_errors.DeadlockDetected as cause:
        raise OperationalError("deadlock detected") from cause


def test_a_second_mentor_accepting_a_paired_candidate_is_told_so(login, proposal):
    other = factories.MentorshipFactory(
        candidate=proposal.candidate,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        answered_at=None,
    )
    services.mentorship_accept(mentorship=proposal, mentor=proposal.mentor)
    response = login(other.mentor.user).post(url("proposal_accept", other), follow=True)
    assert response.status_code == 200
    assert "mis·e en binôme avec un autre parrain" in unescape(response.content.decode())
    other.refresh_from_db()
    assert other.status == Mentorship.Status.CANCELLED


def test_a_deadlock_on_accepting_is_the_paired_message_not_an_error(login, proposal, monkeypatch):
    monkeypatch.setattr(proposals.candidate_services, "candidate_set_status", _deadlock)
    response = login(proposal.mentor.user).post(url("proposal_accept", proposal), follow=True)
    assert response.status_code == 200
    assert "mis·e en binôme avec un autre parrain" in unescape(response.content.decode())
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED  # rolled back


def test_another_database_error_on_accepting_is_not_hidden(proposal, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(proposals.candidate_services, "candidate_set_status", unavailable)
    with pytest.raises(OperationalError):
        services.mentorship_accept(mentorship=proposal, mentor=proposal.mentor)
