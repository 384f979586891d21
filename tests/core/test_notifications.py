"""The notification service: outbox row in the caller's transaction, e-mail after commit,
idempotent delivery, periodic resend (DESIGN §7)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nqt.core import notifications
from nqt.core.models import Notification
from nqt.core.tasks import deliver_notification, resend_unsent_notifications
from tests import factories
from tests.support import celery as celery_support

pytestmark = pytest.mark.django_db


def ping(recipient, **kwargs):
    kwargs.setdefault("context", {"detail": "dossier reçu"})
    return notifications.notify(recipient=recipient, kind="test_ping", **kwargs)


def test_row_is_written_in_the_transaction_and_mailed_after_commit(
    ping_kind, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(first_name="Awa")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = ping(user, url="/mon-espace/")
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.sent_at is not None
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Ma candidature – dossier reçu"
    assert "Bonjour Awa," in message.body
    assert "http://127.0.0.1:8000/mon-espace/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_rolled_back_change_leaves_no_notification_and_no_mail(
    ping_kind, django_capture_on_commit_callbacks
):
    user = factories.UserFactory()

    def failing_change():
        with transaction.atomic():
            ping(user)
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_change()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_email_is_rendered_in_the_recipients_language(
    ping_kind, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(language="en", first_name="Sam")
    with django_capture_on_commit_callbacks(execute=True):
        notification = ping(user)
    assert notification.title == "My application – dossier reçu"
    assert mail.outbox[0].body.startswith("Hello Sam,")


def test_same_dedup_key_notifies_once(ping_kind, django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = ping(user, dedup_key="reminder:42:day-7")
        second = ping(user, dedup_key="reminder:42:day-7")
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_retried_delivery_never_sends_twice(ping_kind, django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        notification = ping(user)
    assert notifications.deliver(notification.pk) == notifications.Delivery.SENT
    assert notifications.deliver(notification.pk) == notifications.Delivery.SKIPPED
    deliver_notification.apply(args=[notification.pk])
    assert len(mail.outbox) == 1


def test_a_fresh_claim_by_another_worker_is_left_alone(ping_kind):
    notification = factories.NotificationFactory(
        email_status=Notification.EmailStatus.SENDING, claimed_at=timezone.now()
    )
    assert notifications.deliver(notification.pk) == notifications.Delivery.BUSY
    assert mail.outbox == []


def test_a_stale_claim_from_a_dead_worker_is_taken_over(ping_kind, settings):
    notification = factories.NotificationFactory(
        email_status=Notification.EmailStatus.SENDING,
        claimed_at=timezone.now()
        - datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS + 1),
        attempts=1,
    )
    assert notifications.deliver(notification.pk) == notifications.Delivery.SENT
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert len(mail.outbox) == 1


def test_smtp_failure_leaves_the_row_pending_with_the_error(settings):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingEmailBackend"
    notification = factories.NotificationFactory()
    with pytest.raises(ConnectionRefusedError):
        notifications.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert notification.attempts == 1
    assert "SMTP server unreachable" in notification.last_error


def test_last_failed_attempt_marks_the_row_failed(settings):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingEmailBackend"
    notification = factories.NotificationFactory(attempts=settings.NOTIFICATION_MAX_ATTEMPTS - 1)
    with pytest.raises(ConnectionRefusedError):
        notifications.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED


def test_notification_about_a_deleted_object_is_not_sent(ping_kind):
    invitation = factories.InvitationFactory()
    notification = factories.NotificationFactory(about=invitation)
    invitation.delete()
    assert notifications.deliver(notification.pk) == notifications.Delivery.CANCELLED
    assert mail.outbox == []


def test_periodic_resend_sends_what_is_still_waiting(ping_kind, settings):
    old = timezone.now() - datetime.timedelta(minutes=5)
    lease = datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS + 1)
    waiting = factories.NotificationFactory(created_at=old)
    stuck = factories.NotificationFactory(
        created_at=old,
        email_status=Notification.EmailStatus.SENDING,
        claimed_at=timezone.now() - lease,
    )
    just_created = factories.NotificationFactory()
    sent = factories.NotificationFactory(created_at=old, email_status=Notification.EmailStatus.SENT)
    exhausted = factories.NotificationFactory(
        created_at=old, attempts=settings.NOTIFICATION_MAX_ATTEMPTS
    )

    assert resend_unsent_notifications.apply().get() == 2

    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert statuses[waiting.pk] == statuses[stuck.pk] == Notification.EmailStatus.SENT
    assert statuses[just_created.pk] == Notification.EmailStatus.PENDING
    assert statuses[sent.pk] == Notification.EmailStatus.SENT
    assert statuses[exhausted.pk] == Notification.EmailStatus.PENDING
    assert len(mail.outbox) == 2


def test_notification_made_while_the_broker_is_down_is_delivered_once_it_is_back(
    ping_kind, django_capture_on_commit_callbacks
):
    user = factories.UserFactory()
    with (
        celery_support.broker("redis://127.0.0.1:1/0", eager=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = ping(user)  # enqueueing fails after commit: logged, not raised
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert mail.outbox == []

    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    notifications.resend_unsent()
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_users_can_mark_their_notifications_read():
    user = factories.UserFactory()
    mine = factories.NotificationFactory.create_batch(2, recipient=user)
    someone_elses = factories.NotificationFactory()
    assert notifications.mark_read(user=user, notification_ids=[mine[0].pk, someone_elses.pk]) == 1
    assert notifications.mark_read(user=user) == 1
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_someone_without_an_account_can_be_emailed(ping_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify_address(
            email="invitee@example.org", kind="test_ping", context={"detail": "invitation"}
        )
    assert notification.recipient is None
    assert not notification.in_app
    [message] = mail.outbox
    assert message.to == ["invitee@example.org"]
    assert message.body.startswith("Bonjour,")


def test_secret_bearing_emails_are_redacted_once_sent(django_capture_on_commit_callbacks):
    notifications.register_kind("test_secret", label="Secret", redact_after_send=True)
    notification = factories.NotificationFactory(kind="test_secret", body_text="lien secret")
    notifications.deliver(notification.pk)
    notification.refresh_from_db()
    assert "lien secret" in mail.outbox[0].body
    assert notification.body_text == notifications.REDACTED


def test_optional_reminders_can_be_muted_by_email_but_stay_in_the_site(
    ping_kind, login, django_capture_on_commit_callbacks
):
    notifications.register_kind("test_optional", optional=True, label="Rappel facultatif")
    user = factories.UserFactory()
    client = login(user)
    page = client.get(reverse("email_preferences")).content.decode()
    assert "Rappel facultatif" in page
    client.post(reverse("email_preferences"), {"emailed": []})
    user.refresh_from_db()
    assert "test_optional" in user.muted_email_kinds

    with django_capture_on_commit_callbacks(execute=True):
        muted = notifications.notify(recipient=user, kind="test_optional", context={"detail": "x"})
        not_optional = ping(user)
    assert muted.in_app
    assert muted.email_status == Notification.EmailStatus.NONE
    assert [message.to for message in mail.outbox] == [[user.email]]
    not_optional.refresh_from_db()
    assert not_optional.email_status == Notification.EmailStatus.SENT


def test_only_optional_kinds_can_be_muted(ping_kind):
    user = factories.UserFactory()
    notifications.email_preferences_set(user=user, muted=["test_ping", "account"])
    assert user.muted_email_kinds == []


def test_html_email_is_titled_with_its_subject_escaped_once(
    ping_kind, django_capture_on_commit_callbacks
):
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = ping(user, context={"detail": "L'Oréal & <Fils>"})
    [message] = mail.outbox
    assert message.subject == notification.title == "Ma candidature – L'Oréal & <Fils>"
    html = message.alternatives[0][0]
    assert "<title>Ma candidature – L&#x27;Oréal &amp; &lt;Fils&gt;</title>" in html


def test_someone_without_an_account_is_emailed_in_the_language_given(
    ping_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify_address(
            email="invitee@example.org",
            kind="test_ping",
            context={"detail": "invitation"},
            language="en",
        )
    assert notification.title == "My application – invitation"
    [message] = mail.outbox
    assert message.body.startswith("Hello,")
    assert "<title>My application – invitation</title>" in message.alternatives[0][0]


def test_someone_without_an_account_is_emailed_once_per_dedup_key(
    ping_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notifications.notify_address(
            email="invitee@example.org", kind="test_ping", dedup_key="invite:1"
        )
        second = notifications.notify_address(
            email="invitee@example.org", kind="test_ping", dedup_key="invite:1"
        )
    assert first is not None
    assert second is None
    assert len(mail.outbox) == 1
