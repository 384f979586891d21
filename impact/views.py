"""The programme's KPIs for staff (DESIGN §9): the dashboard, the funder report and the exports.

Staff holding each page's model permissions only (``impact.permissions``; other signed-in
people get 403), scoped to the regions they manage: a region or a company outside that scope
in the query string answers 404. Figures come from
``impact.kpis``; these views only read the filters and lay the figures out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from candidates import access as candidate_access
from candidates import services as candidate_services
from companies import access as company_access
from mentoring.admin_filters import ATTENTION_LABELS
from mentoring.models import Mentorship, Outcome
from nqt.core import roles

from . import cache as kpi_cache
from . import exports, kpis, permissions, selectors
from .forms import KpiFilters, read_filters, read_region

COMPANIES_PER_PAGE = 20
# The dashboard's query parameter that computes the figures anew rather than showing the kept ones.
REFRESH = "actualiser"


def staff_required(required: tuple[str, ...]) -> Callable[[Callable], Callable]:
    """Signed-in staff holding the ``required`` model permissions only (DESIGN §10: not
    ``is_staff`` alone): anonymous users go to the login page, others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if roles.STAFF not in user.roles or not user.has_perms(required):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Links to the admin lists -----------------------------------------------------------------


def _admin(name: str, **params: Any) -> str:
    url = reverse(f"admin:{name}")
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def admin_links(filters: KpiFilters) -> dict[str, str]:
    """For each figure, the admin list of the records it counts (filters in the query
    string). Candidate lists cannot follow a company filter: they are left out then."""
    year = filters.scope.year
    region = filters.region.pk if filters.region else None
    company = filters.company[0] if filters.company else None
    mentorships = "mentoring_mentorship_changelist"
    started = ",".join(Mentorship.STARTED_STATUSES)
    links = {
        "mentorships_started": _admin(
            mentorships,
            started_at__year=year,
            status__in=started,
            region=region,
            entreprise=company,
        ),
        "active_mentorships": _admin(
            mentorships, status__exact="active", region=region, entreprise=company
        ),
        "success": _admin(
            mentorships,
            started_at__year=year,
            status__in="completed,interrupted",
            region=region,
            entreprise=company,
        ),
        "active_mentors": _admin(
            "mentoring_mentor_changelist",
            status__exact="active",
            region=region,
            company__id__exact=company,
        ),
        "partner_companies": _admin(
            "companies_company_changelist",
            partnership_status__exact="active",
            region=region,
            id__exact=company,
        ),
        "attention": _admin(mentorships, attention="all", region=region, entreprise=company),
    }
    for reason in ATTENTION_LABELS:
        links[f"attention_{reason}"] = _admin(
            mentorships, attention=reason, region=region, entreprise=company
        )
    if company is None:
        candidates = "candidates_candidate_changelist"
        links["funnel_registered"] = _admin(candidates, created_at__year=year, region=region)
        links["funnel_submitted"] = _admin(
            candidates, created_at__year=year, submitted_at__isnull=0, region=region
        )
        links["funnel_eligible"] = _admin(
            candidates, created_at__year=year, validated_at__isnull=0, region=region
        )
        for criterion in kpis.SOCIAL_CRITERIA:
            links[f"social_{criterion}"] = _admin(
                candidates, submitted_at__year=year, region=region, **{f"{criterion}__exact": 1}
            )
    return links


# --- Layout of the figures --------------------------------------------------------------------


def _success_detail(*, successful: int, ended: int, ongoing: int) -> str:
    """What the success rate counts, with each number's own plural ("1 parrainage terminé")
    and no mention of the mentorships in progress when there are none."""
    if not ended:
        return _("No mentorship of the year has ended yet.")
    detail = ngettext(
        "%(successful)s of the %(ended)s mentorship of the year that has ended.",
        "%(successful)s of the %(ended)s mentorships of the year that have ended.",
        ended,
    ) % {"successful": successful, "ended": ended}
    if ongoing:
        detail += " " + ngettext(
            "%(ongoing)s mentorship still in progress is not counted.",
            "%(ongoing)s mentorships still in progress are not counted.",
            ongoing,
        ) % {"ongoing": ongoing}
    return detail


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


SOCIAL_LABELS = {"qpv": "QPV", "zrr": "ZRR", "boursier": None, "rsa": "RSA"}


def _tiles(figures: dict, links: dict, year: int) -> dict[str, list[dict]]:
    success, match, job = figures["success"], figures["time_to_match"], figures["time_to_job"]
    attention = figures["attention"]
    return {
        "today": [
            {
                "key": "active_mentorships",
                "label": _("Mentorships in progress"),
                "value": figures["active_mentorships"],
                "url": links["active_mentorships"],
            },
            {
                "key": "active_mentors",
                "label": _("Active mentors"),
                "value": figures["active_mentors"],
                "url": links["active_mentors"],
            },
            {
                "key": "partner_companies",
                "label": _("Partner companies"),
                "value": figures["partner_companies"],
                "detail": _("Partnership active, agreement in force."),
                "url": links["partner_companies"],
            },
            {
                "key": "attention",
                "label": _("Mentorships needing attention"),
                "value": attention["total"],
                "url": links["attention"],
            },
        ],
        "year": [
            {
                "key": "mentorships_started",
                "label": _("Mentorships started in %(year)s") % {"year": year},
                "value": figures["mentorships_started"],
                "url": links["mentorships_started"],
            },
            {
                "key": "success_rate",
                "label": _("Durable job at the diploma's level"),
                "value": _percent(success["rate"]),
                "kind": "percent",
                "detail": _success_detail(
                    successful=success["durable_at_level"],
                    ended=success["ended"],
                    ongoing=success["ongoing"],
                ),
                "url": links["success"],
            },
            {
                "key": "time_to_match",
                "label": _("Median time to find a mentor"),
                "value": match["median_days"],
                "kind": "days",
                "detail": (
                    _("%(share)s of the mentorships started within %(days)s days.")
                    % {
                        "share": _percent_text(match["within_promise_rate"]),
                        "days": match["promise_days"],
                    }
                    if match["count"]
                    else ""
                ),
                "url": links["mentorships_started"],
            },
            {
                "key": "time_to_job",
                "label": _("Median time to a job"),
                "value": job["median_days"],
                "kind": "days",
                "detail": (
                    ngettext(
                        "From the start of the mentorship, over %(count)s job.",
                        "From the start of the mentorship, over %(count)s jobs.",
                        job["count"],
                    )
                    % {"count": job["count"]}
                    if job["count"]
                    else ""
                ),
                "url": links["mentorships_started"],
            },
        ],
    }


def _percent_text(rate: float | None) -> str:
    return "—" if rate is None else f"{number_format(rate * 100, decimal_pos=0)} %"


def _charts(figures: dict, links: dict, year: int) -> list[dict]:
    funnel = figures["funnel"]
    social = figures["social_criteria"]
    stages = [
        ("registered", _("Registered")),
        ("submitted", _("Sent their file")),
        ("eligible", _("Found eligible")),
        ("matched", _("Matched with a mentor")),
        ("placed", _("Found a job")),
    ]
    social_rows = [
        {
            "label": SOCIAL_LABELS[criterion] or _("Scholarship holders"),
            "value": _percent(social[criterion]["share"]),
            "count": social[criterion]["count"],
            "url": links.get(f"social_{criterion}"),
        }
        for criterion in kpis.SOCIAL_CRITERIA
    ]
    charts = [
        {
            "id": "chart-started",
            "title": _("Mentorships started per year"),
            "first_column": _("Year"),
            "column": _("Mentorships started"),
            "unit": "",
            "horizontal": False,
            "rows": [
                {"label": str(entry["year"]), "value": entry["count"]}
                for entry in figures["mentorships_started_per_year"]
            ],
        },
        {
            "id": "chart-funnel",
            "first_column": _("Stage"),
            "title": _("From registration to a job: candidates registered in %(year)s")
            % {"year": year},
            "column": _("Candidates"),
            "unit": "",
            "horizontal": True,
            "rows": [
                {"label": label, "value": funnel[key], "url": links.get(f"funnel_{key}")}
                for key, label in stages
            ],
        },
        {
            "id": "chart-social",
            "first_column": _("Social criterion"),
            # The year's files (impact.kpis.files_sent_in_year), not the funnel's cohort.
            "title": ngettext(
                "Social criteria of the %(count)s file sent in %(year)s (whatever the year of "
                "registration)",
                "Social criteria of the %(count)s files sent in %(year)s (whatever the year of "
                "registration)",
                social["submitted"],
            )
            % {"count": social["submitted"], "year": year},
            "column": _("Share of the candidates"),
            "unit": "%",
            "horizontal": False,
            "rows": social_rows,
        },
    ]
    for chart in charts:
        chart["data_id"] = f"{chart['id']}-data"
        chart["data"] = {
            "labels": [row["label"] for row in chart["rows"]],
            "values": [row["value"] or 0 for row in chart["rows"]],
            "label": chart["column"],
            "unit": chart["unit"],
            "horizontal": chart["horizontal"],
        }
    return charts


# --- Pages ------------------------------------------------------------------------------------


@staff_required(permissions.DASHBOARD)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of the filters' scope, kept a few minutes (``impact.cache``) and laid out
    at each view: ``?actualiser=1`` computes them anew. A view of kept figures reads the
    user's regions (what they may see) and the cache, nothing else."""
    refresh = request.GET.get(REFRESH) == "1"
    choice = read_region(request.user, request.GET)
    partners = kpi_cache.partner_companies(choice.region_ids, refresh=refresh)
    filters = read_filters(request.user, request.GET, region=choice, companies=partners)
    kept = kpi_cache.dashboard_figures(filters.scope, partners, refresh=refresh)
    companies = Paginator(kept.company_rows, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    year = filters.scope.year
    links = admin_links(filters)
    sensitive = candidate_access.may_see_sensitive_data(request.user)
    if not sensitive:
        # The candidate lists by social criterion are filtered on sensitive fields.
        links = {key: url for key, url in links.items() if not key.startswith("social_")}
    seconds = settings.KPI_CACHE_SECONDS
    return render(
        request,
        "impact/kpi_dashboard.html",
        {
            "filters": filters,
            "form": filters.form,
            "year": year,
            "today": timezone.localdate(),
            "tiles": _tiles(kept.figures, links, year),
            "charts": _charts(kept.figures, links, year),
            "attention": _attention(kept, links),
            "exports": _export_links(filters, request.user),
            "companies": companies,
            "query": filters.query(),
            "computed_at": kept.computed_at,
            "cache_minutes": max(1, round(seconds / 60)) if seconds else 0,
            "refresh_query": filters.query(page=companies.number, **{REFRESH: 1}),
        },
    )


def _attention(kept: kpi_cache.DashboardFigures, links: dict[str, str]) -> list[dict]:
    return [
        {
            "key": key,
            "label": ATTENTION_LABELS[key],
            "count": kept.figures["attention"][key],
            "rows": rows,
            "url": links[f"attention_{key}"],
        }
        for key, rows in kept.attention.items()
    ]


def _export_links(filters: KpiFilters, user) -> list[dict]:
    """The export links of the dashboard that ``user`` may follow: each record set for the
    year or all years, in CSV and XLSX, with the dashboard's region and company."""
    datasets = [
        ("impact:export_candidates", _("Candidates"), {}, permissions.EXPORT_CANDIDATES),
        (
            "impact:export_candidates",
            _("Candidates, with sensitive data"),
            {"donnees": "sensibles"},
            permissions.EXPORT_CANDIDATES_SENSITIVE,
        ),
        ("impact:export_mentorships", _("Mentorships"), {}, permissions.EXPORT_MENTORSHIPS),
        ("impact:export_outcomes", _("Outcomes"), {}, permissions.EXPORT_OUTCOMES),
    ]
    rows = []
    for url_name, label, extra, required in datasets:
        if not user.has_perms(required):
            continue
        url = reverse(url_name)
        links = []
        for year, period in ((filters.scope.year, str(filters.scope.year)), ("", _("all years"))):
            for fmt in ("csv", "xlsx"):
                links.append(
                    {
                        "url": f"{url}?{filters.query(annee=year, format=fmt, **extra)}",
                        "text": fmt.upper(),
                        "description": f"{label}, {period}",
                    }
                )
        rows.append({"label": label, "links": links, "sensitive": bool(extra)})
    return rows


def _regions_name(filters: KpiFilters) -> str:
    """The regions a report covers, as its title names them: the one chosen, every region
    the staff member manages, or the whole country for a national admin."""
    if filters.region is not None:
        return filters.region.name
    if filters.choice.national:
        return _("All regions")
    if filters.choice.regions:
        return ", ".join(region.name for region in filters.choice.regions)
    return _("All my regions")  # staff without a region yet: the figures are empty


@staff_required(permissions.DASHBOARD)
@require_GET
def funder_report(request: HttpRequest) -> HttpResponse:
    filters = read_filters(request.user, request.GET, with_company=False)
    scope = filters.scope
    figures = kpis.programme_figures(scope)
    outcomes = kpis.outcome_breakdown(scope)
    labels = dict(Outcome.ContractType.choices)
    for row in outcomes:
        row["label"] = labels.get(row["contract_type"]) or _("No outcome recorded")
        row["share"] = _percent(
            row["count"] / figures["success"]["ended"] if figures["success"]["ended"] else None
        )
    today = timezone.localdate()
    return render(
        request,
        "impact/funder_report.html",
        {
            "filters": filters,
            "form": filters.form,
            "year": scope.year,
            "is_current_year": scope.year == today.year,
            "today": today,
            "regions_name": _regions_name(filters),
            "figures": figures,
            "activity": kpis.year_activity(scope),
            "outcomes": outcomes,
            "success_percent": _percent(figures["success"]["rate"]),
            "within_promise_percent": _percent(figures["time_to_match"]["within_promise_rate"]),
            "social": [
                {
                    "label": SOCIAL_LABELS[criterion] or _("Scholarship holders"),
                    "count": figures["social_criteria"][criterion]["count"],
                    "share": _percent(figures["social_criteria"][criterion]["share"]),
                }
                for criterion in kpis.SOCIAL_CRITERIA
            ],
        },
    )


# --- Exports ----------------------------------------------------------------------------------

FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_stem(name: str, filters: KpiFilters) -> str:
    """``candidats-grand-est-2017``: what the file holds (``name`` says which records, and
    ``candidats-donnees-sensibles`` the export with the sensitive columns), as its name."""
    parts = [name, filters.region.slug if filters.region else "toutes-regions"]
    if filters.company:
        parts.append(slugify(filters.company[1]))
    parts.append(str(filters.year) if filters.year else "toutes-annees")
    return "-".join(parts)


def _export_response(request: HttpRequest, export: exports.Export, filters: KpiFilters):
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        fmt = "csv"
    # The day it was made: two downloads of the same scope on different days keep apart.
    made_on = timezone.localdate().isoformat()
    filename = f"{_file_stem(export.name, filters)}-extrait-{made_on}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(export), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(export, title=export.name), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_view(
    build: Callable[[HttpRequest, KpiFilters], exports.Export], required: tuple[str, ...]
) -> Callable:
    @staff_required(required)
    @require_GET
    @never_cache
    def view(request: HttpRequest) -> HttpResponse:
        filters = read_filters(request.user, request.GET, all_years=True)
        if filters.form.errors:
            return HttpResponseBadRequest(
                " ".join(str(error) for errors in filters.form.errors.values() for error in errors)
            )
        return _export_response(request, build(request, filters), filters)

    return view


def _candidates(request: HttpRequest, filters: KpiFilters) -> exports.Export:
    sensitive = request.GET.get("donnees") == "sensibles"
    if sensitive and not request.user.has_perms(permissions.EXPORT_CANDIDATES_SENSITIVE):
        raise PermissionDenied
    export = exports.candidates_export(filters.scope, year=filters.year, sensitive=sensitive)
    if sensitive:
        # Staff reads of sensitive data are logged (DESIGN §10): one row per candidate.
        candidate_services.log_sensitive_export(
            staff=request.user,
            candidates=export.queryset,
            detail=f"export {_file_stem(export.name, filters)}",
        )
    return export


export_candidates = _export_view(_candidates, permissions.EXPORT_CANDIDATES)
export_mentorships = _export_view(
    lambda request, filters: exports.mentorships_export(filters.scope, year=filters.year),
    permissions.EXPORT_MENTORSHIPS,
)
export_outcomes = _export_view(
    lambda request, filters: exports.outcomes_export(filters.scope, year=filters.year),
    permissions.EXPORT_OUTCOMES,
)


# --- A partner company's engagement page and CSR report -------------------------------------


@login_required
@require_GET
def company_engagement(request: HttpRequest, pk: int) -> HttpResponse:
    company = company_access.get_company_for_user(request.user, pk)
    return render(
        request,
        "impact/company_engagement.html",
        selectors.company_engagement(company=company),
    )


@login_required
@require_GET
def company_csr_report(request: HttpRequest, pk: int) -> HttpResponse:
    company = company_access.get_company_for_user(request.user, pk)
    year = request.GET.get("annee", "")
    if year and not (year.isdigit() and len(year) == 4):
        raise Http404
    report = selectors.company_engagement(company=company, year=int(year) if year else None)
    if report["year"] not in report["years"]:
        raise Http404
    return render(request, "impact/company_csr_report.html", report)
