"""Project package: settings, root URLs, the Celery app and the project's own pages."""

from .celery import app as celery_app

__all__ = ("celery_app",)
