"""Benchmarks: national-scale data written once per run, figures printed at the end.

Run with `make bench` (pytest -m bench -s). Figures are medians of repeated calls measured in
this process, next to a trivial Django view measured the same way in the same run.

The calls run in a thread of their own, as in a server's worker: in pytest's main thread the
same Django request path runs about 40 % slower (the staff's mentorship list: 33 ms there,
22 ms in a thread of the same process or in a plain Django process), for reasons of the test
runner's, not of the application's. A thread has its own database connection: what it reads
must be committed, so the benchmarks' users are created by ``bench_users`` (outside any test
transaction) and the pages' clients log in inside the thread (``measure_page``).
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.template.base import Template
from django.test import Client

from nqt.core.models import Region
from tests import factories
from tests.bench import national

RESULTS: list[tuple[str, str]] = []


@contextlib.contextmanager
def production_rendering():
    """Render templates as a server does. The test environment (pytest-django's
    ``setup_test_environment``) wraps every template render to send a signal, which the test
    client answers by copying the whole context: on a page of many small templates (the
    admin's list renders one per checkbox) that costs more than the page itself."""
    instrumented = Template._render
    Template._render = _render
    try:
        yield
    finally:
        Template._render = instrumented


def _render(self, context):
    # django.template.base.Template._render as shipped (setup_test_environment replaces it).
    return self.nodelist.render(context)


def measure(call: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> dict:
    """Median and p95 of ``call`` and its number of queries, in a thread of its own."""
    return _in_thread(lambda: _measure(call, repeat=repeat, warmup=warmup))


def measure_page(
    url: str, *, user=None, params: dict | None = None, repeat: int = 20, warmup: int = 3
) -> dict:
    """``measure`` for a page, fetched by a client logged in as ``user`` (if any): the page
    must answer 200."""

    def run() -> dict:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        return _measure(lambda: client.get(url, params), repeat=repeat, warmup=warmup)

    return _in_thread(run)


def _in_thread(work: Callable[[], dict]) -> dict:
    outcome: dict = {}

    def run() -> None:
        try:
            with production_rendering():
                outcome["figures"] = work()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="bench")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["figures"]


def _measure(call: Callable[[], object], *, repeat: int, warmup: int) -> dict:
    for _ in range(warmup):
        call()
    timings = []
    # Counted by an execute wrapper: CaptureQueriesContext loses the queries of a test-client
    # request, whose request_started signal resets the connection's query log.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        call()
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))],
        "queries": len(queries),
    }


def report(label: str, figures: dict, *, baseline: dict | None = None) -> None:
    text = f"{figures['median_ms']:7.2f} ms median, {figures['p95_ms']:7.2f} ms p95"
    if "queries" in figures:
        text += f", {figures['queries']:3d} queries"
    if baseline:
        text += f", {figures['median_ms'] / baseline['median_ms']:5.1f}× the trivial view"
    for key, value in figures.items():
        if key not in {"median_ms", "p95_ms", "queries"}:
            text += f", {key} {value}"
    RESULTS.append((label, text))


@pytest.fixture(scope="session")
def national_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        print("\nWriting national-scale data (COPY)…")
        national.generate(progress=print)
        national.vacuum()
    return True


@pytest.fixture(scope="session")
def bench_users(national_data, django_db_blocker):
    """The people whose pages are measured, committed (see the module's docstring)."""
    with django_db_blocker.unblock():
        ile_de_france = Region.objects.get(slug="ile-de-france")
        grand_est = Region.objects.get(slug="grand-est")
        return {
            "staff_ile_de_france": factories.StaffFactory(
                email="bench-staff-idf@example.org", regions=[ile_de_france]
            ),
            "staff_grand_est": factories.StaffFactory(
                email="bench-staff-ge@example.org", regions=[grand_est]
            ),
            "national_admin": factories.NationalAdminFactory(email="bench-admin@example.org"),
        }


@pytest.fixture
def trivial_view(settings, django_db_blocker):
    """Median time of a trivial view through the whole middleware stack, same process."""
    settings.ROOT_URLCONF = "tests.bench.urls"
    with django_db_blocker.unblock():
        figures = measure_page("/bench/trivial/", repeat=200)
    report("trivial Django view", figures)
    return figures


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    terminalreporter.section("benchmark figures")
    width = max(len(label) for label, _ in RESULTS)
    for label, text in RESULTS:
        terminalreporter.write_line(f"{label:<{width}}  {text}")
