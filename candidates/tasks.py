"""Thin Celery wrappers around the candidates services (run daily by beat)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, soft_time_limit=500, time_limit=600)
def purge_expired_candidates() -> int:
    """Anonymise files past retention: ineligible for 3 months, inactive for 2 years."""
    return services.candidate_purge_expired()


@shared_task(acks_late=True, soft_time_limit=250, time_limit=300)
def purge_sensitive_access_log() -> int:
    return services.sensitive_access_purge()
