"""Thin Celery wrappers around the programme figures."""

from celery import shared_task

from . import cache


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def keep_dashboard_figures() -> int:
    """The figures of the scopes staff land on, computed before the kept ones expire."""
    return cache.keep_landing_figures()
