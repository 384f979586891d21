"""Real services for the tests that need them: a private Redis server and a Celery worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def run_on_embedded_sqlite(
    script: str, database: Path, *, timeout: float
) -> subprocess.CompletedProcess:
    """Run ``script`` in a Python process of its own with `make run`'s settings (the local
    ones, without Redis: tasks in-process) on the SQLite file ``database``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "nqt.settings.local", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class RedisServer:
    """A throw-away redis-server on a free port, which a test can stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        if not wait_until(lambda: self._answers(client), timeout=10):
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    @staticmethod
    def _answers(client) -> bool:
        try:
            return client.ping()
        except redis.RedisError:
            return False


class CeleryWorker:
    """``celery worker`` in a subprocess, on the test database, sending e-mails to files."""

    def __init__(self, broker_url: str, mail_dir: Path, log_path: Path, **env: str) -> None:
        self.mail_dir = mail_dir
        self.log_path = log_path
        database = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nqt.settings.test",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            "REDIS_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            **env,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "nqt",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if not wait_until(lambda: b"ready." in self.log_path.read_bytes(), timeout=60):
            self.stop()
            raise RuntimeError(f"the worker did not start:\n{self.log_path.read_text()}")

    def stop(self, sig: int | None = None) -> None:
        if self.process is None:
            return
        if sig is None:
            self.process.terminate()
        else:
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        self.log.close()

    def sent_messages(self) -> list[str]:
        if not self.mail_dir.exists():
            return []
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            messages.extend(chunk for chunk in path.read_text().split("-" * 79) if chunk.strip())
        return messages


@pytest.fixture
def redis_server():
    """A private Redis server for one test (the real-worker tests' broker and cache)."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()
