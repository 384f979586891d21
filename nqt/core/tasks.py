"""Thin Celery wrappers around the notification service."""

from celery import shared_task

from . import notifications, security


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_notification(self, notification_id: int) -> str:
    try:
        return str(notifications.deliver(notification_id))
    except Exception as error:
        if self.request.is_eager:
            # In-process mode: leave the row pending rather than block the request retrying.
            raise
        raise self.retry(exc=error, countdown=min(3600, 30 * 2**self.request.retries)) from error


@shared_task(acks_late=True, time_limit=300)
def resend_unsent_notifications() -> int:
    return notifications.resend_unsent()


@shared_task(acks_late=True, soft_time_limit=250, time_limit=300)
def purge_auth_events() -> int:
    """The authentication events' log keeps 12 months."""
    return security.purge()
