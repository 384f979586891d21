"""The staff dashboard's figures, kept a few minutes once computed (DESIGN §9: caching a
computed figure is fine, a hand-kept counter is not).

At national scale computing them reads tens of thousands of rows (docs/performance.md), and
staff come back to the dashboard many times an hour, between the admin lists it links to. So
the figures of a scope (regions, year, company) are kept for ``settings.KPI_CACHE_SECONDS``
(5 minutes by default; 0 computes them at every view) as plain data, under one key per scope,
the same in every language: the page is rendered from them at each view. They are computed,
as ``impact.kpis`` defines them, by the view that finds none kept, by "compute again now"
(``refresh``), or by Celery beat for the scopes staff land on (``keep_landing_figures``).

Keys are made of checked values only (the regions a staff member may see, a year the form
accepted, a company of those regions): a staff member is only ever served figures of a scope
they may see, whoever computed them. A cache that cannot be reached only costs the work: the
figures are computed and shown, and the outage is logged.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from nqt.core.models import User

from . import kpis

logger = logging.getLogger(__name__)

# Part of every key: raise it when what is kept changes shape.
KEY_VERSION = 3
ATTENTION_LIMIT = 10

T = TypeVar("T")


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows of a scope, and when it was computed."""

    computed_at: datetime.datetime
    figures: dict[str, Any]  # kpis.programme_figures
    attention: dict[str, list[dict[str, Any]]]  # kpis.attention_lists, the first few of each
    company_rows: list[dict[str, Any]]  # kpis.company_rows of the table, every page


def compute(scope: kpis.Scope, companies: list[tuple[int, str]]) -> DashboardFigures:
    """The figures of ``scope`` from the records, now; ``companies``: the regions' partners
    (``partner_companies``), the table's rows unless a company is chosen."""
    if scope.company_id is not None:
        companies = [company for company in companies if company[0] == scope.company_id]
    now = timezone.now()
    return DashboardFigures(
        computed_at=now,
        figures=kpis.programme_figures(scope, now=now),
        attention=kpis.attention_lists(scope, limit=ATTENTION_LIMIT),
        company_rows=kpis.company_rows(companies, year=scope.year),
    )


def dashboard_figures(
    scope: kpis.Scope, companies: list[tuple[int, str]], *, refresh: bool = False
) -> DashboardFigures:
    """The kept figures of ``scope``, or (none kept, or ``refresh``) ``compute`` them now and
    keep them."""
    return _kept(
        _key("figures", scope.region_ids, scope.year, scope.company_id or ""),
        lambda: compute(scope, companies),
        refresh=refresh,
    )


def partner_companies(
    region_ids: frozenset[int] | None, *, refresh: bool = False
) -> list[tuple[int, str]]:
    """``kpis.partner_companies`` of these regions, kept like the figures: the company filter
    offers them and the table lists them, whatever the year or the company chosen."""
    return _kept(
        _key("companies", region_ids),
        lambda: list(kpis.partner_companies(region_ids)),
        refresh=refresh,
    )


def _key(kind: str, region_ids: frozenset[int] | None, *extra: object) -> str:
    """``kpis:3:figures:2,5:2026:``: what is kept, for which regions (``all``: the country),
    year and company."""
    regions = "all" if region_ids is None else ",".join(map(str, sorted(region_ids)))
    return ":".join(map(str, ["kpis", KEY_VERSION, kind, regions, *extra]))


def _kept(key: str, compute: Callable[[], T], *, refresh: bool) -> T:
    seconds = settings.KPI_CACHE_SECONDS
    if not seconds:
        return compute()
    if not refresh:
        try:
            value = cache.get(key)
        except Exception:
            logger.warning("KPI cache unreachable: computing %s", key, exc_info=True)
            return compute()
        if value is not None:
            return value
    value = compute()
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("KPI cache unreachable: %s not kept", key, exc_info=True)
    return value


# --- The scopes staff land on, kept by Celery beat -------------------------------------------


def landing_regions() -> list[frozenset[int] | None]:
    """The regions of the dashboard as active staff first see it (no query string): the
    country for national admins, each staff member's regions otherwise, once each. Staff
    without a region see no figures and are left out. One query."""
    regions_of: dict[int, set[int]] = defaultdict(set)
    scopes: list[frozenset[int] | None] = []
    rows = User.objects.filter(is_active=True, is_staff=True).values_list(
        "pk", "is_superuser", "managed_regions"
    )
    for pk, superuser, region_id in rows.order_by("pk"):
        if superuser:
            if None not in scopes:
                scopes.append(None)
        elif region_id is not None:
            regions_of[pk].add(region_id)
    for region_ids in dict.fromkeys(frozenset(ids) for ids in regions_of.values()):
        scopes.append(region_ids)
    return scopes


def keep_landing_figures() -> int:
    """Compute and keep the figures of the scopes staff land on (this year, no company),
    before the kept ones expire: the first view of the day finds them kept too. Returns how
    many scopes were computed; a scope that fails is logged and the others still computed."""
    if not settings.KPI_CACHE_SECONDS:
        return 0
    started = time.perf_counter()
    year = timezone.localdate().year
    computed = 0
    for region_ids in landing_regions():
        scope = kpis.make_scope(year=year, region_ids=region_ids, company_id=None)
        try:
            dashboard_figures(scope, partner_companies(region_ids, refresh=True), refresh=True)
        except Exception:
            logger.exception("Dashboard figures of %s not computed", scope)
            continue
        computed += 1
    logger.info(
        "Dashboard figures computed for %d scope(s) in %.1f s",
        computed,
        time.perf_counter() - started,
    )
    return computed
