"""The dashboard's figures of the scopes staff land on, computed again in the background
before the kept ones expire (``impact.cache``), so that the first view finds them kept
too.

Staff open the dashboard on their default filters (their region, or all their regions; the
whole country for national admins; this year): those are the scopes computed here, the first
page of the company table with them, and the page that shows them in each language of the
site. Other filters (another year, a company) are computed by the first view that asks for
them and kept as usual. Celery beat runs ``mentoring.tasks.keep_dashboard_figures`` a little
more often than the figures expire (``settings.KPI_REFRESH_SECONDS``); with
``KPI_CACHE_SECONDS = 0`` nothing is kept and nothing runs.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from nqt.core.models import User

from . import cache as kpi_cache
from .forms import KpiFilters, read_filters
from .views import render_content

logger = logging.getLogger(__name__)


def landing_filters() -> list[KpiFilters]:
    """The dashboard's filters as active staff members first see it (no query string), one
    per scope: national admins share one, staff of the same regions another. Staff without
    a region see no figures and are left out. Two queries, and two per scope."""
    regions_of: dict[int, set[int]] = defaultdict(set)
    national: list[int] = []
    rows = User.objects.filter(is_active=True, is_staff=True).values_list(
        "pk", "is_superuser", "managed_regions"
    )
    for pk, superuser, region_id in rows.order_by("pk"):
        if superuser:
            national.append(pk)
        elif region_id is not None:
            regions_of[pk].add(region_id)
    # One staff member to read the filters as, for each scope.
    readers = {"national": national[0]} if national else {}
    for pk, region_ids in regions_of.items():
        readers.setdefault(frozenset(region_ids), pk)
    users = User.objects.in_bulk(readers.values())
    return [read_filters(users[pk], QueryDict()) for pk in readers.values()]


def keep_landing_figures() -> int:
    """Compute the landing scopes' figures now and keep them with their page in every
    language. Returns how many scopes were computed; a scope that fails is logged and the
    others are still computed."""
    if not settings.KPI_CACHE_SECONDS:
        return 0
    started = time.perf_counter()
    computed = 0
    for filters in landing_filters():
        try:
            for index, (language, _name) in enumerate(settings.LANGUAGES):
                with translation.override(language):
                    # Computed once; the other languages render the snapshots just kept.
                    html, keys, snapshots = render_content(filters, refresh=index == 0)
                    kpi_cache.keep_derived(keys.content, snapshots, html)
        except Exception:
            logger.exception("Dashboard figures of %s not computed", filters.scope)
            continue
        computed += 1
    logger.info(
        "Dashboard figures computed for %d scope(s) in %.1f s",
        computed,
        time.perf_counter() - started,
    )
    return computed
