"""Inside a mentorship: meetings, introductions, action plan, check-ins, closure, durability.
Bad input gets a clear message and saves nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Candidate
from mentoring.followup import services as followup
from mentoring.models import ActionItem, CheckIn, Meeting, Mentorship, Outcome
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(
        datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def pair():
    """An active mentorship started on 2 March 2026."""
    return factories.MentorshipFactory(
        started_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
        proposed_at=datetime.datetime(2026, 2, 25, 9, 0, tzinfo=datetime.UTC),
        answered_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )


def log(pair, user, **kwargs):
    values = {
        "date": TODAY - datetime.timedelta(days=3),
        "duration_minutes": 60,
        "mode": Meeting.Mode.VIDEO,
        "topics": [Meeting.Topic.CV],
        "notes": "",
    }
    values.update(kwargs)
    return followup.meeting_log(mentorship=pair, by=user, **values)


def test_both_parties_log_meetings_and_the_last_date_follows(pair):
    log(pair, pair.candidate.user, date=datetime.date(2026, 5, 2))
    log(pair, pair.mentor.user, date=datetime.date(2026, 6, 1))
    pair.refresh_from_db()
    assert pair.last_meeting_on == datetime.date(2026, 6, 1)
    latest = Meeting.objects.get(date=datetime.date(2026, 6, 1))
    followup.meeting_delete(meeting=latest, by=pair.mentor.user)
    pair.refresh_from_db()
    assert pair.last_meeting_on == datetime.date(2026, 5, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"date": datetime.date(2026, 3, 1)}, "date"),  # before the mentorship started
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 20 * 60}, "duration_minutes"),
    ],
    ids=["in-the-future", "before-the-start", "zero-minutes", "twenty-hours"],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(pair, changes, field):
    with pytest.raises(ValidationError) as refused:
        log(pair, pair.mentor.user, **changes)
    assert field in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_only_the_author_changes_a_meeting_and_outsiders_log_nothing(pair, other_mentor, staff):
    meeting = log(pair, pair.candidate.user)
    with pytest.raises(followup.FollowUpError):
        followup.meeting_update(
            meeting=meeting,
            by=pair.mentor.user,
            date=meeting.date,
            duration_minutes=30,
            mode=meeting.mode,
            topics=[],
        )
    for outsider in (other_mentor.user, staff):
        with pytest.raises(followup.FollowUpError):
            log(pair, outsider)
    assert Meeting.objects.count() == 1


def test_the_mentor_records_introductions_and_either_party_gives_the_result(pair):
    with pytest.raises(followup.FollowUpError):
        followup.introduction_record(
            mentorship=pair,
            by=pair.candidate.user,
            date=TODAY,
            contact_company="Banque",
            contact_role="RH",
        )
    introduction = followup.introduction_record(
        mentorship=pair,
        by=pair.mentor.user,
        date=TODAY,
        contact_company="Banque du Rhin",
        contact_role="Responsable recrutement",
    )
    followup.introduction_set_result(
        introduction=introduction, by=pair.candidate.user, result="interview"
    )
    introduction.refresh_from_db()
    assert introduction.result == "interview"


def test_an_introductions_result_no_longer_changes_once_the_mentorship_is_over(pair):
    introduction = factories.IntroductionFactory(mentorship=pair, result="interview")
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.COMPLETED, ended_at=timezone.now()
    )
    with pytest.raises(followup.FollowUpError):
        followup.introduction_set_result(
            introduction=introduction, by=pair.candidate.user, result="offer"
        )
    introduction.refresh_from_db()
    assert introduction.result == "interview"


def test_either_party_ticks_the_action_plan(pair):
    followup.action_set(mentorship=pair, by=pair.candidate.user, step="cv_reviewed", done=True)
    followup.action_set(mentorship=pair, by=pair.mentor.user, step="cv_reviewed", done=True)
    assert ActionItem.objects.filter(mentorship=pair).count() == 1
    followup.action_set(mentorship=pair, by=pair.mentor.user, step="cv_reviewed", done=False)
    assert not ActionItem.objects.exists()


def test_check_ins_open_at_one_month_and_take_a_score_from_1_to_5(pair):
    young = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=10))
    with pytest.raises(followup.FollowUpError):
        followup.check_in_submit(mentorship=young, by=young.mentor.user, period="month_1", score=4)
    for score in (0, 6):
        with pytest.raises(ValidationError):
            followup.check_in_submit(
                mentorship=pair, by=pair.mentor.user, period="month_1", score=score
            )
    assert not CheckIn.objects.exists()
    followup.check_in_submit(mentorship=pair, by=pair.mentor.user, period="month_1", score=4)
    with pytest.raises(followup.FollowUpError):
        followup.check_in_submit(mentorship=pair, by=pair.mentor.user, period="month_1", score=5)


def test_a_request_for_help_alerts_staff_and_flags_the_mentorship(pair, staff):
    from impact import kpis

    followup.check_in_submit(
        mentorship=pair,
        by=pair.candidate.user,
        period="month_1",
        score=2,
        comment="Nous n'arrivons pas à nous voir",
        needs_help=True,
    )
    assert Notification.objects.filter(kind="check_in_help", recipient=staff).exists()
    flagged = Mentorship.objects.filter(kpis.attention_reasons(timezone.now())["help_requested"])
    assert list(flagged) == [pair]
    assert followup.help_requests_handled(mentorships=Mentorship.objects.all(), by=staff) == 1
    assert CheckIn.objects.get().help_handled_by == staff
    assert not Mentorship.objects.filter(kpis.attention_reasons(timezone.now())["help_requested"])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": datetime.date(2026, 2, 1)}, "start_date"),  # before the mentorship
        ({"start_date": None}, "start_date"),
        ({"job_title": ""}, "job_title"),
        ({"employer": ""}, "employer"),
    ],
    ids=["starts-before-the-mentorship", "no-start", "no-title", "no-employer"],
)
def test_a_bad_outcome_is_refused_and_nothing_is_saved(pair, values, field):
    declared = {
        "contract_type": "cdi",
        "job_title": "Contrôleuse de gestion",
        "employer": "Banque du Rhin",
        "start_date": datetime.date(2026, 7, 1),
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        followup.outcome_declare(mentorship=pair, by=pair.candidate.user, **declared)
    assert field in refused.value.message_dict
    assert not Outcome.objects.exists()


def test_staff_confirm_a_job_the_mentorship_completes_the_candidate_is_placed(pair, staff):
    outcome = followup.outcome_declare(
        mentorship=pair,
        by=pair.candidate.user,
        contract_type="cdi",
        job_title="Contrôleuse de gestion",
        employer="Banque du Rhin",
        start_date=datetime.date(2026, 7, 1),
        at_level=True,
        through_network=True,
    )
    assert Notification.objects.filter(kind="outcome_declared", recipient=staff).exists()
    followup.outcome_confirm(outcome=outcome, by=staff)
    pair.refresh_from_db()
    pair.candidate.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED
    assert pair.end_reason == Mentorship.EndReason.JOB_FOUND
    assert pair.candidate.status == Candidate.Status.PLACED
    assert Notification.objects.filter(kind="mentorship_completed").count() == 2


def test_further_study_closes_as_alumnus(pair, staff):
    outcome = followup.outcome_declare(
        mentorship=pair, by=pair.mentor.user, contract_type="further_study"
    )
    followup.outcome_confirm(outcome=outcome, by=staff)
    pair.candidate.refresh_from_db()
    assert pair.candidate.status == Candidate.Status.ALUMNI


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("mentor_unavailable", Candidate.Status.ELIGIBLE),
        ("mismatch", Candidate.Status.ELIGIBLE),
        ("candidate_unreachable", Candidate.Status.ALUMNI),
        ("no_longer_needed", Candidate.Status.ALUMNI),
    ],
)
def test_an_interruption_puts_the_candidate_back_in_the_queue_when_it_makes_sense(
    pair, reason, status
):
    followup.mentorship_interrupt(mentorship=pair, by=pair.mentor.user, reason=reason)
    pair.refresh_from_db()
    pair.candidate.refresh_from_db()
    assert pair.status == Mentorship.Status.INTERRUPTED
    assert pair.candidate.status == status


def test_an_interruption_for_another_reason_needs_a_note(pair):
    with pytest.raises(ValidationError):
        followup.mentorship_interrupt(mentorship=pair, by=pair.mentor.user, reason="other")
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE


def test_the_candidate_answers_the_durability_question_six_months_after_the_start(pair, staff):
    outcome = factories.OutcomeFactory(
        mentorship=pair, start_date=TODAY - datetime.timedelta(days=181)
    )
    with pytest.raises(followup.FollowUpError):
        followup.durability_answer(outcome=outcome, by=pair.candidate.user, still_employed=True)
    Outcome.objects.filter(pk=outcome.pk).update(start_date=TODAY - datetime.timedelta(days=182))
    outcome.refresh_from_db()
    with pytest.raises(followup.FollowUpError):
        followup.durability_answer(outcome=outcome, by=pair.mentor.user, still_employed=True)
    followup.durability_answer(outcome=outcome, by=pair.candidate.user, still_employed=True)
    outcome.refresh_from_db()
    assert outcome.still_employed is True
    with pytest.raises(followup.FollowUpError):
        followup.durability_answer(outcome=outcome, by=pair.candidate.user, still_employed=False)


def test_every_contract_is_either_a_job_or_not():
    """Outcome.JOB_CONTRACTS and Outcome.NOT_A_JOB split the contract types between them."""
    contracts = set(Outcome.ContractType)
    assert set(Outcome.JOB_CONTRACTS) | set(Outcome.NOT_A_JOB) == contracts
    assert not set(Outcome.JOB_CONTRACTS) & set(Outcome.NOT_A_JOB)
