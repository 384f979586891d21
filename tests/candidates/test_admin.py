"""Staff clear the review queue in the admin: their regions only, longest waiting first, the
rules engine's recommendation, a decision page per file and bulk decisions."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, SensitiveAccess
from nqt.core import privacy
from nqt.core.models import User
from tests import factories

pytestmark = pytest.mark.django_db

Status = Candidate.Status
QUEUE = "admin:candidates_candidatetoreview_changelist"


def decide_url(candidate) -> str:
    return reverse("admin:candidates_candidate_decide", args=[candidate.pk])


def submitted_files(count: int, *, department: str = "67") -> list[Candidate]:
    """``count`` submitted files, written in bulk (a factory per row would take minutes)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"file{department}-{n}@example.org", first_name="Awa", last_name=f"N{n}")
        for n in range(count)
    )
    dept = factories.department(department)
    return Candidate.objects.bulk_create(
        Candidate(
            user=user,
            status=Status.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=n % 40, hours=n),
            birth_date=datetime.date(2000, 1, 1),
            department=dept,
            diploma_level=5,
            qpv=n % 2 == 0,
            zrr=n % 2 == 1,
            consent_at=now,
        )
        for n, user in enumerate(users)
    )


def test_queue_shows_submitted_files_of_the_staff_regions_longest_waiting_first(staff, login):
    now = timezone.now()
    recent = factories.CandidateFactory(submitted_at=now - datetime.timedelta(days=1))
    oldest = factories.CandidateFactory(submitted_at=now - datetime.timedelta(days=20))
    # Sent back after a correction: it waits since then, not since its first submission.
    reopened = factories.CandidateFactory(
        submitted_at=now - datetime.timedelta(days=90),
        awaiting_decision_since=now - datetime.timedelta(days=5),
    )
    factories.EligibleCandidateFactory()  # already decided
    factories.CandidateFactory(department=factories.department("75"))  # another region
    response = login(staff).get(reverse(QUEUE))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [oldest, reopened, recent]
    content = response.content.decode()
    assert "Dossiers à examiner" in content
    assert ">20<" in content  # days waiting


def test_queue_gives_the_recommendation_and_each_rules_result(staff, login):
    too_old = factories.CandidateFactory(birth_date=datetime.date(1980, 1, 1))
    response = login(staff).get(reverse(QUEUE))
    admin = response.context["cl"].model_admin
    assert admin.recommendation(too_old) == "Non éligible"
    assert admin.rule_age(too_old) is False
    assert admin.rule_diploma(too_old) is True
    assert admin.rule_social_criterion(too_old) is True
    assert decide_url(too_old) in response.content.decode()


@pytest.mark.parametrize("count", [10, 500])
def test_queue_query_count_does_not_grow_with_the_files(
    staff, login, count, django_assert_max_num_queries
):
    submitted_files(count)
    client = login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(QUEUE))
    assert response.context["cl"].result_count == count


def test_staff_of_another_region_see_an_empty_queue_and_get_404(other_staff, login):
    candidate = factories.CandidateFactory()
    client = login(other_staff)
    assert client.get(reverse(QUEUE)).context["cl"].result_count == 0
    assert client.get(decide_url(candidate)).status_code == 404
    queue_change = reverse("admin:candidates_candidatetoreview_change", args=[candidate.pk])
    assert client.get(queue_change).status_code == 404
    assert not SensitiveAccess.objects.exists()


def test_decision_page_shows_the_file_and_logs_the_read(staff, login):
    candidate = factories.with_documents(factories.CandidateFactory(qpv_name="Neuhof"))
    response = login(staff).get(decide_url(candidate))
    assert response.status_code == 200
    content = response.content.decode()
    assert candidate.user.last_name in content
    assert "Neuhof" in content
    assert "Recommandation" in content
    for document in candidate.documents.all():
        assert reverse("candidates:document_download", args=[document.pk]) in content
    access = SensitiveAccess.objects.get()
    assert (access.staff, access.candidate, access.what) == (staff, candidate, "profile")


def test_the_queue_opens_a_file_on_its_decision_page(staff, login):
    candidate = factories.CandidateFactory()
    url = reverse("admin:candidates_candidatetoreview_change", args=[candidate.pk])
    assert login(staff).get(url)["Location"] == decide_url(candidate)


def test_deciding_on_the_page_records_it_and_tells_the_candidate_after_commit(
    staff, login, django_capture_on_commit_callbacks
):
    candidate = factories.CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(decide_url(candidate), {"decision": "eligible"})
    assert response["Location"] == reverse(QUEUE)
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE
    assert candidate.decided_by == staff
    assert [message.to for message in mail.outbox] == [[candidate.user.email]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "ineligible", "reason": "  "}, "reason"),
        ({"decision": "incomplete"}, "requested_document"),
        ({"decision": "maybe"}, "decision"),
        ({}, "decision"),
    ],
)
def test_a_decision_without_what_it_needs_is_refused_on_the_page(staff, login, data, field):
    candidate = factories.CandidateFactory()
    response = login(staff).post(decide_url(candidate), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    candidate.refresh_from_db()
    assert candidate.status == Status.SUBMITTED
    assert mail.outbox == []


def test_an_eligible_file_shows_the_last_decision_without_a_form(staff, login):
    candidate = factories.EligibleCandidateFactory(
        decision_reason="Dossier complet.", decided_by=staff
    )
    client = login(staff)
    content = client.get(decide_url(candidate)).content.decode()
    assert "Dossier complet." in content
    assert 'name="decision"' not in content
    assert 'name="revision-decision"' not in content
    client.post(decide_url(candidate), {"decision": "ineligible", "reason": "Non."})
    response = client.post(
        decide_url(candidate),
        {"revision": "1", "revision-decision": "incomplete", "revision-note": "Erreur."},
        follow=True,
    )
    assert "ne peut plus être révisée" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE
    assert not candidate.history.exists()
    assert mail.outbox == []


# --- revising a refusal ---------------------------------------------------------------------


def revision(decision="eligible", note="Le Bac+3 était joint.", **extra) -> dict[str, str]:
    return {"revision": "1", "revision-decision": decision, "revision-note": note, **extra}


def test_a_refused_file_shows_the_decision_and_the_revision_form(staff, login):
    decider = factories.StaffFactory(first_name="Claire", last_name="Fontaine")
    candidate = factories.IneligibleCandidateFactory(decided_by=decider)
    response = login(staff).get(decide_url(candidate))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Décision actuelle" in content
    assert "Claire Fontaine" in content
    assert "Diplôme de niveau Bac+2." in content
    assert "Réviser la décision" in content
    # The revision's own fields, labelled; never the first decision's.
    assert 'name="revision-decision"' in content
    assert 'name="decision"' not in content
    assert '<label for="id_revision-note">' in content
    assert 'aria-describedby="id_revision-note_helptext"' in content
    access = SensitiveAccess.objects.get()
    assert (access.staff, access.candidate, access.detail) == (staff, candidate, "decision page")


def test_revising_on_the_page_records_it_and_tells_the_candidate_after_commit(
    staff, login, django_capture_on_commit_callbacks
):
    candidate = factories.IneligibleCandidateFactory()
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(candidate), revision())
    assert response.status_code == 302
    assert response["Location"] == decide_url(candidate)
    candidate.refresh_from_db()
    assert candidate.status == Status.ELIGIBLE
    assert candidate.decided_by == staff
    assert candidate.history.last().note == "Le Bac+3 était joint."
    assert [message.to for message in mail.outbox] == [[candidate.user.email]]
    content = client.get(decide_url(candidate)).content.decode()
    assert "Décision révisée" in content
    assert 'name="revision-decision"' not in content  # eligible now: nothing more to revise


def test_revising_to_incomplete_on_the_page_asks_the_document(staff, login):
    candidate = factories.IneligibleCandidateFactory()
    login(staff).post(
        decide_url(candidate),
        revision("incomplete", **{"revision-requested_document": "proof_boursier"}),
    )
    candidate.refresh_from_db()
    assert (candidate.status, candidate.requested_document) == (Status.INCOMPLETE, "proof_boursier")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (revision(note="  "), "note"),
        ({"revision": "1", "revision-decision": "eligible"}, "note"),
        (revision("incomplete"), "requested_document"),
        (revision("ineligible"), "decision"),
        ({"revision": "1", "revision-note": "Erreur."}, "decision"),
    ],
)
def test_a_revision_without_what_it_needs_is_refused_on_the_page(staff, login, data, field):
    candidate = factories.IneligibleCandidateFactory()
    response = login(staff).post(decide_url(candidate), data)
    assert response.status_code == 200
    form = response.context["revision_form"]
    assert field in form.errors
    # The message sits next to its field, which points to it.
    content = response.content.decode()
    assert f'id="id_revision-{field}_error"' in content
    if field != "decision":  # a radio group's fieldset carries its legend, not the ids
        assert (
            f'aria-describedby="id_revision-{field}_helptext id_revision-{field}_error"' in content
        )
    candidate.refresh_from_db()
    assert candidate.status == Status.INELIGIBLE
    assert not candidate.history.exists()
    assert mail.outbox == []


def test_a_first_decision_post_does_not_revise_a_refusal(staff, login):
    candidate = factories.IneligibleCandidateFactory()
    login(staff).post(decide_url(candidate), {"decision": "eligible", "reason": "Erreur."})
    candidate.refresh_from_db()
    assert candidate.status == Status.INELIGIBLE
    assert mail.outbox == []


def test_staff_of_another_region_cannot_see_nor_revise_a_refusal(other_staff, login):
    candidate = factories.IneligibleCandidateFactory()
    client = login(other_staff)
    assert client.get(decide_url(candidate)).status_code == 404
    assert client.post(decide_url(candidate), revision()).status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == Status.INELIGIBLE
    assert not SensitiveAccess.objects.exists()
    assert mail.outbox == []


def test_an_anonymised_refusal_offers_no_revision(staff, login):
    candidate = factories.IneligibleCandidateFactory()
    privacy.erase_user(candidate.user)
    client = login(staff)
    assert 'name="revision-decision"' not in client.get(decide_url(candidate)).content.decode()
    client.post(decide_url(candidate), revision())
    candidate.refresh_from_db()
    assert candidate.status == Status.INELIGIBLE
    assert mail.outbox == []


def test_change_page_links_to_the_decision_and_logs_the_read(staff, login):
    candidate = factories.with_documents(factories.CandidateFactory())
    response = login(staff).get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    content = response.content.decode()
    assert decide_url(candidate) in content
    cv = candidate.documents.get(kind="cv")
    assert reverse("candidates:document_download", args=[cv.pk]) in content
    assert SensitiveAccess.objects.filter(staff=staff, candidate=candidate).exists()


def bulk(client, action, candidates, **extra):
    return client.post(
        reverse(QUEUE),
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in candidates], **extra},
    )


def test_bulk_eligible(staff, login, django_capture_on_commit_callbacks):
    files = factories.CandidateFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(login(staff), "decide_eligible", files)
    assert response.status_code == 302
    assert set(Candidate.objects.values_list("status", flat=True)) == {Status.ELIGIBLE}
    assert len(mail.outbox) == 3


def test_bulk_ineligible_asks_the_reason_first(staff, login, django_capture_on_commit_callbacks):
    files = factories.CandidateFactory.create_batch(2)
    client = login(staff)
    response = bulk(client, "decide_ineligible", files)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Motif de non-éligibilité" in content
    assert files[0].user.last_name in content
    assert set(Candidate.objects.values_list("status", flat=True)) == {Status.SUBMITTED}

    response = bulk(client, "decide_ineligible", files, apply="1", reason="")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert set(Candidate.objects.values_list("status", flat=True)) == {Status.SUBMITTED}

    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client, "decide_ineligible", files, apply="1", reason="Hors critères.")
    assert response.status_code == 302
    assert set(Candidate.objects.values_list("decision_reason", flat=True)) == {"Hors critères."}
    assert len(mail.outbox) == 2


def test_bulk_incomplete_asks_the_document_first(staff, login):
    files = factories.CandidateFactory.create_batch(2)
    client = login(staff)
    response = bulk(client, "decide_incomplete", files)
    assert "Pièce manquante" in response.content.decode()
    bulk(client, "decide_incomplete", files, apply="1", requested_document="cv")
    assert set(Candidate.objects.values_list("status", "requested_document")) == {
        (Status.INCOMPLETE, "cv")
    }


def test_bulk_decisions_skip_files_not_waiting_and_say_so(staff, login):
    waiting = factories.CandidateFactory()
    done = factories.EligibleCandidateFactory()
    response = bulk(login(staff), "decide_eligible", [waiting, done])
    # The queue only holds waiting files: the decided one is not even in the selection.
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.ELIGIBLE
    response = login(staff).post(
        reverse("admin:candidates_candidate_changelist"),
        {
            "action": "decide_ineligible",
            ACTION_CHECKBOX_NAME: [done.pk],
            "apply": "1",
            "reason": "Erreur",
        },
        follow=True,
    )
    assert "en raison de leur statut" in response.content.decode()
    done.refresh_from_db()
    assert done.status == Status.ELIGIBLE


def test_staff_see_the_access_log_only_as_national_admins(staff, national_admin, login):
    factories.SensitiveAccessFactory()
    url = reverse("admin:candidates_sensitiveaccess_changelist")
    assert login(staff).get(url).status_code == 403
    assert login(national_admin).get(url).status_code == 200
