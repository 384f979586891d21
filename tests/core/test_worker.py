"""A real Celery worker against Redis delivers the outbox (DESIGN §7)."""

from __future__ import annotations

import datetime
import signal
import time

import pytest
from django.utils import timezone

from nqt.core import notifications
from nqt.core.models import Notification
from tests import factories
from tests.support import celery as celery_support
from tests.support.processes import CeleryWorker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("live_db")]


@pytest.fixture
def worker(redis_server, tmp_path):
    worker = CeleryWorker(redis_server.url, tmp_path / "mail", tmp_path / "worker.log")
    yield worker
    worker.stop()


def status_of(notification) -> str:
    return Notification.objects.values_list("email_status", flat=True).get(pk=notification.pk)


def test_worker_sends_the_email_enqueued_after_commit(ping_kind, redis_server, worker):
    worker.start()
    user = factories.UserFactory()
    with celery_support.broker(redis_server.url, eager=False):
        notification = notifications.notify(
            recipient=user, kind="test_ping", context={"detail": "dossier reçu"}
        )  # autocommit: enqueued at once
        assert wait_until(lambda: status_of(notification) == Notification.EmailStatus.SENT)
    [message] = worker.sent_messages()
    assert f"To: {user.email}" in message


def test_notification_written_while_redis_is_down_is_delivered_once_it_is_back(
    ping_kind, redis_server, worker
):
    user = factories.UserFactory()
    with celery_support.broker(redis_server.url, eager=False):
        redis_server.stop()
        notification = notifications.notify(
            recipient=user, kind="test_ping", context={"detail": "panne"}
        )
        assert status_of(notification) == Notification.EmailStatus.PENDING

        redis_server.start()
        worker.start()
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=2)
        )
        assert notifications.resend_unsent() == 1
        assert wait_until(lambda: status_of(notification) == Notification.EmailStatus.SENT)
        # A second sweep finds nothing left to send.
        assert notifications.resend_unsent() == 0
    assert len(worker.sent_messages()) == 1


def test_a_worker_killed_while_sending_delivers_the_message_once_after_restart(
    ping_kind, redis_server, tmp_path
):
    """acks_late + reject_on_worker_lost: the task comes back after the worker dies; the
    row's claim expires after its lease; the restarted worker sends the e-mail exactly once."""
    slow = CeleryWorker(
        redis_server.url,
        tmp_path / "mail",
        tmp_path / "slow.log",
        EMAIL_BACKEND="tests.support.mail.SlowFileBackend",
        SLOW_EMAIL_SECONDS="30",
        EMAIL_SENDING_LEASE_SECONDS="10",
        CELERY_VISIBILITY_TIMEOUT="10",
    )
    slow.start()
    user = factories.UserFactory()
    with celery_support.broker(redis_server.url, eager=False):
        notification = notifications.notify(
            recipient=user, kind="test_ping", context={"detail": "tué en plein envoi"}
        )
        assert wait_until(lambda: status_of(notification) == Notification.EmailStatus.SENDING)
        slow.stop(signal.SIGKILL)  # dies mid-send: nothing was written
        assert slow.sent_messages() == []
        # A worker starting after the visibility timeout gets the abandoned task back at once
        # (kombu scans for it when the worker starts polling); by then the claim's lease on
        # the row has run out too.
        time.sleep(11)

        restarted = CeleryWorker(
            redis_server.url,
            tmp_path / "mail",
            tmp_path / "restarted.log",
            EMAIL_SENDING_LEASE_SECONDS="10",
            CELERY_VISIBILITY_TIMEOUT="10",
        )
        restarted.start()
        try:
            # Redis hands the unacknowledged task back after its visibility timeout; the
            # periodic resend would pick the row up as well once the lease has run out.
            assert wait_until(
                lambda: status_of(notification) == Notification.EmailStatus.SENT, timeout=60
            ), (tmp_path / "restarted.log").read_text()
            notifications.resend_unsent()  # a later sweep finds nothing to send again
            time.sleep(2)
        finally:
            restarted.stop()
    [message] = restarted.sent_messages()
    assert f"To: {user.email}" in message
