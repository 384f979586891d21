"""A Redis cache that keeps answering while Redis is unreachable (DESIGN §10).

allauth keeps its rate limits in the cache, so with Django's plain ``RedisCache`` a Redis
restart turns every sign-in, sign-up and password reset into a 500. ``FallbackRedisCache``
catches connection errors and serves the operation from a local-memory cache instead, shared
by the threads of the process: rate limits keep counting (per process rather than across the
deployment) and cached figures are simply computed again. After a failure Redis is left alone
for ``RETRY_AFTER`` seconds (30 by default), so an outage costs one failed connection per
process and period, not one per call, and is logged once when it starts and once when it ends.

    CACHES = {"default": {"BACKEND": "nqt.core.cache.FallbackRedisCache",
                          "LOCATION": "redis://host:6379/0", "RETRY_AFTER": 30}}
"""

from __future__ import annotations

import logging
import threading
from time import monotonic
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What redis-py raises when the server cannot be reached or stops answering (refused,
# reset, timed out, still loading its data after a restart).
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)

# Enough entries for the rate-limit keys of a busy outage: culling them would relax the limits.
FALLBACK_MAX_ENTRIES = 10_000


class _Outage:
    """Whether a Redis location is known to be down, shared by all threads of the process."""

    def __init__(self, location: str, retry_after: float) -> None:
        self.location = location
        self.retry_after = retry_after
        self.retry_at: float | None = None
        self._lock = threading.Lock()

    def should_try(self) -> bool:
        retry_at = self.retry_at
        return retry_at is None or monotonic() >= retry_at

    def failed(self, error: Exception) -> None:
        with self._lock:
            started = self.retry_at is None
            self.retry_at = monotonic() + self.retry_after
        if started:
            logger.warning(
                "Redis cache %s unreachable (%s): using a local in-process cache, "
                "trying Redis again every %s s.",
                self.location,
                error,
                self.retry_after,
            )

    def succeeded(self) -> None:
        if self.retry_at is None:
            return
        with self._lock:
            ended, self.retry_at = self.retry_at is not None, None
        if ended:
            logger.info("Redis cache %s reachable again.", self.location)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str, retry_after: float) -> _Outage:
    with _outages_lock:
        if location not in _outages:
            _outages[location] = _Outage(location, retry_after)
        return _outages[location]


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(location, float(params.get("RETRY_AFTER", 30)))
        # LocMemCache instances of the same name share their storage: every thread's
        # instance of this backend (Django makes one per thread) falls back to the same one.
        fallback_params = {
            key: value for key, value in params.items() if key not in {"OPTIONS", "RETRY_AFTER"}
        }
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}
        self._fallback = LocMemCache(f"redis-fallback:{location}", fallback_params)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self._outage.should_try():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._outage.failed(error)
            else:
                self._outage.succeeded()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
