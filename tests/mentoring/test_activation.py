"""Staff activate and deactivate mentors in the admin: who and when are recorded, the mentor is
told after commit, the experience flag is shown, and staff act only on their regions. A
deactivation withdraws the proposals waiting for the mentor, who can no longer accept one."""

from __future__ import annotations

from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from mentoring import services
from mentoring.models import Mentor, Mentorship
from mentoring.services import ProposalError
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentor_changelist")


@pytest.fixture
def pending(company):
    return factories.MentorFactory(
        company=company, status=Mentor.Status.PENDING, activated_at=None, years_of_experience=6
    )


def act(client, action, *mentors):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [mentor.pk for mentor in mentors]},
        follow=True,
    )


def test_staff_activation_records_who_and_when_and_notifies_after_commit(
    login, staff, pending, django_capture_on_commit_callbacks
):
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = act(client, "activate_selected", pending)
        assert mail.outbox == []
    assert "1 parrain ou marraine activé·e" in unescape(response.content.decode())
    pending.refresh_from_db()
    assert pending.status == Mentor.Status.ACTIVE
    assert pending.activated_by == staff
    assert pending.activated_at is not None
    notification = Notification.objects.get(recipient=pending.user, kind="mentor_activated")
    assert notification.in_app
    assert notification.url == reverse("mentoring:mentor_space")

    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [pending.user.email]
    assert "Votre profil de parrain ou marraine est actif" in message.subject


def test_activating_an_active_mentor_changes_nothing(login, staff, mentor):
    activated_at = mentor.activated_at
    response = act(login(staff), "activate_selected", mentor)
    assert "déjà actif" in unescape(response.content.decode())
    mentor.refresh_from_db()
    assert mentor.activated_at == activated_at
    assert not Notification.objects.exists()


def test_staff_cannot_activate_a_mentor_of_another_region(login, other_staff, pending):
    act(login(other_staff), "activate_selected", pending)
    pending.refresh_from_db()
    assert pending.status == Mentor.Status.PENDING


def test_experience_under_8_years_is_flagged_in_the_admin(login, staff, pending):
    client = login(staff)
    listing = unescape(client.get(CHANGELIST + "?experience=below").content.decode())
    assert pending.user.last_name in listing
    change = unescape(
        client.get(reverse("admin:mentoring_mentor_change", args=[pending.pk])).content.decode()
    )
    assert "Moins de 8 ans d'expérience : vérifiez le profil avant d'activer." in change


def test_status_is_changed_only_through_the_actions(login, staff, pending):
    page = login(staff).get(reverse("admin:mentoring_mentor_change", args=[pending.pk]))
    assert 'name="status"' not in page.content.decode()


def test_deactivation_is_refused_while_the_mentor_accompanies_someone(login, staff, mentor):
    factories.MentorshipFactory(mentor=mentor)
    response = act(login(staff), "deactivate_selected", mentor)
    assert "terminez ou transférez" in unescape(response.content.decode())
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE


def test_staff_deactivate_a_mentor_without_mentees(login, staff, mentor):
    act(login(staff), "deactivate_selected", mentor)
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.INACTIVE


def test_staff_alert_is_not_sent_once_the_mentor_is_activated(
    staff, company, django_capture_on_commit_callbacks
):
    user = factories.UserFactory()
    invitation = factories.InvitationFactory(
        company=company, email=user.email, used_at=timezone.now(), accepted_by=user
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mentor = services.mentor_onboard(
            user=user,
            invitation=invitation,
            job_title="Directeur des achats",
            function=factories.job_family("purchasing"),
            expertise=[],
            sectors=[factories.sector("industry")],
            years_of_experience=20,
            has_business_experience=False,
            departments=[],
            remote=True,
            capacity=1,
            languages=[],
            bio="",
            charter_accepted=True,
        )
    services.mentor_activate(mentor=mentor, by=staff)
    for callback in callbacks:
        callback()
    alert = Notification.objects.get(recipient=staff, kind="mentor_awaiting_activation")
    assert alert.email_status == Notification.EmailStatus.CANCELLED
    assert all(message.to != [staff.email] for message in mail.outbox)


# --- Deactivation: the mentor is told, their waiting proposals are withdrawn ------------------


def waiting_proposal(mentor, first_name="Yasmine"):
    return factories.MentorshipFactory(
        mentor=mentor,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        answered_at=None,
        candidate__status=Candidate.Status.ELIGIBLE,
        candidate__user__first_name=first_name,
    )


def test_deactivated_mentor_is_told_kindly_in_french_after_commit(
    login, staff, mentor, django_capture_on_commit_callbacks
):
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = act(client, "deactivate_selected", mentor)
        assert mail.outbox == []
    assert "1 parrain ou marraine désactivé·e : la personne a été prévenue par e-mail" in (
        unescape(response.content.decode())
    )
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.INACTIVE
    notification = Notification.objects.get(kind="mentor_deactivated")
    assert notification.recipient == mentor.user
    assert notification.in_app
    assert notification.about == mentor
    assert notification.url == reverse("mentoring:mentor_space")
    assert notification.title == "Votre profil de parrain ou marraine n'est plus actif"

    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [mentor.user.email]
    assert message.subject == "Votre profil de parrain ou marraine n'est plus actif"
    body = message.body
    assert f"Bonjour {mentor.user.first_name}," in body
    assert "ne reçoit plus de propositions" in body
    assert "Merci" in body
    assert f"l'équipe régionale de l'association ({settings.LEGAL['contact_email']})" in body
    assert "retirée" not in body  # no proposal was waiting: nothing is said about one
    html = unescape(message.alternatives[0][0])
    assert "ne reçoit plus de propositions" in html
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT


def test_deactivation_withdraws_the_waiting_proposals_and_drops_the_drafts(
    staff, mentor, other_mentor, django_capture_on_commit_callbacks
):
    first = waiting_proposal(mentor, "Yasmine")
    second = waiting_proposal(mentor, "Inès")
    draft = factories.MentorshipFactory(
        mentor=mentor, status=Mentorship.Status.DRAFT, started_at=None, answered_at=None
    )
    elsewhere = waiting_proposal(other_mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_deactivate(mentor=mentor, by=staff)

    for proposal in (first, second):
        proposal.refresh_from_db()
        assert proposal.status == Mentorship.Status.CANCELLED
        assert proposal.answered_at is not None
        assert proposal.started_at is None
    assert not Mentorship.objects.filter(pk=draft.pk).exists()
    elsewhere.refresh_from_db()
    assert elsewhere.status == Mentorship.Status.PROPOSED
    # The candidates go back to the queue, still eligible.
    assert set(
        Candidate.objects.filter(pk__in=[first.candidate_id, second.candidate_id]).values_list(
            "status", flat=True
        )
    ) == {Candidate.Status.ELIGIBLE}
    # One message about everything, not one per proposal ("other proposals will follow").
    assert not Notification.objects.filter(kind="proposal_withdrawn").exists()
    [message] = mail.outbox
    assert message.to == [mentor.user.email]
    assert (
        "Les propositions d'accompagner Yasmine et Inès, qui attendaient votre réponse, ont été "
        "retirées" in " ".join(message.body.split())
    )


def test_a_deactivated_mentor_cannot_accept_a_proposal_made_before(staff, mentor):
    proposal = waiting_proposal(mentor)
    services.mentor_deactivate(mentor=mentor, by=staff)
    with pytest.raises(ProposalError, match="n'est plus actif"):
        services.mentorship_accept(mentorship=proposal, mentor=mentor)
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.CANCELLED
    candidate = Candidate.objects.get(pk=proposal.candidate_id)
    assert candidate.status == Candidate.Status.ELIGIBLE
    assert not Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).exists()


def test_refused_deactivation_tells_nothing_and_keeps_the_proposals(
    login, staff, mentor, django_capture_on_commit_callbacks
):
    factories.MentorshipFactory(mentor=mentor)  # an active mentee: staff must end it first
    proposal = waiting_proposal(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        act(login(staff), "deactivate_selected", mentor)
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_deactivating_an_inactive_mentor_tells_nothing(staff, django_capture_on_commit_callbacks):
    inactive = factories.MentorFactory(status=Mentor.Status.INACTIVE)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.mentor_deactivate(mentor=inactive, by=staff)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_deactivation_leaves_no_message_and_the_proposal_waiting(
    staff, mentor, django_capture_on_commit_callbacks
):
    proposal = waiting_proposal(mentor)

    def deactivate_then_fail():
        with transaction.atomic():
            services.mentor_deactivate(mentor=mentor, by=staff)
            raise RuntimeError("the admin action failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        deactivate_then_fail()
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mentor_activated_again_before_the_email_left_is_not_told(
    staff, mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mentor_deactivate(mentor=mentor, by=staff)
    services.mentor_activate(mentor=mentor, by=staff)
    for callback in callbacks:
        callback()
    notification = Notification.objects.get(kind="mentor_deactivated")
    assert notification.email_status == Notification.EmailStatus.CANCELLED
    assert mail.outbox == []
