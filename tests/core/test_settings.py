"""Settings come from the environment and refuse bad values loudly (issue: misconfiguration)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64,
    "ALLOWED_HOSTS": "parrainage.example.org",
    "SITE_URL": "https://parrainage.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/nqt",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.org:587",
    "LEGAL_ADDRESS": "1 rue de la Paix, 67000 Strasbourg",
    "LEGAL_DIRECTOR": "La présidente",
    "LEGAL_HOST": "Hébergeur SAS",
    "CONTACT_EMAIL": "contact@example.org",
    "DPO_EMAIL": "dpo@example.org",
}


DEFAULT_SHOWN = (
    "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
    "s.CACHES['default']['BACKEND'], s.DEBUG"
)


def load_settings(
    module: str, env: dict[str, str], show: str = DEFAULT_SHOWN
) -> subprocess.CompletedProcess:
    """Import a settings module in a clean interpreter and print ``show``, values of the
    module ``s`` (by default its database engine, eagerness, cache backend and DEBUG)."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV
        and key
        not in {"DEBUG", "CELERY_BROKER_URL", "EMAIL_URL", "STAFF_MFA_REQUIRED", "PORT", "SITE_URL"}
        and not key.startswith("DJANGO")
    }
    code = f"import importlib; s = importlib.import_module('nqt.settings.{module}'); print({show})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_embedded_default_runs_on_sqlite_with_tasks_in_process():
    result = load_settings("local", {})
    assert result.returncode == 0, result.stderr
    engine, eager, cache, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert cache.endswith("LocMemCache")
    assert debug == "True"


def test_redis_url_switches_broker_and_cache_to_redis():
    result = load_settings("local", {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr
    _, eager, cache, _ = result.stdout.split()
    assert eager == "False"
    assert cache.endswith("RedisCache")


LINKS_SHOWN = (
    "s.SITE_URL, __import__('django').setup() or "
    "__import__('nqt.core.notifications', fromlist=['x']).absolute_url('/mon-espace/')"
)


def test_embedded_default_links_e_mails_to_the_port_it_serves_on():
    env = {"DJANGO_SETTINGS_MODULE": "nqt.settings.local"}
    result = load_settings("local", {**env, "PORT": "8080"}, show=LINKS_SHOWN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8080", "http://127.0.0.1:8080/mon-espace/"]

    result = load_settings("local", env, show=LINKS_SHOWN)
    assert result.stdout.split()[0] == "http://127.0.0.1:8000"


def test_a_site_url_set_in_the_environment_wins_over_the_port():
    env = {"PORT": "8080", "SITE_URL": "https://demo.example.org/"}
    result = load_settings("local", env, show="s.SITE_URL")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://demo.example.org"


def test_production_links_e_mails_to_its_site_url_whatever_the_port():
    env = {**PRODUCTION_ENV, "PORT": "8080", "SITE_URL": "https://parrainage.example.org"}
    result = load_settings("production", env, show="s.SITE_URL")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://parrainage.example.org"


def test_production_loads_with_complete_environment():
    result = load_settings("production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    engine, eager, cache, debug = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert (eager, debug) == ("False", "False")
    # Rate limits and cached figures survive a Redis outage (DESIGN §10).
    assert cache == "nqt.core.cache.FallbackRedisCache"


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("SECRET_KEY", "SECRET_KEY is required"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is required"),
        ("SITE_URL", "SITE_URL is required"),
        ("DATABASE_URL", "DATABASE_URL is required"),
        ("REDIS_URL", "REDIS_URL is required"),
        ("EMAIL_URL", "EMAIL_URL is required"),
        ("LEGAL_ADDRESS", "LEGAL_ADDRESS is required"),
    ],
)
def test_production_refuses_to_start_without(variable, expected):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != variable}
    result = load_settings("production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("module", "env", "expected"),
    [
        ("production", {"SECRET_KEY": "too-short"}, "at least 50 characters"),
        ("production", {"SITE_URL": "parrainage.example.org"}, "SITE_URL must be an absolute URL"),
        ("production", {"DATABASE_URL": "postgres//nqt"}, "DATABASE_URL is malformed"),
        ("production", {"DATABASE_URL": "mysql://root@db/nqt"}, "DATABASE_URL is malformed"),
        ("production", {"DATABASE_URL": "sqlite:///db.sqlite3"}, "Production runs on PostgreSQL"),
        ("production", {"DATABASE_URL": "postgres://h:port/nqt"}, "DATABASE_URL is malformed"),
        ("production", {"REDIS_URL": "localhost:6379"}, "REDIS_URL is malformed"),
        ("production", {"EMAIL_URL": "carrier-pigeon://x"}, "EMAIL_URL is malformed"),
        ("production", {"SECURE_SSL_REDIRECT": "maybe"}, "is not a boolean"),
        ("local", {"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ("local", {"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not one of"),
        ("local", {"CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE='forever' is not an integer"),
        ("local", {"DATABASE_URL": "not a url"}, "DATABASE_URL is malformed"),
    ],
)
def test_bad_values_stop_the_start_with_a_message(module, env, expected):
    base = PRODUCTION_ENV if module == "production" else {}
    result = load_settings(module, {**base, **env})
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


def test_production_settings_are_hardened():
    code = (
        "import importlib; s = importlib.import_module('nqt.settings.production'); "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.X_FRAME_OPTIONS, s.PASSWORD_HASHERS[0].rsplit('.', 1)[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "DENY", "Argon2PasswordHasher"]


def test_postgresql_sessions_get_the_planner_settings_unless_emptied(monkeypatch):
    from nqt.settings.env import DATABASE_SESSION_OPTIONS, database_config

    monkeypatch.delenv("DATABASE_SESSION_OPTIONS", raising=False)
    config = database_config("postgres://postgres@127.0.0.1:5432/nqt")
    assert config["OPTIONS"]["options"] == DATABASE_SESSION_OPTIONS
    assert "random_page_cost=1.1" in DATABASE_SESSION_OPTIONS
    assert "OPTIONS" not in database_config("sqlite:///db.sqlite3")
    monkeypatch.setenv("DATABASE_SESSION_OPTIONS", "")
    assert "options" not in database_config("postgres://postgres@127.0.0.1:5432/nqt").get(
        "OPTIONS", {}
    )


@pytest.mark.django_db
def test_the_test_database_runs_with_the_planner_settings():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_persistent_database_connections_are_checked_before_reuse():
    """After a PostgreSQL restart a kept connection is dead: check it before the first query
    of each request rather than answer one 500 per web thread (DESIGN §10)."""
    result = load_settings(
        "production",
        PRODUCTION_ENV,
        show="s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


def production_values(expression: str, env: dict[str, str] | None = None) -> list[str]:
    """``expression`` (values of the production settings ``s``, joined by ``|``) as printed."""
    result = load_settings("production", {**PRODUCTION_ENV, **(env or {})}, show=expression)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_production_cookies_are_secure_and_same_site():
    assert production_values(
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SESSION_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SAMESITE, sep='|'"
    ) == ["True", "True", "True", "Lax", "Lax"]


def test_error_reports_go_to_the_admins_from_the_environment():
    env = {"ADMINS": "Équipe technique <tech@example.org>, astreinte@example.org"}
    assert production_values("s.ADMINS", env) == [
        "[('Équipe technique', 'tech@example.org'), ('', 'astreinte@example.org')]"
    ]
    assert production_values("s.ADMINS", {"ADMINS": ""}) == ["[]"]


@pytest.mark.parametrize("value", ["tech@", "Tech <tech@example.org", "a@b.fr; c@d.fr"])
def test_malformed_admins_stop_the_start(value):
    result = load_settings("production", {**PRODUCTION_ENV, "ADMINS": value})
    assert result.returncode != 0
    assert "ADMINS: " in result.stderr
    assert "is not an e-mail address" in result.stderr
