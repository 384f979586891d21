"""Thin Celery wrappers around the mentoring services."""

from celery import shared_task

from .followup import reminders
from .workspace import conversation, digest


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def daily_sweep() -> dict[str, int]:
    return {run.rule.code: run.acted for run in reminders.sweep()}


@shared_task(acks_late=True, soft_time_limit=500, time_limit=600)
def purge_old_conversations() -> int:
    """Delete the conversations of mentorships ended more than 12 months ago."""
    return conversation.conversations_purge()


@shared_task(acks_late=True, time_limit=240, soft_time_limit=200)
def send_message_digests() -> int:
    """The e-mail digest of unread messages (beat, every five minutes)."""
    return digest.send_digests()
