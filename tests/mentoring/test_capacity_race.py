"""Ten accepts racing for a mentor of capacity 2 give exactly two mentorships (DESIGN §5):
the service locks the mentor row and re-counts inside the transaction. Run on PostgreSQL with
committed rows and one database connection per thread, through the real view."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.usefixtures("live_db")

RACERS = 10


def test_concurrent_accepts_never_exceed_capacity():
    mentor = factories.MentorFactory(capacity=2)
    proposals = [
        factories.MentorshipFactory(
            mentor=mentor,
            status=Mentorship.Status.PROPOSED,
            started_at=None,
            answered_at=None,
            candidate__status=Candidate.Status.ELIGIBLE,
        )
        for _ in range(RACERS)
    ]
    start = threading.Barrier(RACERS)
    answers: list[tuple[Client, int, str]] = []

    def accept(mentorship):
        client = Client()
        client.force_login(mentor.user)
        try:
            start.wait()
            # Only the thread's own response is read here: the test client's captured
            # template contexts are shared between threads.
            response = client.post(reverse("mentoring:proposal_accept", args=[mentorship.pk]))
            answers.append((client, response.status_code, response.get("Location", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(answers) == RACERS
    assert {status for _, status, _ in answers} == {302}  # never a 500
    space = reverse("mentoring:mentor_space")
    winners = [location for _, _, location in answers if location != space]
    assert len(winners) == 2
    assert Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count() == 2
    assert (
        Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.PROPOSED).count()
        == RACERS - 2
    )
    assert Candidate.objects.filter(status=Candidate.Status.IN_MENTORSHIP).count() == 2
    # Each refused mentor sees a clear "capacity reached" message on their space.
    for client, _, location in answers:
        if location == space:
            assert "votre capacité" in client.get(space).content.decode()
