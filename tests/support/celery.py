"""Point the Celery app at a broker for one test, then restore it."""

from __future__ import annotations

from contextlib import contextmanager

from nqt.celery import app


@contextmanager
def broker(url: str, *, eager: bool = False):
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    app._after_fork()  # drop pooled connections made for the previous broker
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        app._after_fork()
