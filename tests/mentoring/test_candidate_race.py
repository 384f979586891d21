"""Two mentors accepting their proposals for the same candidate at the same moment (DESIGN §5):
one mentorship starts, the other mentor is told the candidate was just paired, never a 500 nor
a deadlock. Run on PostgreSQL with committed rows and one database connection per thread."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from mentoring import services
from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.usefixtures("live_db")

TRIALS = 10
# The French "just paired with another mentor" message (its apostrophe is escaped in pages).
PAIRED_ELSEWHERE = "mis·e en binôme avec un autre parrain"


def _two_proposals_for_one_candidate() -> tuple[Candidate, list[Mentorship]]:
    candidate = factories.CandidateFactory(status=Candidate.Status.ELIGIBLE)
    proposals = [
        factories.MentorshipFactory(
            candidate=candidate,
            status=Mentorship.Status.PROPOSED,
            started_at=None,
            answered_at=None,
        )
        for _ in range(2)
    ]
    return candidate, proposals


def _race(target, proposals) -> None:
    start = threading.Barrier(len(proposals))
    threads = [threading.Thread(target=target, args=(start, p)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def _assert_one_pairing(candidate: Candidate, proposals: list[Mentorship]) -> Mentorship:
    active = Mentorship.objects.filter(candidate=candidate, status=Mentorship.Status.ACTIVE)
    assert active.count() == 1
    [winner] = active
    [loser] = [p for p in proposals if p.pk != winner.pk]
    loser.refresh_from_db()
    assert loser.status == Mentorship.Status.CANCELLED
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.IN_MENTORSHIP
    return winner


def _accept_through_the_service(start, mentorship, refusals, unexpected) -> None:
    try:
        start.wait()
        services.mentorship_accept(mentorship=mentorship, mentor=mentorship.mentor)
    except services.ProposalError as error:
        refusals.append(str(error))
    except Exception as error:  # recorded, asserted on by the test
        unexpected.append(error)
    finally:
        connection.close()


def test_two_mentors_accepting_one_candidate_through_the_service():
    unexpected: list[BaseException] = []
    for _trial in range(TRIALS):
        candidate, proposals = _two_proposals_for_one_candidate()
        refusals: list[str] = []
        _race(
            partial(_accept_through_the_service, refusals=refusals, unexpected=unexpected),
            proposals,
        )
        if unexpected:
            continue
        _assert_one_pairing(candidate, proposals)
        assert len(refusals) == 1
        assert PAIRED_ELSEWHERE in refusals[0]
    assert unexpected == [], f"{len(unexpected)} of {TRIALS} trials failed: {unexpected[0]!r}"


def _accept_through_the_view(start, mentorship, answers) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(mentorship.mentor.user)
    try:
        start.wait()
        # Only the thread's own response is read: the test client's captured template
        # contexts are shared between threads.
        response = client.post(reverse("mentoring:proposal_accept", args=[mentorship.pk]))
        answers[mentorship.pk] = (client, response.status_code, response.get("Location", ""))
    finally:
        connection.close()


def test_two_mentors_accepting_one_candidate_through_the_view():
    failures: list[str] = []
    for _trial in range(TRIALS):
        candidate, proposals = _two_proposals_for_one_candidate()
        answers: dict[int, tuple[Client, int, str]] = {}
        _race(partial(_accept_through_the_view, answers=answers), proposals)
        statuses = sorted(status for _, status, _ in answers.values())
        if statuses != [302, 302]:
            failures.append(f"statuses {statuses}")
            continue
        winner = _assert_one_pairing(candidate, proposals)
        space = reverse("mentoring:mentor_space")
        assert answers[winner.pk][2] == reverse("mentoring:mentorship", args=[winner.pk])
        [(loser_client, _, loser_location)] = [
            answer for pk, answer in answers.items() if pk != winner.pk
        ]
        assert loser_location == space
        assert PAIRED_ELSEWHERE in loser_client.get(space).content.decode()
    assert failures == [], f"{len(failures)} of {TRIALS} trials failed: {failures}"
