"""Strict readers for settings that come from the environment.

django-environ reads the variables; these wrappers refuse values it would otherwise accept
silently (``DEBUG=maybe`` read as false, ``DATABASE_URL=postgres//x`` read as an empty config),
so a misconfigured deployment stops at start-up with a message naming the variable.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()

DATABASE_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def _raw(name: str, default: Any) -> Any:
    value = env.str(name, default=None)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} is required but not set.")
        return default
    return value


def env_str(name: str, default: Any = _MISSING) -> str:
    return _raw(name, default)


def env_bool(name: str, default: bool | object = _MISSING) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(
    name: str,
    default: int | object = _MISSING,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    value = _raw(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name}={number} is outside [{minimum}, {maximum}].")
    return number


def env_choice(name: str, choices: tuple[str, ...], default: str | object = _MISSING) -> str:
    value = _raw(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


_NAMED_ADDRESS = re.compile(r"(?:(?P<name>[^<>]*?)\s*<(?P<address>[^<>\s]+)>|(?P<bare>[^<>\s]+))")


def env_admins(name: str = "ADMINS") -> list[tuple[str, str]]:
    """``Name <address>`` or bare addresses, comma-separated, as (name, address) pairs."""
    admins = []
    for item in env_list(name, []):
        match = _NAMED_ADDRESS.fullmatch(item)
        display_name = (match["name"] or "") if match else ""
        address = (match["address"] or match["bare"]) if match else ""
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an e-mail address; expected "
                "'Name <address>, address, ...'."
            ) from None
        admins.append((display_name, address))
    return admins


DATABASE_SESSION_OPTIONS = "-c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0"


def database_config(url: str, *, variable: str = "DATABASE_URL") -> dict[str, Any]:
    """Parse a database URL, refusing anything that is not PostgreSQL or SQLite."""
    parts = urlsplit(url)
    engine = DATABASE_ENGINES.get(parts.scheme)
    if engine is None or "://" not in url:
        raise ImproperlyConfigured(
            f"{variable} is malformed: expected postgres://user@host:port/name or "
            f"sqlite:///path, got {url!r}."
        )
    try:
        config = env.db_url_config(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{variable} is malformed: {error}.") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{variable} names no database: {url!r}.")
    config["ENGINE"] = engine
    if engine == "django.db.backends.postgresql":
        # Session settings for the application's queries, short indexed reads over data that
        # fits in memory: plan random reads at SSD cost (with the default, 4, the KPI queries
        # hash whole tables instead of probing an index for one region's rows), never
        # JIT-compile (compiling an aggregate costs more than running it) and never start
        # parallel workers (starting them costs more than a page's queries). Empty leaves the
        # server's settings, e.g. behind PgBouncer in transaction mode, which refuses startup
        # options: set them there with ALTER ROLE … SET instead.
        options = os.environ.get("DATABASE_SESSION_OPTIONS", DATABASE_SESSION_OPTIONS)
        if options:
            config.setdefault("OPTIONS", {})["options"] = options
    return config


def redis_url(url: str, *, variable: str = "REDIS_URL") -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{variable} is malformed: expected redis://host:port/db, got {url!r}."
        )
    try:
        parts.port  # noqa: B018 - urlsplit validates the port lazily
    except ValueError:
        raise ImproperlyConfigured(f"{variable} has an invalid port: {url!r}.") from None
    return url


EMAIL_SCHEMES = ("smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "memorymail")


def email_config(url: str, *, variable: str = "EMAIL_URL") -> dict[str, Any]:
    """Parse an e-mail URL (smtp://user:password@host:587/?tls=True, consolemail://...)."""
    scheme = urlsplit(url).scheme
    if scheme not in EMAIL_SCHEMES or "://" not in url:
        raise ImproperlyConfigured(
            f"{variable} is malformed: expected one of {', '.join(EMAIL_SCHEMES)}, got {url!r}."
        )
    return env.email_url_config(url)


def env_weights(name: str, defaults: dict[str, int]) -> dict[str, int]:
    """Weights as ``code=number`` pairs (``sector=30,function=20``) overriding ``defaults``."""
    raw = _raw(name, "")
    weights = dict(defaults)
    for item in filter(None, (part.strip() for part in raw.split(","))):
        code, _, number = item.partition("=")
        if code.strip() not in defaults:
            raise ImproperlyConfigured(
                f"{name}: unknown criterion {code.strip()!r}; known: {', '.join(defaults)}."
            )
        try:
            weights[code.strip()] = int(number)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not code=integer.") from None
        if weights[code.strip()] < 0:
            raise ImproperlyConfigured(f"{name}: weights cannot be negative ({item!r}).")
    if not any(weights.values()):
        raise ImproperlyConfigured(f"{name}: at least one weight must be positive.")
    return weights
