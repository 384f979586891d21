"""The processes docker-compose.yml runs, started here directly (no Docker on CI):
gunicorn with production settings, collectstatic, and Celery beat with the schedule in code."""

from __future__ import annotations

import json
import os
import shelve
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.support.processes import ROOT, RedisServer, free_port, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("live_db")]

BIN = Path(sys.executable).parent


@pytest.fixture
def production_env(tmp_path):
    database = connection.settings_dict
    redis_server = RedisServer()
    redis_server.start()
    yield {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nqt.settings.production",
        "SECRET_KEY": "stack-test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": redis_server.url,
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LEGAL_ADDRESS": "1 place de la République, 67000 Strasbourg",
        "LEGAL_DIRECTOR": "La présidente",
        "LEGAL_HOST": "Hébergeur",
        "CONTACT_EMAIL": "contact@example.org",
        "DPO_EMAIL": "dpo@example.org",
    }
    redis_server.stop()


def test_gunicorn_serves_the_site_with_production_settings(production_env, tmp_path):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env,
        check=True,
        timeout=120,
    )
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "nqt.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--pid",
            str(tmp_path / "gunicorn.pid"),
        ],
        cwd=ROOT,
        env=production_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        def answers():
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except OSError:
                return None

        assert wait_until(answers, timeout=30)
        health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz"))
        assert health == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
        # Behind the load balancer: HTTPS is announced by X-Forwarded-Proto.
        home = urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"}
            )
        )
        page = home.read().decode()
        assert "Strict-Transport-Security" in home.headers
        assert "/static/vendor/bootstrap/bootstrap.min." in page  # hashed by the manifest
        css = page.split('href="/static/vendor/bootstrap/')[1].split('"')[0]
        assert (
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/bootstrap/{css}").status
            == 200
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_celery_beat_starts_with_the_schedule_defined_in_code(production_env, tmp_path):
    log_path = tmp_path / "beat.log"
    with log_path.open("wb") as log:
        beat = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "nqt",
                "beat",
                "--loglevel=DEBUG",
                f"--schedule={tmp_path / 'beat-schedule'}",
                "--max-interval=1",
            ],
            cwd=ROOT,
            env=production_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert wait_until(lambda: b"beat: Starting..." in log_path.read_bytes(), timeout=30)
            # "Starting..." comes before the schedule is read (importing every task module):
            # stopped sooner, beat would save an empty one.
            assert wait_until(lambda: scheduled(tmp_path / "beat-schedule"), timeout=30)
        finally:
            beat.terminate()
            beat.wait(timeout=20)
    entries = scheduled(tmp_path / "beat-schedule")
    assert "resend-unsent-notifications" in entries
    assert (
        entries["resend-unsent-notifications"].task == "nqt.core.tasks.resend_unsent_notifications"
    )
    assert entries["keep-dashboard-figures"].task == "impact.tasks.keep_dashboard_figures"


def scheduled(path) -> dict:
    """The entries beat saved in its schedule file, if it has written them yet."""
    try:
        with shelve.open(str(path), flag="r") as schedule:  # noqa: S301 - our own file
            return dict(schedule.get("entries", {}))
    except Exception:  # not written yet, or being written
        return {}
