"""Erasing a person who takes part in mentorships (DESIGN §10): their open mentorships and
proposals end (the place frees for the mentor), the other party and the regional team are told
without the name, no text written by or about the person remains anywhere in the database, and
the anonymous rows the KPIs count stay."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from mentoring import rules
from mentoring.models import ActionItem, CheckIn, Introduction, Meeting, Mentorship, Outcome
from mentoring.services import alerts
from nqt.core import notifications, privacy
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

Status = Mentorship.Status

ERASED_BY_CANDIDATE = "mentorship_ended_account_deleted"
ERASED_STAFF = "mentorship_ended_account_deleted_staff"


def rows_containing(needles: list[str]) -> list[tuple[str, str, object]]:
    """Every (model, column, pk) of the whole database whose text holds one of ``needles``."""
    hits = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        for field in fields:
            column = Cast(field.name, output_field=models.TextField())
            query = models.Q()
            for needle in needles:
                query |= models.Q(_text__icontains=needle)
            for pk in (
                model._default_manager.annotate(_text=column)
                .filter(query)
                .values_list("pk", flat=True)
            ):
                hits.append((model._meta.label, field.name, pk))
    return hits


def erase_through_the_account_page(client) -> None:
    response = client.post(reverse("account_delete"), {"password": factories.PASSWORD})
    assert response.status_code == 302


def log_admin_change(staff, obj) -> None:
    """What the admin writes when staff change ``obj``: its label, a name, is kept."""
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        action_flag=CHANGE,
        change_message="[]",
    )


def kpi_snapshot() -> dict[str, object]:
    """What the statistics read, without any text."""
    return {
        "mentorships": sorted(
            Mentorship.objects.values_list("pk", "candidate", "mentor", "started_at", "proposed_at")
        ),
        "meetings": sorted(Meeting.objects.values_list("pk", "date", "duration_minutes", "mode")),
        "check_ins": sorted(CheckIn.objects.values_list("pk", "role", "period", "score")),
        "outcomes": sorted(
            Outcome.objects.values_list("pk", "contract_type", "start_date", "at_level")
        ),
        "introductions": sorted(Introduction.objects.values_list("pk", "date", "result")),
        "action_items": sorted(ActionItem.objects.values_list("pk", "step", "done_at")),
    }


# --- A candidate ------------------------------------------------------------------------------

FIRST, LAST = "Zéphyrine", "Quillembert"
COMMENT = "Mon ancien chef Gaspard me harcèle encore au téléphone"
MENTOR_ON_HER = "Elle doute beaucoup depuis son licenciement"
MEETING_NOTE = "Préparé l'entretien chez Lactalis, elle stresse"
INTRO_NOTE = "Rappeler Mme Hochwald après le 15"
INTRO_COMPANY = "Cabinet Hochwald-Sauer"
EMPLOYER = "Fromagerie Vautrin-Kessler"
JOB_TITLE = "Affineuse principale"
PROPOSAL_MESSAGE = "Elle vit seule avec sa fille à Cronenbourg"
CANDIDATE_SECRETS = [
    FIRST,
    LAST,
    COMMENT,
    MENTOR_ON_HER,
    MEETING_NOTE,
    INTRO_NOTE,
    INTRO_COMPANY,
    EMPLOYER,
    JOB_TITLE,
    PROPOSAL_MESSAGE,
]


@pytest.fixture
def paired(mentor, other_mentor, staff):
    """A candidate in an active mentorship, after a first one that ended with a job."""
    user = factories.UserFactory(first_name=FIRST, last_name=LAST)
    candidate = factories.CandidateFactory(user=user, status=Candidate.Status.IN_MENTORSHIP)
    earlier = factories.MentorshipFactory(
        candidate=candidate,
        mentor=other_mentor,
        status=Status.COMPLETED,
        started_at=timezone.now() - datetime.timedelta(days=400),
        ended_at=timezone.now() - datetime.timedelta(days=200),
    )
    factories.OutcomeFactory(
        mentorship=earlier,
        contract_type=Outcome.ContractType.CDD_SHORT,
        employer=EMPLOYER,
        job_title=JOB_TITLE,
        declared_by=user,
    )
    mentorship = factories.MentorshipFactory(
        candidate=candidate, mentor=mentor, message=PROPOSAL_MESSAGE
    )
    CheckIn.objects.create(
        mentorship=mentorship,
        author=user,
        role=CheckIn.Role.CANDIDATE,
        period=CheckIn.Period.MONTH_1,
        score=3,
        comment=COMMENT,
        needs_help=True,
    )
    CheckIn.objects.create(
        mentorship=mentorship,
        author=mentor.user,
        role=CheckIn.Role.MENTOR,
        period=CheckIn.Period.MONTH_1,
        score=4,
        comment=f"{FIRST} : {MENTOR_ON_HER}",
    )
    factories.MeetingFactory(mentorship=mentorship, notes=MEETING_NOTE, logged_by=user)
    factories.IntroductionFactory(
        mentorship=mentorship, contact_company=INTRO_COMPANY, notes=INTRO_NOTE
    )
    ActionItem.objects.create(mentorship=mentorship, step=ActionItem.Step.CV_REVIEWED, done_by=user)
    # What the mentor and the staff were told about her, by the notification service.
    notifications.notify(
        recipient=mentor.user,
        kind="proposal_received",
        context={"mentorship": mentorship, "candidate_first_name": FIRST, **rules.delays()},
        about=mentorship,
    )
    alerts.notify_staff(mentorship, kind="proposal_accepted", event="accepted")
    # A message about her that is not attached to her mentorship (a digest, a withdrawal).
    factories.NotificationFactory(
        recipient=staff, title="Candidats sans mentor", body_text=f"{FIRST} {LAST} attend"
    )
    factories.NotificationFactory(
        recipient=mentor.user, title="Proposition retirée", body_text=f"Pour {FIRST}."
    )
    log_admin_change(staff, candidate)
    log_admin_change(staff, mentorship)
    return candidate, mentorship


def test_the_candidates_erasure_ends_the_mentorship_and_leaves_no_trace(
    paired, mentor, staff, login
):
    candidate, mentorship = paired
    assert rows_containing(CANDIDATE_SECRETS)  # the search finds them before
    before = kpi_snapshot()
    email = candidate.user.email

    erase_through_the_account_page(login(candidate.user))

    mentorship.refresh_from_db()
    assert mentorship.status == Status.INTERRUPTED
    assert mentorship.ended_at is not None
    assert mentorship.end_reason == Mentorship.EndReason.NO_LONGER_NEEDED
    # The mentor's place is free again.
    assert not mentor.mentorships.filter(status__in=rules.PLACE_STATUSES).exists()
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert candidate.status == Candidate.Status.ALUMNI

    [told_mentor] = Notification.objects.filter(recipient=mentor.user, kind=ERASED_BY_CANDIDATE)
    [told_staff] = Notification.objects.filter(recipient=staff, kind=ERASED_STAFF)
    for notification in (told_mentor, told_staff):
        assert notification.about == mentorship
        assert notification.email_status == Notification.EmailStatus.PENDING
    assert "supprimé son compte" in told_mentor.body_text
    assert "supprimé son compte" in told_staff.body_text

    assert rows_containing(CANDIDATE_SECRETS) == []
    assert rows_containing([email]) == []
    # The anonymous rows the KPIs count stay, unchanged.
    after = kpi_snapshot()
    assert after == before
    assert Mentorship.objects.filter(candidate=candidate).count() == 2
    assert CheckIn.objects.get(role=CheckIn.Role.CANDIDATE).needs_help is True


def test_the_candidates_waiting_proposals_are_withdrawn_and_drafts_dropped(
    mentor, other_mentor, staff
):
    candidate = factories.EligibleCandidateFactory(user__first_name=FIRST, user__last_name=LAST)
    proposal = factories.MentorshipFactory(
        candidate=candidate,
        mentor=mentor,
        status=Status.PROPOSED,
        started_at=None,
        answered_at=None,
        message=PROPOSAL_MESSAGE,
    )
    draft = factories.MentorshipFactory(
        candidate=candidate,
        mentor=other_mentor,
        status=Status.DRAFT,
        started_at=None,
        answered_at=None,
        proposed_at=None,
    )

    privacy.erase_user(candidate.user)

    proposal.refresh_from_db()
    assert proposal.status == Status.CANCELLED
    assert proposal.answered_at is not None
    assert not Mentorship.objects.filter(pk=draft.pk).exists()
    [told] = Notification.objects.filter(recipient=mentor.user, kind=ERASED_BY_CANDIDATE)
    assert "proposition" in told.body_text
    assert Notification.objects.filter(recipient=staff, kind=ERASED_STAFF).count() == 1
    assert not Notification.objects.filter(recipient=other_mentor.user).exists()
    assert rows_containing(CANDIDATE_SECRETS) == []


def test_the_erasure_is_one_transaction(paired, mentor, monkeypatch):
    """A step that fails undoes the others: nothing ends, nobody is told, nothing is blanked."""
    candidate, mentorship = paired

    def broken(user):
        raise RuntimeError("disk full")

    # The account's part runs last, after the mentoring and candidates parts have run.
    account = privacy._handlers["account"]
    monkeypatch.setitem(privacy._handlers, "account", dataclasses.replace(account, erase=broken))
    with pytest.raises(RuntimeError):
        privacy.erase_user(candidate.user)

    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    assert not Notification.objects.filter(kind=ERASED_BY_CANDIDATE).exists()
    assert CheckIn.objects.filter(comment=COMMENT).exists()


# --- A mentor ---------------------------------------------------------------------------------

MENTOR_FIRST, MENTOR_LAST = "Anatole", "Vercingétorix-Lebrun"
MENTOR_BIO = "Trente ans chez Hutchinson à Schiltigheim"
MENTOR_COMMENT = "Je traverse un divorce, moins disponible"
MENTOR_MEETING_NOTE = "Anatole a présenté son réseau Rotary"
MENTOR_SECRETS = [MENTOR_FIRST, MENTOR_LAST, MENTOR_BIO, MENTOR_COMMENT, MENTOR_MEETING_NOTE]


@pytest.fixture
def busy_mentor(company, staff):
    mentor = factories.MentorFactory(
        company=company,
        user__first_name=MENTOR_FIRST,
        user__last_name=MENTOR_LAST,
        bio=MENTOR_BIO,
    )
    mentees = []
    for _ in range(2):
        mentorship = factories.MentorshipFactory(mentor=mentor)
        mentees.append(mentorship)
        # As the accept service writes it, with the mentor's name in the note.
        factories.StatusChangeFactory(
            candidate=mentorship.candidate,
            from_status=Candidate.Status.ELIGIBLE,
            to_status=Candidate.Status.IN_MENTORSHIP,
            note=f"Mentorat avec {MENTOR_FIRST} {MENTOR_LAST}",
        )
        notifications.notify(
            recipient=mentorship.candidate.user,
            kind="mentorship_started",
            context={"mentorship": mentorship, "mentor": mentor},
            about=mentorship,
        )
        alerts.notify_staff(mentorship, kind="proposal_accepted", event="accepted")
    CheckIn.objects.create(
        mentorship=mentees[0],
        author=mentor.user,
        role=CheckIn.Role.MENTOR,
        period=CheckIn.Period.MONTH_1,
        score=2,
        comment=MENTOR_COMMENT,
    )
    factories.MeetingFactory(
        mentorship=mentees[0], notes=MENTOR_MEETING_NOTE, logged_by=mentor.user
    )
    waiting = factories.EligibleCandidateFactory()
    proposal = factories.MentorshipFactory(
        candidate=waiting,
        mentor=mentor,
        status=Status.PROPOSED,
        started_at=None,
        answered_at=None,
    )
    log_admin_change(staff, mentor)
    log_admin_change(staff, mentees[1])
    return mentor, mentees, proposal


def test_the_mentors_erasure_ends_their_mentorships_and_tells_the_candidates(
    busy_mentor, staff, login
):
    mentor, mentees, proposal = busy_mentor
    assert rows_containing(MENTOR_SECRETS)
    before = kpi_snapshot()

    email = mentor.user.email

    erase_through_the_account_page(login(mentor.user))

    for mentorship in mentees:
        mentorship.refresh_from_db()
        assert mentorship.status == Status.INTERRUPTED
        assert mentorship.end_reason == Mentorship.EndReason.MENTOR_UNAVAILABLE
        candidate = mentorship.candidate
        candidate.refresh_from_db()
        # The candidate needs another mentor: back to the matching queue.
        assert candidate.status == Candidate.Status.ELIGIBLE
        [told] = Notification.objects.filter(recipient=candidate.user, kind=ERASED_BY_CANDIDATE)
        assert "supprimé son compte" in told.body_text
        assert "proposera" in told.body_text
    proposal.refresh_from_db()
    assert proposal.status == Status.CANCELLED
    # Staff hear of the two mentorships and of the withdrawn proposal.
    assert Notification.objects.filter(recipient=staff, kind=ERASED_STAFF).count() == 3
    assert not mentor.mentorships.filter(status__in=rules.PLACE_STATUSES).exists()

    assert rows_containing(MENTOR_SECRETS) == []
    assert rows_containing([email]) == []
    assert kpi_snapshot() == before


def test_erasure_leaves_other_mentorships_alone(paired, other_candidate):
    candidate, _mentorship = paired
    unrelated = factories.MentorshipFactory(candidate=other_candidate)
    factories.MeetingFactory(mentorship=unrelated, notes="Rien à voir")

    privacy.erase_user(candidate.user)

    unrelated.refresh_from_db()
    assert unrelated.status == Status.ACTIVE
    assert Meeting.objects.get(mentorship=unrelated).notes == "Rien à voir"
