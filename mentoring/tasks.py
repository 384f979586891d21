"""Thin Celery wrappers around the mentoring services."""

from celery import shared_task

from .followup import reminders


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def daily_sweep() -> dict[str, int]:
    return {run.rule.code: run.acted for run in reminders.sweep()}
