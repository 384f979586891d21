"""A real Celery worker computes the dashboard's figures into Redis, and the web process
serves them as kept (``impact.cache``)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.utils import timezone

from impact.tasks import keep_dashboard_figures
from tests import factories
from tests.impact.test_kpi_cache import computed_line, get, tile
from tests.support import celery as celery_support
from tests.support.processes import CeleryWorker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("live_db")]


@pytest.fixture
def shared_cache(settings, redis_server):
    """The test's cache is the worker's: the private Redis (the settings of production)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
        }
    }
    yield caches["default"]
    caches["default"].clear()


def test_the_worker_keeps_the_figures_the_dashboard_then_shows(
    redis_server, shared_cache, tmp_path, login, django_assert_max_num_queries
):
    staff = factories.StaffFactory()
    factories.MentorshipFactory(started_at=timezone.now())
    log = tmp_path / "worker.log"
    worker = CeleryWorker(redis_server.url, tmp_path / "mail", log, TEST_CACHE_URL=redis_server.url)
    worker.start()
    try:
        with celery_support.broker(redis_server.url, eager=False):
            keep_dashboard_figures.delay()
            assert wait_until(
                lambda: (
                    b"keep_dashboard_figures" in log.read_bytes()
                    and b"succeeded" in log.read_bytes()
                )
            ), log.read_text()
    finally:
        worker.stop()
    assert b"Dashboard figures computed for 1 scope(s)" in log.read_bytes()
    factories.MentorshipFactory(started_at=timezone.now())  # not in the kept figures

    client = login(staff)
    with django_assert_max_num_queries(7):
        page = get(client)
    assert tile(page, "mentorships_started") == "1"
    assert computed_line(page).startswith("Chiffres calculés à")
