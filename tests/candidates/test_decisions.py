"""Staff decisions record who and when, write the history and tell the candidate after
commit; a refusal can be revised, once; the status moves mentoring asks for are checked
(DESIGN §5)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from candidates import services
from candidates.models import Candidate, Document
from nqt.core import privacy
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


# --- revising a refusal ---------------------------------------------------------------------

REVISED = "Votre dossier a été réexaminé"


def test_revising_a_refusal_to_eligible_validates_the_file_and_tells_the_candidate_after_commit(
    staff, django_capture_on_commit_callbacks
):
    first_decider = factories.StaffFactory()
    candidate = factories.IneligibleCandidateFactory(decided_by=first_decider)
    refused_at = candidate.decided_at
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.candidate_revise_decision(
            candidate=candidate,
            revised_by=staff,
            decision=Status.ELIGIBLE,
            note="  Le Bac+3 était bien joint au dossier.  ",
        )
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE
    assert candidate.decided_by == staff
    assert candidate.decided_at > refused_at
    assert candidate.validated_at == candidate.decided_at
    assert candidate.decision_reason == "Le Bac+3 était bien joint au dossier."
    change = candidate.history.last()
    assert (change.from_status, change.to_status, change.by, change.note, change.at) == (
        "ineligible",
        "eligible",
        staff,
        "Le Bac+3 était bien joint au dossier.",
        candidate.decided_at,
    )

    callbacks[0]()
    [message] = mail.outbox
    assert message.to == [candidate.user.email]
    assert message.subject == "Votre candidature est validée"
    assert REVISED in message.body
    assert "Le Bac+3 était bien joint au dossier." in message.body
    assert "15 jours" in message.body
    html = message.alternatives[0][0]
    assert REVISED in html
    notification = Notification.objects.get(kind="candidate_decision")
    assert notification.in_app
    assert notification.recipient == candidate.user


def test_revising_a_refusal_to_incomplete_asks_for_the_document(
    staff, login, django_capture_on_commit_callbacks
):
    candidate = factories.IneligibleCandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_revise_decision(
            candidate=candidate,
            revised_by=staff,
            decision=Status.INCOMPLETE,
            requested_document=Document.Kind.PROOF_BOURSIER,
            note="Le critère boursier n'avait pas été vu : envoyez l'avis de bourse.",
        )
    candidate.refresh_from_db()
    assert candidate.status == Status.INCOMPLETE
    assert candidate.requested_document == Document.Kind.PROOF_BOURSIER
    assert candidate.validated_at is None
    assert candidate.decided_by == staff
    change = candidate.history.last()
    assert (change.from_status, change.to_status) == ("ineligible", "incomplete")
    [message] = mail.outbox
    assert message.subject == "Il manque une pièce à votre candidature"
    assert REVISED in message.body
    assert "Notification d'attribution de bourse" in message.body
    content = login(candidate.user).get("/mon-espace/").content.decode()
    assert "Notification d&#x27;attribution de bourse" in content


def test_a_first_decision_does_not_say_it_was_revised(staff, django_capture_on_commit_callbacks):
    candidate = factories.CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_decide(candidate=candidate, decided_by=staff, decision=Status.ELIGIBLE)
    [message] = mail.outbox
    assert REVISED not in message.body


def assert_unrevised(candidate, *, status=Status.INELIGIBLE, callbacks=()) -> None:
    """Nothing written (``candidate`` holds the values from before the attempt), nothing sent."""
    before = (candidate.decided_at, candidate.decided_by_id, candidate.decision_reason)
    candidate.refresh_from_db()
    assert candidate.status == status
    assert (candidate.decided_at, candidate.decided_by_id, candidate.decision_reason) == before
    assert not candidate.history.exists()
    assert list(callbacks) == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "status",
    [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.INCOMPLETE,
        Status.ELIGIBLE,
        Status.IN_MENTORSHIP,
        Status.PLACED,
        Status.ALUMNI,
    ],
)
def test_only_a_refusal_can_be_revised(staff, status, django_capture_on_commit_callbacks):
    candidate = factories.IneligibleCandidateFactory(status=status)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.CandidateError, match="Seule une décision « Non éligible »"),
    ):
        services.candidate_revise_decision(
            candidate=candidate, revised_by=staff, decision=Status.ELIGIBLE, note="Erreur."
        )
    assert_unrevised(candidate, status=status, callbacks=callbacks)


def test_an_anonymised_refusal_cannot_be_revised(staff, django_capture_on_commit_callbacks):
    candidate = factories.IneligibleCandidateFactory()
    privacy.erase_user(candidate.user)
    candidate.refresh_from_db()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.CandidateError, match="anonymisé"),
    ):
        services.candidate_revise_decision(
            candidate=candidate, revised_by=staff, decision=Status.ELIGIBLE, note="Erreur."
        )
    assert_unrevised(candidate, callbacks=callbacks)


def test_staff_of_another_region_cannot_revise(other_staff, django_capture_on_commit_callbacks):
    candidate = factories.IneligibleCandidateFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        services.candidate_revise_decision(
            candidate=candidate, revised_by=other_staff, decision=Status.ELIGIBLE, note="Erreur."
        )
    assert_unrevised(candidate, callbacks=callbacks)


def test_national_admin_revises_everywhere(national_admin):
    candidate = factories.IneligibleCandidateFactory(department=factories.department("2A"))
    services.candidate_revise_decision(
        candidate=candidate, revised_by=national_admin, decision=Status.ELIGIBLE, note="Erreur."
    )
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"decision": Status.ELIGIBLE, "note": "  "}, "Expliquez pourquoi"),
        ({"decision": Status.INCOMPLETE, "note": "Erreur."}, "Indiquez la pièce manquante"),
        ({"decision": Status.INELIGIBLE, "note": "Erreur."}, "« Éligible » ou « Incomplet »"),
        ({"decision": Status.SUBMITTED, "note": "Erreur."}, "« Éligible » ou « Incomplet »"),
    ],
)
def test_a_revision_needs_a_note_and_a_new_decision(
    staff, details, message, django_capture_on_commit_callbacks
):
    candidate = factories.IneligibleCandidateFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.CandidateError, match=message),
    ):
        services.candidate_revise_decision(candidate=candidate, revised_by=staff, **details)
    assert_unrevised(candidate, callbacks=callbacks)


PARIS = datetime.timezone(datetime.timedelta(hours=1))
REFUSED = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize("revision", [Status.ELIGIBLE, Status.INCOMPLETE])
def test_a_revised_refusal_is_no_longer_purged_three_months_later(
    staff, revision, django_capture_on_commit_callbacks
):
    kept = factories.IneligibleCandidateFactory(decided_at=REFUSED)
    untouched = factories.IneligibleCandidateFactory(decided_at=REFUSED)
    with time_machine.travel(REFUSED + datetime.timedelta(days=30), tick=False):
        services.candidate_revise_decision(
            candidate=kept,
            revised_by=staff,
            decision=revision,
            note="Erreur de lecture du diplôme.",
            requested_document=Document.Kind.CV if revision == Status.INCOMPLETE else "",
        )
    with (
        time_machine.travel(REFUSED + datetime.timedelta(days=120), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.expired_candidate_ids() == [untouched.pk]
        assert services.candidate_purge_expired() == 1
    kept.refresh_from_db()
    untouched.refresh_from_db()
    assert kept.anonymised_at is None
    assert kept.status == revision
    assert untouched.anonymised_at is not None


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
