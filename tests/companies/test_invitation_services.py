"""Invitations: single-use tokens stored hashed, bound to an address, valid 14 days, e-mailed
after commit; resend and revoke; refused when the company's agreement is not in force."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from companies import services
from companies.models import Company, Invitation
from nqt.core import notifications
from nqt.core.models import Notification
from nqt.core.notifications import REDACTED
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+/invitation/([\w-]+)/")


def link_token(message) -> str:
    return LINK.search(message.body).group(1)


def invite(company, email="Camille.Martin@Example.org ", kind=Invitation.Kind.MENTOR, by=None):
    return services.invitation_create(company=company, email=email, kind=kind, invited_by=by)


def test_invitation_stores_only_the_hash_of_the_token_it_emails(
    company, company_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(company, by=company_contact.user)
    [message] = mail.outbox
    token = link_token(message)
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert all(token not in str(value) for value in row.values())
    assert message.to == ["camille.martin@example.org"]
    assert company.name in message.subject


def test_invitation_email_is_sent_after_commit_and_its_body_blanked_once_sent(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invite(company)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    token = link_token(mail.outbox[0])
    notification = Notification.objects.get(object_id=invitation.pk, kind="invitation_mentor")
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.body_text == REDACTED
    assert token not in notification.body_html


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_invitation_is_valid_14_days_for_a_normalised_address(company):
    invitation = invite(company)
    assert invitation.email == "camille.martin@example.org"
    assert invitation.expires_at == timezone.now() + datetime.timedelta(days=14)
    assert invitation.state == Invitation.State.SENT


@pytest.mark.parametrize(
    "change",
    [
        {"partnership_status": Company.Partnership.ENDED},
        {"partnership_status": Company.Partnership.SUSPENDED},
        {
            "agreement_end": datetime.date(2020, 12, 31),
            "agreement_start": datetime.date(2018, 1, 1),
        },
    ],
    ids=["ended", "suspended", "agreement-date-past"],
)
def test_company_whose_agreement_is_not_in_force_cannot_invite(change):
    company = factories.CompanyFactory(**change)
    with pytest.raises(ValidationError) as refusal:
        invite(company)
    assert refusal.value.code == "agreement_not_in_force"
    assert "n'est pas en vigueur" in refusal.value.messages[0]
    assert not Invitation.objects.exists()
    assert not Notification.objects.exists()


def test_a_second_invitation_to_the_same_address_is_refused_while_the_first_is_open(company):
    invite(company)
    with pytest.raises(ValidationError) as refusal:
        invite(company, email="camille.martin@example.org")
    assert refusal.value.code == "already_invited"
    assert Invitation.objects.count() == 1


def test_an_expired_open_invitation_is_revoked_and_replaced(company):
    old = invite(company)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        new = invite(company)
        old.refresh_from_db()
        assert old.state == Invitation.State.REVOKED
        assert new.state == Invitation.State.SENT


def test_a_contact_learns_nothing_of_another_companys_mentors(company, company_contact):
    """Inviting a mentor of another company answers as for anyone (the link then tells the
    person they already are a mentor): no way to probe who mentors where."""
    mentor = factories.MentorFactory()
    invitation = invite(company, email=mentor.user.email, by=company_contact.user)
    assert invitation.state == Invitation.State.SENT
    assert services.invitation_problem(invitation=invitation, user=mentor.user) == (
        services.InvitationProblem.ALREADY_MENTOR
    )


def test_staff_are_told_when_a_contact_already_has_an_account(company, staff):
    contact = factories.CompanyContactFactory()
    with pytest.raises(ValidationError) as refusal:
        invite(company, email=contact.user.email, kind=Invitation.Kind.CONTACT, by=staff)
    assert refusal.value.code == "already_member"


def test_a_contact_sends_a_limited_number_of_invitations_a_day(
    company, company_contact, staff, settings
):
    settings.INVITATIONS_PER_DAY = 2
    first = invite(company, email="a@example.org", by=company_contact.user)
    invite(company, email="b@example.org", by=company_contact.user)
    with pytest.raises(ValidationError) as refusal:
        invite(company, email="c@example.org", by=company_contact.user)
    assert refusal.value.code == "too_many_invitations"
    assert "2 invitations" in refusal.value.messages[0]
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=first, by=company_contact.user)
    # Staff are not limited; the next day the contact may invite again.
    invite(company, email="c@example.org", by=staff)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        invite(company, email="d@example.org", by=company_contact.user)
    assert Invitation.objects.count() == 4


def test_resend_gives_a_new_link_and_a_new_expiry_and_kills_the_old_link(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(company)
    first_token = link_token(mail.outbox[0])
    later = timezone.now() + datetime.timedelta(days=20)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert invitation.state == Invitation.State.EXPIRED
        services.invitation_resend(invitation=invitation, by=None)
        invitation.refresh_from_db()
        assert invitation.state == Invitation.State.SENT
        assert invitation.last_sent_at == timezone.now()
        assert invitation.expires_at == timezone.now() + datetime.timedelta(days=14)
    second_token = link_token(mail.outbox[1])
    assert second_token != first_token
    assert invitation.token_hash == hashlib.sha256(second_token.encode()).hexdigest()
    from companies.selectors import invitation_by_token

    assert invitation_by_token(first_token) is None


def test_resend_cancels_the_previous_email_if_it_had_not_left_yet(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as first_sending:
        invitation = invite(company)
    with django_capture_on_commit_callbacks(execute=False) as second_sending:
        services.invitation_resend(invitation=invitation, by=None)
    for callback in first_sending:  # the worker reaches the old e-mail only now
        callback()
    statuses = list(
        Notification.objects.filter(object_id=invitation.pk)
        .order_by("pk")
        .values_list("email_status", flat=True)
    )
    assert statuses == [Notification.EmailStatus.CANCELLED, Notification.EmailStatus.PENDING]
    assert mail.outbox == []

    for callback in second_sending:
        callback()
    [message] = mail.outbox
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(link_token(message).encode()).hexdigest()


def _old_email_left_behind(invitation, how, settings):
    """Make the invitation's first e-mail one that a resend cannot catch as merely pending."""
    notification = Notification.objects.get(object_id=invitation.pk, kind="invitation_mentor")
    if how == "worker-died":
        lease = datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS + 1)
        notification.email_status = Notification.EmailStatus.SENDING
        notification.claimed_at = timezone.now() - lease
        notification.attempts = 1
    else:
        notification.email_status = Notification.EmailStatus.FAILED
        notification.attempts = settings.NOTIFICATION_MAX_ATTEMPTS
    notification.save()
    return notification


@pytest.mark.parametrize("how", ["worker-died", "failed-then-requeued"])
def test_an_email_of_an_earlier_sending_is_never_delivered_after_a_resend(
    company, django_capture_on_commit_callbacks, settings, how
):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invite(company)
    old = _old_email_left_behind(invitation, how, settings)
    with django_capture_on_commit_callbacks(execute=False) as resending:
        services.invitation_resend(invitation=invitation, by=None)
    new = Notification.objects.exclude(pk=old.pk).get(object_id=invitation.pk)

    if how == "failed-then-requeued":
        with django_capture_on_commit_callbacks(execute=False):
            assert notifications.requeue(Notification.objects.filter(pk=old.pk)) == 1
    assert notifications.deliver(old.pk) == notifications.Delivery.CANCELLED
    assert mail.outbox == []

    for callback in resending:
        callback()
    [message] = mail.outbox
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(link_token(message).encode()).hexdigest()
    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert statuses == {
        old.pk: Notification.EmailStatus.CANCELLED,
        new.pk: Notification.EmailStatus.SENT,
    }


def test_revoke_makes_the_link_unusable_and_the_email_moot(
    company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invite(company)
    services.invitation_revoke(invitation=invitation, by=None)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    for callback in callbacks:
        callback()
    assert mail.outbox == []


@pytest.mark.parametrize("service", [services.invitation_resend, services.invitation_revoke])
def test_an_accepted_invitation_cannot_be_resent_nor_revoked(service):
    invitation = factories.InvitationFactory(used_at=timezone.now())
    with pytest.raises(ValidationError):
        service(invitation=invitation, by=None)


def test_a_revoked_invitation_cannot_be_resent():
    invitation = factories.InvitationFactory(revoked_at=timezone.now())
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, by=None)


def test_resend_is_refused_when_the_agreement_has_ended_since():
    invitation = factories.InvitationFactory(company__partnership_status=Company.Partnership.ENDED)
    with pytest.raises(ValidationError) as refusal:
        services.invitation_resend(invitation=invitation, by=None)
    assert refusal.value.code == "agreement_not_in_force"
