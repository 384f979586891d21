"""An erased person's file stays for the statistics only: it keeps its status, but it leaves
the staff review queue and can no longer be decided, by any path, nor tell anyone anything."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from candidates import services
from candidates.models import Candidate
from nqt.core import privacy
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

Status = Candidate.Status
QUEUE = "admin:candidates_candidatetoreview_changelist"


def erased_submitted_file() -> Candidate:
    candidate = factories.CandidateFactory()
    privacy.erase_user(candidate.user)
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert candidate.status == Status.SUBMITTED  # kept for the statistics
    return candidate


def assert_undecided(candidate: Candidate) -> None:
    candidate.refresh_from_db()
    assert candidate.status == Status.SUBMITTED
    assert candidate.decided_at is None
    assert candidate.decided_by is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_live_queryset_leaves_out_anonymised_files():
    kept = factories.CandidateFactory()
    erased_submitted_file()
    assert list(Candidate.objects.live()) == [kept]


def test_an_erased_file_leaves_the_review_queue(staff, login):
    waiting = factories.CandidateFactory()
    erased_submitted_file()
    response = login(staff).get(reverse(QUEUE))
    assert list(response.context["cl"].result_list) == [waiting]


def test_the_decision_service_refuses_an_erased_file(staff, django_capture_on_commit_callbacks):
    erased = erased_submitted_file()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.CandidateError, match="anonymisé"),
    ):
        services.candidate_decide(candidate=erased, decided_by=staff, decision=Status.ELIGIBLE)
    assert callbacks == []
    assert_undecided(erased)


def test_the_decision_page_of_an_erased_file_offers_no_decision(staff, login):
    erased = erased_submitted_file()
    client = login(staff)
    url = reverse("admin:candidates_candidate_decide", args=[erased.pk])
    assert 'name="decision"' not in client.get(url).content.decode()
    client.post(url, {"decision": "eligible"})
    assert_undecided(erased)


def test_a_bulk_decision_from_the_candidates_list_skips_an_erased_file(staff, login):
    erased = erased_submitted_file()
    login(staff).post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "decide_eligible", ACTION_CHECKBOX_NAME: [erased.pk]},
    )
    assert_undecided(erased)
