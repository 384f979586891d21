"""A candidate back in the queue after an interrupted mentorship waits from their return, not
from their first validation: the 15-day promise (the queue's "late" filter, the staff digest),
the queue's order and the time-to-match KPI all count from ``queued_at``."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from candidates.models import Candidate
from impact import kpis
from mentoring.followup import reminders
from mentoring.followup import services as followup
from mentoring.models import Mentorship
from mentoring.services import proposals
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

VALIDATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
INTERRUPTED = datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)
QUEUE = reverse("admin:mentoring_candidatetomatch_changelist")


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def returned(staff):
    """Validated on 5 January, matched on the 10th, back in the queue on 1 April when the
    mentor became unavailable."""
    with at(VALIDATED):
        candidate = factories.EligibleCandidateFactory()
    first = factories.MentorFactory()
    with at(VALIDATED + days(3)):
        proposal = proposals.mentorship_propose(
            candidate=candidate, mentor=first, proposed_by=staff
        )
    with at(VALIDATED + days(5)):
        proposals.mentorship_accept(mentorship=proposal, mentor=first)
    with at(INTERRUPTED):
        followup.mentorship_interrupt(
            mentorship=proposal, by=first.user, reason=Mentorship.EndReason.MENTOR_UNAVAILABLE
        )
    candidate.refresh_from_db()
    return candidate


def test_validation_and_return_to_the_queue_set_the_waiting_date(returned):
    assert returned.status == Candidate.Status.ELIGIBLE
    assert returned.validated_at == VALIDATED
    assert returned.queued_at == INTERRUPTED
    first = returned.mentorships.get()
    assert first.queued_at == VALIDATED


def test_a_returning_candidate_is_not_late_at_once(login, staff, returned):
    client = login(staff)
    with at(INTERRUPTED + days(3)):
        late = client.get(QUEUE, {"waiting": "late"})
        reminders.sweep()
    assert returned.user.get_full_name() not in late.content.decode()
    assert not Notification.objects.filter(kind="unmatched_digest").exists()
    with at(INTERRUPTED + days(16)):
        late = client.get(QUEUE, {"waiting": "late"})
        reminders.sweep()
    assert returned.user.get_full_name() in late.content.decode()
    assert Notification.objects.filter(kind="unmatched_digest", recipient=staff).exists()


def test_the_second_time_to_match_counts_from_the_return(staff, returned, settings):
    settings.MATCHING_PROMISE_DAYS = 15
    second = factories.MentorFactory()
    with at(INTERRUPTED + days(2)):
        proposal = proposals.mentorship_propose(
            candidate=returned, mentor=second, proposed_by=staff
        )
    with at(INTERRUPTED + days(10)):
        proposals.mentorship_accept(mentorship=proposal, mentor=second)
    proposal.refresh_from_db()
    assert proposal.queued_at == INTERRUPTED
    with at(INTERRUPTED + days(20)):
        match = kpis.year_figures(kpis.make_scope(year=2026))["time_to_match"]
    # 5 days for the first mentorship, 10 for the second (not 95 from the first validation).
    assert match["count"] == 2
    assert match["median_days"] == 7.5
    assert match["within_promise"] == 2
