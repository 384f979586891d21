"""Proposals (DESIGN §5): staff propose, the mentor accepts or declines; notifications after
commit; every refusal leaves nothing changed."""

from __future__ import annotations

import pytest
from django.core import mail

from candidates.models import Candidate
from mentoring import services
from mentoring.models import Mentorship
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

Status = Mentorship.Status


@pytest.fixture
def seeker():
    return factories.EligibleCandidateFactory(user__first_name="Inès")


def propose(candidate, mentor, staff, **kwargs):
    return services.mentorship_propose(
        candidate=candidate, mentor=mentor, proposed_by=staff, **kwargs
    )


def test_proposal_is_scored_and_the_mentor_told_after_commit(
    seeker, mentor, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mentorship = propose(seeker, mentor, staff, message="Une belle rencontre en vue")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert mentorship.status == Status.PROPOSED
    assert mentorship.proposed_by == staff
    assert 0 < mentorship.score <= 100
    assert set(mentorship.score_details["points"]) >= {"sector", "geography"}
    [message] = mail.outbox
    assert message.to == [mentor.user.email]
    assert "Inès" in message.subject
    assert "Une belle rencontre en vue" in message.body


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda c, m: Candidate.objects.filter(pk=c.pk).update(status="submitted"), "pas éligible"),
        (lambda c, m: m.__class__.objects.filter(pk=m.pk).update(status="pending"), "pas actif"),
        (
            lambda c, m: (
                factories.MentorshipFactory(mentor=m, status=Status.PROPOSED, started_at=None)
                and factories.MentorshipFactory(mentor=m)
            ),
            "plus de place",
        ),
        (
            lambda c, m: factories.MentorshipFactory(
                candidate=c, mentor=m, status=Status.DECLINED, started_at=None
            ),
            "déjà refusé",
        ),
        (lambda c, m: m.departments.set([factories.department("68")]), "ne couvre pas"),
    ],
    ids=["not-eligible", "mentor-inactive", "no-place-left", "declined-before", "not-serving"],
)
def test_a_proposal_that_breaks_a_hard_filter_is_refused(seeker, mentor, staff, setup, reason):
    setup(seeker, mentor)
    seeker.refresh_from_db()
    mentor.refresh_from_db()
    before = Mentorship.objects.filter(candidate=seeker, status=Status.PROPOSED).count()
    with pytest.raises(services.ProposalError, match=reason):
        propose(seeker, mentor, staff)
    assert Mentorship.objects.filter(candidate=seeker, status=Status.PROPOSED).count() == before


def test_proposing_replaces_the_candidates_draft(seeker, mentor, staff):
    draft = factories.MentorshipFactory(
        candidate=seeker, status=Status.DRAFT, started_at=None, proposed_at=None
    )
    propose(seeker, mentor, staff)
    assert not Mentorship.objects.filter(pk=draft.pk).exists()


def test_accepting_starts_the_mentorship(seeker, mentor, staff, django_capture_on_commit_callbacks):
    mentorship = propose(seeker, mentor, staff)
    other_mentor = factories.MentorFactory()
    other = propose(seeker, other_mentor, staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_accept(mentorship=mentorship, mentor=mentor)
    mentorship.refresh_from_db()
    seeker.refresh_from_db()
    other.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    assert mentorship.started_at == mentorship.answered_at
    assert seeker.status == Candidate.Status.IN_MENTORSHIP
    assert seeker.history.filter(to_status=Candidate.Status.IN_MENTORSHIP).exists()
    assert other.status == Status.CANCELLED
    recipients = {address for message in mail.outbox for address in message.to}
    assert {seeker.user.email, staff.email, other_mentor.user.email} <= recipients


def test_a_mentor_at_capacity_cannot_accept(seeker, staff):
    mentor = factories.MentorFactory(capacity=1)
    mentorship = propose(seeker, mentor, staff)
    factories.MentorshipFactory(mentor=mentor)  # the place went to someone else meanwhile
    with pytest.raises(services.CapacityReached):
        services.mentorship_accept(mentorship=mentorship, mentor=mentor)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PROPOSED
    seeker.refresh_from_db()
    assert seeker.status == Candidate.Status.ELIGIBLE


def test_declining_needs_a_reason_and_returns_the_candidate_to_the_queue(
    seeker, mentor, staff, django_capture_on_commit_callbacks
):
    mentorship = propose(seeker, mentor, staff)
    with pytest.raises(services.ProposalError, match="pourquoi"):
        services.mentorship_decline(mentorship=mentorship, mentor=mentor, reason="   ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_decline(
            mentorship=mentorship, mentor=mentor, reason="Je pars en mission à l'étranger"
        )
    mentorship.refresh_from_db()
    assert mentorship.status == Status.DECLINED
    assert mentorship.decline_reason == "Je pars en mission à l'étranger"
    seeker.refresh_from_db()
    assert seeker.status == Candidate.Status.ELIGIBLE
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert "étranger" in message.body


def test_a_mentor_cannot_answer_someone_elses_proposal(seeker, mentor, other_mentor, staff):
    mentorship = propose(seeker, mentor, staff)
    with pytest.raises(services.ProposalError):
        services.mentorship_accept(mentorship=mentorship, mentor=other_mentor)
    with pytest.raises(services.ProposalError):
        services.mentorship_decline(mentorship=mentorship, mentor=other_mentor, reason="non")


def test_staff_withdraw_a_proposal_and_drop_a_draft(seeker, mentor, staff):
    proposal = propose(seeker, mentor, staff)
    services.mentorship_cancel(mentorship=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.CANCELLED
    assert Notification.objects.filter(kind="proposal_withdrawn", recipient=mentor.user).exists()
    draft = factories.MentorshipFactory(status=Status.DRAFT, started_at=None)
    services.mentorship_cancel(mentorship=draft, by=staff)
    assert not Mentorship.objects.filter(pk=draft.pk).exists()


def test_batch_drafts_are_invisible_until_sent(staff, mentor):
    candidates = factories.EligibleCandidateFactory.create_batch(2)
    pairs = services.drafts_prepare(region=factories.region())
    assert len(pairs) == 2  # the mentor has two places
    drafts = list(Mentorship.objects.filter(status=Status.DRAFT))
    assert {d.candidate_id for d in drafts} == {c.pk for c in candidates}
    assert not Notification.objects.filter(recipient=mentor.user).exists()

    # One candidate's situation changed before staff sent the batch.
    Candidate.objects.filter(pk=candidates[0].pk).update(status="submitted")
    sent, refused = services.drafts_send(drafts=drafts, sent_by=staff)
    assert [m.candidate_id for m in sent] == [candidates[1].pk]
    assert [draft.candidate_id for draft, _ in refused] == [candidates[0].pk]
    assert Notification.objects.filter(kind="proposal_received", recipient=mentor.user).count() == 1


def test_preparing_a_batch_again_replaces_the_drafts(mentor):
    factories.EligibleCandidateFactory()
    services.drafts_prepare(region=factories.region())
    services.drafts_prepare(region=factories.region())
    assert Mentorship.objects.filter(status=Status.DRAFT).count() == 1


def test_a_mentor_no_longer_active_cannot_accept_a_proposal_left_waiting(seeker, mentor, staff):
    """A proposal still waiting for a mentor deactivated before deactivation withdrew them
    (older data) cannot start a mentorship."""
    mentorship = propose(seeker, mentor, staff)
    mentor.__class__.objects.filter(pk=mentor.pk).update(status="inactive")
    with pytest.raises(services.ProposalError, match="n'est plus actif"):
        services.mentorship_accept(mentorship=mentorship, mentor=mentor)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PROPOSED
    seeker.refresh_from_db()
    assert seeker.status == Candidate.Status.ELIGIBLE
    assert not Notification.objects.filter(kind="mentorship_started").exists()


def test_staff_can_withdraw_a_proposal_without_telling_the_mentor_who_is_told_otherwise(
    seeker, mentor, staff
):
    proposal = propose(seeker, mentor, staff)
    services.mentorship_cancel(mentorship=proposal, by=staff, tell_mentor=False)
    proposal.refresh_from_db()
    assert proposal.status == Status.CANCELLED
    assert not Notification.objects.filter(kind="proposal_withdrawn").exists()
