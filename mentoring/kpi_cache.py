"""The staff dashboard's figures, kept a few minutes once computed (DESIGN §9: caching a
computed figure is fine, a hand-kept counter is not).

The figures are computed as ``mentoring.kpis`` defines them, from the raw records, by the
request that finds none in the cache; they are then kept for ``settings.KPI_CACHE_SECONDS``
(5 minutes by default; 0 computes them at every view). At national scale a computation reads
tens of thousands of rows (README "Performance"), and staff come back to the dashboard many
times an hour, between the admin lists it links to. The page says when its figures were
computed and offers to compute them again at once.

A snapshot is keyed by the scope the filters granted (regions, year, company): a staff member
is only ever served figures of a scope they may see, whoever computed them.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .kpis import Scope

logger = logging.getLogger(__name__)

# Part of every key: raise it when what a snapshot holds changes shape.
KEY_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """What was computed, and when. ``version`` tells this computation from any other, even of
    the same instant: for what is derived from it and kept beside it, such as the HTML of the
    figures (``kept_html``)."""

    computed_at: datetime.datetime
    data: Any
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def _scope_key(kind: str, scope: Scope, *extra: object) -> str:
    """``kpis:1:dashboard:2026:3:``: what is kept, for which year, regions and company."""
    regions = "all" if scope.region_ids is None else ",".join(map(str, sorted(scope.region_ids)))
    parts = ["kpis", KEY_VERSION, kind, scope.year, regions, scope.company_id or "", *extra]
    return ":".join(map(str, parts))


def cached(
    kind: str,
    scope: Scope,
    compute: Callable[[], Any],
    *,
    extra: tuple = (),
    refresh: bool = False,
) -> Snapshot:
    """The snapshot of ``kind`` for ``scope`` (and ``extra``, e.g. a page number) if one is
    kept, otherwise ``compute()`` now, kept for the next views. ``refresh`` computes anew
    whatever is kept."""
    key = _scope_key(kind, scope, *extra)
    snapshot = None if refresh else _get(key)
    if snapshot is None:
        snapshot = Snapshot(computed_at=timezone.now(), data=compute())
        _set(key, snapshot)
    return snapshot


def kept_html(versions: tuple[str, ...], render: Callable[[], str]) -> str:
    """The HTML of the snapshots of ``versions`` (with whatever else it depends on, such as
    the language), rendered once by ``render`` and then kept as long as they are."""
    digest = hashlib.sha256("|".join(versions).encode()).hexdigest()
    key = f"kpis:{KEY_VERSION}:html:{digest}"
    html = _get(key)
    if html is None:
        html = render()
        _set(key, html)
    return html


# The cache only spares work: when it cannot be reached (Redis restarting...), the figures are
# computed and shown as if nothing were kept, and the failure is logged.


def _get(key: str) -> Any:
    if not settings.KPI_CACHE_SECONDS:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.warning("KPI cache unreachable: computing %s", key, exc_info=True)
        return None


def _set(key: str, value: Any) -> None:
    if not settings.KPI_CACHE_SECONDS:
        return
    try:
        cache.set(key, value, settings.KPI_CACHE_SECONDS)
    except Exception:
        logger.warning("KPI cache unreachable: %s not kept", key, exc_info=True)
