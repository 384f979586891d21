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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .kpis import Scope

# Part of every key: raise it when what a snapshot holds changes shape.
KEY_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """What was computed, and when (``key``: where it is kept). ``version`` tells this
    computation from any other, even of the same instant: for what is derived from it and kept
    beside it, such as the HTML of the figures (the dashboard's ``{% cache %}``)."""

    key: str
    computed_at: datetime.datetime
    data: Any
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def scope_key(kind: str, scope: Scope, *extra: object) -> str:
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
    seconds = settings.KPI_CACHE_SECONDS
    key = scope_key(kind, scope, *extra)
    if seconds and not refresh:
        snapshot = cache.get(key)
        if snapshot is not None:
            return snapshot
    snapshot = Snapshot(key=key, computed_at=timezone.now(), data=compute())
    if seconds:
        cache.set(key, snapshot, seconds)
    return snapshot
