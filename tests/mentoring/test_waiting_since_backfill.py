"""The migrations that bring ``queued_at`` fill it for the existing records: a first
mentorship waited from the validation, one after an interruption from that interruption, and
an eligible candidate back in the queue waits since their last interruption."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from candidates.models import Candidate
from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

candidates_0006 = importlib.import_module(
    "candidates.migrations.0006_waiting_since_and_stepping_back"
)
mentoring_0011 = importlib.import_module("mentoring.migrations.0011_mentorship_queued_at")


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 9, 0, tzinfo=datetime.UTC)


def interrupted(candidate, started, ended):
    return factories.MentorshipFactory(
        candidate=candidate,
        status=Mentorship.Status.INTERRUPTED,
        started_at=started,
        ended_at=ended,
        end_reason=Mentorship.EndReason.MENTOR_UNAVAILABLE,
        queued_at=None,
    )


def test_the_backfill_counts_each_wait_from_its_start():
    back_in_queue = factories.EligibleCandidateFactory(validated_at=at(1, 5), queued_at=None)
    first = interrupted(back_in_queue, at(1, 10), at(4, 1))
    matched_again = factories.EligibleCandidateFactory(
        validated_at=at(1, 6), queued_at=None, status=Candidate.Status.IN_MENTORSHIP
    )
    earlier = interrupted(matched_again, at(1, 20), at(3, 1))
    later = factories.MentorshipFactory(
        candidate=matched_again, started_at=at(3, 12), queued_at=None
    )
    never_validated = factories.CandidateFactory(validated_at=None)

    candidates_0006.queued_from_validation(apps, None)
    mentoring_0011.backfill_waiting_since(apps, None)

    for row in (back_in_queue, first, matched_again, earlier, later, never_validated):
        row.refresh_from_db()
    assert back_in_queue.queued_at == at(4, 1)  # waiting since the interruption
    assert first.queued_at == at(1, 5)
    assert earlier.queued_at == at(1, 6)
    assert later.queued_at == at(3, 1)  # matched 11 days after coming back, not 65
    assert matched_again.queued_at == at(1, 6)  # not waiting: left as validated
    assert never_validated.queued_at is None
