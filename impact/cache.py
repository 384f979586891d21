"""The staff dashboard's figures, kept a few minutes once computed (DESIGN §9: caching a
computed figure is fine, a hand-kept counter is not).

The figures are computed as ``impact.kpis`` defines them, from the raw records, by the
request that finds none in the cache (or in the background, ``impact.refresh``, for the
scopes staff land on); they are then kept for ``settings.KPI_CACHE_SECONDS``
(5 minutes by default; 0 computes them at every view). At national scale a computation reads
tens of thousands of rows (README "Performance"), and staff come back to the dashboard many
times an hour, between the admin lists it links to. The page says when its figures were
computed and offers to compute them again at once.

A snapshot is keyed by the scope the filters granted (regions, year, company): a staff member
is only ever served figures of a scope they may see, whoever computed them. The page that
shows them is kept beside them, and served only with them (``derived``): a view of kept
figures reads the page and the snapshots it shows in one round trip.
"""

from __future__ import annotations

import datetime
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
KEY_VERSION = 2


@dataclass(frozen=True)
class Snapshot:
    """What was computed, and when. ``version`` tells this computation from any other, even of
    the same instant: for what is derived from it and kept beside it, such as the page that
    shows the figures (``derived``)."""

    computed_at: datetime.datetime
    data: Any
    version: str = field(default_factory=lambda: uuid.uuid4().hex)


def key(kind: str, scope: Scope, *extra: object) -> str:
    """``kpis:2:dashboard:2026:3:``: what is kept, for which year, regions and company (and
    ``extra``: a page number, a language...)."""
    regions = "all" if scope.region_ids is None else ",".join(map(str, sorted(scope.region_ids)))
    parts = ["kpis", KEY_VERSION, kind, scope.year, regions, scope.company_id or "", *extra]
    return ":".join(map(str, parts))


def kept(keys: list[str]) -> dict[str, Any]:
    """What the cache holds of ``keys``, in one round trip (nothing when the figures are not
    kept, or the cache cannot be reached)."""
    if not settings.KPI_CACHE_SECONDS:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:
        logger.warning("KPI cache unreachable: computing %s", ", ".join(keys), exc_info=True)
        return {}


def snapshot(key: str, found: dict[str, Any], compute: Callable[[], Any]) -> Snapshot:
    """The snapshot ``found`` under ``key`` (``kept``), otherwise ``compute()`` now, kept
    for the next views."""
    value = found.get(key)
    if value is None:
        value = Snapshot(computed_at=timezone.now(), data=compute())
        _keep(key, value)
    return value


def derived(key: str, found: dict[str, Any], sources: tuple[Snapshot | None, ...]) -> Any:
    """What is kept under ``key`` (``found``: ``kept``) if it was made from these very
    snapshots (all of them kept), otherwise None: a page of figures computed since is not
    served."""
    value = found.get(key)
    if value is None or None in sources:
        return None
    versions, derived_value = value
    return derived_value if versions == tuple(source.version for source in sources) else None


def keep_derived(key: str, sources: tuple[Snapshot, ...], value: Any) -> None:
    """Keep ``value``, made from ``sources``, for ``derived``."""
    _keep(key, (tuple(source.version for source in sources), value))


def _keep(key: str, value: Any) -> None:
    if not settings.KPI_CACHE_SECONDS:
        return
    try:
        cache.set(key, value, settings.KPI_CACHE_SECONDS)
    except Exception:
        # The cache only spares work: the figures were computed and are shown all the same.
        logger.warning("KPI cache unreachable: %s not kept", key, exc_info=True)
