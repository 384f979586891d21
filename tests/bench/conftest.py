"""Benchmarks: national-scale data written once per run, figures printed at the end.

Run with `make bench` (pytest -m bench -s). Figures are medians of repeated calls measured in
this process, next to a trivial Django view measured the same way in the same run.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.template.base import Template
from django.test import Client

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
    with production_rendering():
        return _measure(call, repeat=repeat, warmup=warmup)


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


@pytest.fixture
def trivial_view(settings, django_db_blocker):
    """Median time of a trivial view through the whole middleware stack, same process."""
    settings.ROOT_URLCONF = "tests.bench.urls"
    client = Client()
    with django_db_blocker.unblock():
        figures = measure(lambda: client.get("/bench/trivial/"), repeat=200)
    report("trivial Django view", figures)
    return figures


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    terminalreporter.section("benchmark figures")
    width = max(len(label) for label, _ in RESULTS)
    for label, text in RESULTS:
        terminalreporter.write_line(f"{label:<{width}}  {text}")
