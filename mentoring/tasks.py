"""Thin Celery wrappers around the mentoring services."""

from celery import shared_task

from . import kpi_refresh
from .followup import reminders


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def daily_sweep() -> dict[str, int]:
    return {run.rule.code: run.acted for run in reminders.sweep()}


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def keep_dashboard_figures() -> int:
    """The figures of the scopes staff land on, computed before the kept ones expire."""
    return kpi_refresh.keep_landing_figures()
