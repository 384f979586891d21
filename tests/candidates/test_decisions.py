"""Staff decisions record who and when, write the history and tell the candidate after
commit; the status moves mentoring asks for are checked (DESIGN §5)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from candidates import services
from candidates.models import Candidate, Document
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

Status = Candidate.Status


def test_eligible_decision_records_who_and_when_and_mails_after_commit(
    staff, django_capture_on_commit_callbacks
):
    candidate = factories.CandidateFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.candidate_decide(candidate=candidate, decided_by=staff, decision=Status.ELIGIBLE)
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE
    assert candidate.decided_by == staff
    assert candidate.decided_at is not None
    assert candidate.validated_at == candidate.decided_at
    change = candidate.history.last()
    assert (change.from_status, change.to_status, change.by) == ("submitted", "eligible", staff)

    callbacks[0]()
    [message] = mail.outbox
    assert message.to == [candidate.user.email]
    assert message.subject == "Votre candidature est validée"
    assert "15 jours" in message.body
    notification = Notification.objects.get(kind="candidate_decision")
    assert notification.in_app
    assert notification.recipient == candidate.user


def test_ineligible_decision_needs_a_reason_shown_with_other_services(
    staff, django_capture_on_commit_callbacks
):
    candidate = factories.CandidateFactory()
    with pytest.raises(services.CandidateError):
        services.candidate_decide(
            candidate=candidate, decided_by=staff, decision=Status.INELIGIBLE, reason="  "
        )
    candidate.refresh_from_db()
    assert candidate.status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_decide(
            candidate=candidate,
            decided_by=staff,
            decision=Status.INELIGIBLE,
            reason="Diplôme de niveau Bac+2.",
        )
    candidate.refresh_from_db()
    assert candidate.decision_reason == "Diplôme de niveau Bac+2."
    assert candidate.validated_at is None
    [message] = mail.outbox
    assert "Diplôme de niveau Bac+2." in message.body
    assert "https://www.francetravail.fr/" in message.body
    assert "Mission Locale" in message.body


def test_incomplete_decision_names_the_requested_document(
    staff, login, django_capture_on_commit_callbacks
):
    candidate = factories.CandidateFactory()
    with pytest.raises(services.CandidateError):
        services.candidate_decide(candidate=candidate, decided_by=staff, decision=Status.INCOMPLETE)
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_decide(
            candidate=candidate,
            decided_by=staff,
            decision=Status.INCOMPLETE,
            requested_document=Document.Kind.PROOF_BOURSIER,
            reason="L'avis de bourse est illisible.",
        )
    candidate.refresh_from_db()
    assert candidate.requested_document == Document.Kind.PROOF_BOURSIER
    assert "Notification d'attribution de bourse" in mail.outbox[0].body
    content = login(candidate.user).get("/mon-espace/").content.decode()
    assert "Notification d&#x27;attribution de bourse" in content
    assert "L&#x27;avis de bourse est illisible." in content


def test_staff_of_another_region_cannot_decide(other_staff):
    candidate = factories.CandidateFactory()
    with pytest.raises(PermissionDenied):
        services.candidate_decide(
            candidate=candidate, decided_by=other_staff, decision=Status.ELIGIBLE
        )
    candidate.refresh_from_db()
    assert candidate.status == Status.SUBMITTED


def test_national_admin_decides_everywhere(national_admin):
    candidate = factories.CandidateFactory(department=factories.department("2A"))
    services.candidate_decide(
        candidate=candidate, decided_by=national_admin, decision=Status.ELIGIBLE
    )
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ELIGIBLE, Status.IN_MENTORSHIP])
def test_only_files_waiting_for_staff_can_be_decided(staff, status):
    candidate = factories.CandidateFactory(status=status)
    with pytest.raises(services.CandidateError):
        services.candidate_decide(
            candidate=candidate, decided_by=staff, decision=Status.INELIGIBLE, reason="Non."
        )
    assert not Notification.objects.exists()


def test_a_failed_decision_sends_nothing(staff, django_capture_on_commit_callbacks):
    candidate = factories.CandidateFactory(status=Status.DRAFT)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.CandidateError),
    ):
        services.candidate_decide(candidate=candidate, decided_by=staff, decision=Status.ELIGIBLE)
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.ELIGIBLE, Status.IN_MENTORSHIP),
        (Status.IN_MENTORSHIP, Status.PLACED),
        (Status.IN_MENTORSHIP, Status.ELIGIBLE),
        (Status.PLACED, Status.ALUMNI),
    ],
)
def test_mentoring_moves_a_validated_candidate_along(start, to):
    candidate = factories.CandidateFactory(status=start)
    services.candidate_set_status(candidate=candidate, status=to, by=None, note="Parrainage")
    candidate.refresh_from_db()
    assert candidate.status == to
    change = candidate.history.last()
    assert (change.from_status, change.to_status, change.note) == (start, to, "Parrainage")


@pytest.mark.parametrize(
    ("start", "to"),
    [(Status.SUBMITTED, Status.IN_MENTORSHIP), (Status.ELIGIBLE, Status.SUBMITTED)],
)
def test_mentoring_cannot_skip_the_staff_decision(start, to):
    candidate = factories.CandidateFactory(status=start)
    with pytest.raises(services.CandidateError):
        services.candidate_set_status(candidate=candidate, status=to, by=None)
    candidate.refresh_from_db()
    assert candidate.status == start
