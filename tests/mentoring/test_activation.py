"""Staff activate and deactivate mentors in the admin: who and when are recorded, the mentor is
told after commit, the experience flag is shown, and staff act only on their regions."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import Mentor
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
    assert "Moins de 8 ans d'expérience : vérifiez le profil avant d'activer." in change


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
