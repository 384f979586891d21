"""A notification kind may attach files to its e-mail, computed when the e-mail is sent from
the notification and its object as they are then (a calendar invitation follows the meeting's
latest state); other kinds send none."""

from __future__ import annotations

import pytest
from django.core import mail

from nqt.core import notifications
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached_kind(ping_kind):
    def attachments(notification):
        about = notification.about
        return [("about.txt", f"{about.first_name} / {notification.recipient.pk}", "text/plain")]

    yield notifications.register_kind("test_attached", label="Test", attachments=attachments)
    notifications._kinds.pop("test_attached", None)


def test_the_attachment_is_computed_at_delivery(attached_kind, django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    about = factories.UserFactory(first_name="Avant")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.record(
            recipient=user, email=user.email, kind="test_attached", title="Objet",
            body_text="Corps", about=about,
        )  # fmt: skip
    about.first_name = "Après"
    about.save(update_fields=["first_name"])
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.attachments == [("about.txt", f"Après / {user.pk}", "text/plain")]


def test_a_kind_without_attachments_sends_none(ping_kind, django_capture_on_commit_callbacks):
    user = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipient=user, kind="test_ping", context={"detail": "x"})
    (message,) = mail.outbox
    assert message.attachments == []
