"""A person's data: JSON export, account deletion by anonymisation, and the periodic purges
that share its code path (DESIGN §10)."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from candidates import services, tasks
from candidates.models import Candidate, Document, SensitiveAccess
from nqt.core import privacy
from nqt.core.models import Notification, User
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def full_candidate(**kwargs) -> Candidate:
    candidate = factories.with_documents(
        factories.CandidateFactory(
            qpv_name="Neuhof",
            linkedin_url="https://www.linkedin.com/in/nour",
            business_project="",
            **kwargs,
        )
    )
    factories.StatusChangeFactory(candidate=candidate, note="Dossier reçu")
    return candidate


def test_export_holds_the_file_history_and_document_list(login):
    candidate = full_candidate()
    response = login(candidate.user).get(reverse("my_data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == candidate.user.email
    section = data["candidate"]
    assert section["identity_and_contact"]["birth_date"] == candidate.birth_date.isoformat()
    assert section["social_criteria"]["qpv_name"] == "Neuhof"
    assert [doc["kind"] for doc in section["documents"]] == ["cv", "proof_qpv"]
    assert section["history"][0]["note"] == "Dossier reçu"
    assert section["consent"]["privacy_notice_version"] == "2026-11"


def test_someone_elses_data_never_reaches_the_export(login):
    candidate = full_candidate()
    other = factories.CandidateFactory(qpv_name="Hautepierre")
    response = login(candidate.user).get(
        reverse("my_data_export"), {"user": other.user.pk, "pk": other.pk}
    )
    assert "Hautepierre" not in response.content.decode()
    assert other.user.email not in response.content.decode()


def test_a_person_without_application_exports_their_account_only(login):
    user = factories.UserFactory()
    data = json.loads(login(user).get(reverse("my_data_export")).content)
    assert data["candidate"] is None
    assert data["account"]["email"] == user.email


def test_erasure_anonymises_the_file_and_keeps_the_statistics(
    django_capture_on_commit_callbacks,
):
    candidate = full_candidate(status=Candidate.Status.ELIGIBLE, boursier=True)
    stored = [document.file.name for document in candidate.documents.all()]
    assert all(default_storage.exists(name) for name in stored)
    exported = privacy.export_user_data(candidate.user)
    assert exported["candidate"]["identity_and_contact"]["city"] == "Strasbourg"

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(candidate.user)

    candidate.refresh_from_db()
    user = User.objects.get(pk=candidate.user_id)
    assert user.email.endswith("@invalid.example")
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    assert candidate.anonymised_at is not None
    for name in (
        "phone",
        "postcode",
        "city",
        "diploma_title",
        "school",
        "target_job",
        "linkedin_url",
        "qpv_name",
    ):
        assert not getattr(candidate, name), name
    assert candidate.birth_date is None
    assert not candidate.history.exclude(note="").exists()
    assert not Document.objects.filter(candidate=candidate).exists()
    assert not any(default_storage.exists(name) for name in stored)
    # What cannot identify the person stays for the statistics.
    assert candidate.status == Candidate.Status.ELIGIBLE
    assert candidate.submitted_at is not None
    assert candidate.diploma_level == 5
    assert candidate.department.code == "67"
    assert (candidate.qpv, candidate.boursier) == (True, True)


def test_erasing_twice_is_harmless(django_capture_on_commit_callbacks):
    candidate = full_candidate(status=Candidate.Status.INELIGIBLE, decision_reason="Bac+2")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(candidate.user)
    candidate.refresh_from_db()
    first = candidate.anonymised_at
    assert candidate.decision_reason == services.ANONYMISED_REASON
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(candidate.user)
    candidate.refresh_from_db()
    assert candidate.anonymised_at == first


def test_deleting_the_account_asks_the_password_then_erases_and_signs_out(login):
    candidate = full_candidate()
    client = login(candidate.user)
    page = client.get(reverse("account_delete")).content.decode()
    assert "Supprimer mon compte" in page
    response = client.post(reverse("account_delete"), {})
    assert "Ce champ est obligatoire." in response.content.decode()
    response = client.post(reverse("account_delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "Ce n&#x27;est pas votre mot de passe." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.anonymised_at is None

    response = client.post(reverse("account_delete"), {"password": factories.PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Votre compte est supprimé" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert client.get(reverse("my_space"))["Location"].startswith(reverse("account_login"))


def test_my_space_links_to_the_export_and_the_deletion(login):
    candidate = full_candidate()
    content = login(candidate.user).get(reverse("my_space")).content.decode()
    assert reverse("my_data_export") in content
    assert reverse("account_delete") in content


DECIDED = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("now", "anonymised"),
    [
        (datetime.datetime(2026, 6, 10, 8, 0, tzinfo=PARIS), False),  # an hour short
        (datetime.datetime(2026, 6, 10, 9, 0, tzinfo=PARIS), True),  # three months to the minute
    ],
)
def test_the_daily_purge_anonymises_ineligible_files_three_months_after_the_decision(
    now, anonymised, django_capture_on_commit_callbacks
):
    ineligible = full_candidate(
        status=Candidate.Status.INELIGIBLE, decision_reason="Hors critères", decided_at=DECIDED
    )
    eligible = full_candidate(status=Candidate.Status.ELIGIBLE, decided_at=DECIDED)
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        count = tasks.purge_expired_candidates.delay().get()
    ineligible.refresh_from_db()
    eligible.refresh_from_db()
    assert count == int(anonymised)
    assert (ineligible.anonymised_at is not None) is anonymised
    assert User.objects.get(pk=ineligible.user_id).is_active is not anonymised
    assert eligible.anonymised_at is None


def test_the_purge_anonymises_files_inactive_for_two_years_but_not_a_mentorship():
    long_ago = timezone.now() - datetime.timedelta(days=2 * 366)
    asleep = factories.DraftCandidateFactory(last_activity_at=long_ago)
    mentored = factories.CandidateFactory(
        status=Candidate.Status.IN_MENTORSHIP, last_activity_at=long_ago
    )
    signed_in_lately = factories.DraftCandidateFactory(last_activity_at=long_ago)
    User.objects.filter(pk=signed_in_lately.user_id).update(last_login=timezone.now())
    assert services.candidate_purge_expired() == 1
    assert Candidate.objects.get(pk=asleep.pk).anonymised_at is not None
    assert Candidate.objects.get(pk=mentored.pk).anonymised_at is None
    assert Candidate.objects.get(pk=signed_in_lately.pk).anonymised_at is None
    assert services.candidate_purge_expired() == 0  # already done: nothing twice


def test_an_anonymised_file_is_closed_to_everyone(login, staff):
    candidate = full_candidate()
    privacy.erase_user(candidate.user)
    assert login(staff).get(reverse("candidates:file", args=[candidate.pk])).status_code == 404


def test_the_access_log_is_kept_twelve_months():
    recent = factories.SensitiveAccessFactory()
    old = factories.SensitiveAccessFactory(at=timezone.now() - datetime.timedelta(days=366))
    assert tasks.purge_sensitive_access_log.delay().get() == 1
    assert list(SensitiveAccess.objects.all()) == [recent]
    assert not SensitiveAccess.objects.filter(pk=old.pk).exists()


def test_erasure_removes_the_persons_notifications(django_capture_on_commit_callbacks, staff):
    candidate = factories.CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_decide(
            candidate=candidate, decided_by=staff, decision=Candidate.Status.ELIGIBLE
        )
    assert Notification.objects.filter(recipient=candidate.user).exists()
    privacy.erase_user(candidate.user)
    assert not Notification.objects.filter(recipient=candidate.user).exists()
