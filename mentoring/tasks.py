"""Thin Celery wrappers around the mentoring services."""

from celery import shared_task

from .followup import reminders
from .workspace import digest


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def daily_sweep() -> dict[str, int]:
    return {run.rule.code: run.acted for run in reminders.sweep()}


@shared_task(acks_late=True, time_limit=240, soft_time_limit=200)
def send_message_digests() -> int:
    """The e-mail digest of unread messages (beat, every five minutes)."""
    return digest.send_digests()
