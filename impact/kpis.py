"""Programme KPIs (DESIGN §9): the figures of the staff dashboard, the funder report and the
``kpis`` command.

Every figure is computed when asked, from the raw records, by aggregate queries: no stored
total, no Python loop over rows, and a number of queries that does not depend on the data.
Each function takes a ``Scope`` (regions, a calendar year, maybe a company) and documents the
definition it implements; README "Programme KPIs" lists them with the JSON keys.

Who is counted where:

- a candidate belongs to the region of their department (a file without a department yet,
  an early draft, is counted only in the national view);
- a mentorship belongs to its candidate's region, and to its mentor's company;
- a mentor belongs to their own region and company; a company to its region.

Years are calendar years in the site's time zone (Europe/Paris).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from candidates.models import Candidate
from companies.models import Company
from mentoring.models import Introduction, Meeting, Mentor, Mentorship, Outcome
from mentoring.rules import (  # noqa: F401 (the attention rules are read as kpis.* too)
    ATTENTION_REASONS,
    FIRST_YEAR,
    NO_MEETING_DAYS,
    PROPOSAL_ATTENTION_AFTER,
    attention_q,
    attention_reasons,
    expiring_proposal_q,
    help_requested_q,
    no_recent_meeting_q,
    promise_days,
    year_bounds,
)
from nqt.core.collation import french
from nqt.core.models import Department, User

from .selectors import (
    durable_at_level_q,
    engagement,
    introduction_activity,
    job_q,
    meeting_activity,
    mentor_counts,
    outcome_activity,
)

# The "mentorships started per year" chart covers this many years, ending at the chosen one.
SERIES_YEARS = 10


# --- Scope ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What the figures are about.

    ``year`` is the calendar year of the yearly figures (exports take theirs apart, as they
    may cover all years). ``region_ids`` None means the whole country (national admins' "all
    regions"), including candidates without a department yet; otherwise only those regions.
    """

    year: int
    region_ids: frozenset[int] | None = None
    company_id: int | None = None

    @property
    def national(self) -> bool:
        return self.region_ids is None

    @cached_property
    def department_ids(self) -> tuple[int, ...] | None:
        """The departments of the scope's regions (one query, when first needed): candidates
        are filtered on their department column directly, which spares a join on every
        candidate query."""
        if self.region_ids is None:
            return None
        return tuple(
            Department.objects.filter(region__in=self.region_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def make_scope(
    *, year: int, region_ids: frozenset[int] | None = None, company_id: int | None = None
) -> Scope:
    """A ``Scope`` (no query)."""
    return Scope(
        year=year,
        region_ids=None if region_ids is None else frozenset(region_ids),
        company_id=company_id,
    )


def candidate_q(scope: Scope, prefix: str = "") -> Q:
    """Candidates of the scope's regions (reached through ``prefix``)."""
    if scope.department_ids is None:
        return Q()
    return Q(**{f"{prefix}department_id__in": scope.department_ids})


def mentorship_q(scope: Scope, prefix: str = "") -> Q:
    """Mentorships whose candidate is in the scope's regions (``Mentorship.region``, the
    copy of the candidate's region that the model keeps: no join) and, with a company, whose mentor
    works for it."""
    q = Q() if scope.region_ids is None else Q(**{f"{prefix}region_id__in": scope.region_ids})
    if scope.company_id is not None:
        q &= Q(**{f"{prefix}mentor__company_id": scope.company_id})
    return q


def mentor_q(scope: Scope) -> Q:
    q = Q() if scope.region_ids is None else Q(region_id__in=scope.region_ids)
    if scope.company_id is not None:
        q &= Q(company_id=scope.company_id)
    return q


def company_q(scope: Scope) -> Q:
    q = Q() if scope.region_ids is None else Q(region_id__in=scope.region_ids)
    if scope.company_id is not None:
        q &= Q(pk=scope.company_id)
    return q


def mentored_by_company(scope: Scope) -> Q:
    """With a company chosen, candidate figures count the candidates its mentors accompanied
    (a candidate belongs to no company before being matched)."""
    if scope.company_id is None:
        return Q()
    return Q(
        Exists(
            Mentorship.objects.filter(
                candidate=OuterRef("pk"),
                status__in=Mentorship.STARTED_STATUSES,
                mentor__company_id=scope.company_id,
            )
        )
    )


# --- Counting -------------------------------------------------------------------------------


def count_all(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """How many rows each queryset has, all in one query: ``SELECT (SELECT COUNT(…) …) AS a,
    (…) AS b``. Each count is planned on its own, most as an index-only count of its range,
    where one scan with a FILTER per figure would read every row of the widest of them; and
    the figures cost one round trip instead of one each."""
    if not querysets:
        return {}
    selects, params, empty = [], [], set()
    db = next(iter(querysets.values())).db
    for key, queryset in querysets.items():
        counted = queryset.order_by().values(_count=Func(F("pk"), function="COUNT"))
        try:
            sql, query_params = counted.query.sql_with_params()
        except EmptyResultSet:
            empty.add(key)
            continue
        selects.append(f"({sql})")
        params.extend(query_params)
    row = ()
    if selects:
        with connections[db].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(selects)}", params)
            row = cursor.fetchone()
    values = iter(row)
    return {key: 0 if key in empty else next(values) for key in querysets}


# --- Medians --------------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the middle value, or the mean of the two middle
    values for an even count (works on numbers and on intervals)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def has_percentile(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def median_by_ordering(queryset: QuerySet, expression, count: int):
    """The median without ``percentile_cont`` (SQLite, the embedded default): the middle
    value(s) of ``count`` rows fetched by ORDER BY … LIMIT/OFFSET, one query whatever the
    count. ``queryset`` holds exactly the rows to take the median of."""
    if not count:
        return None
    values = list(
        queryset.annotate(_median_value=expression)
        .order_by("_median_value")
        .values_list("_median_value", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    if isinstance(values[0], datetime.timedelta):
        return sum(values, datetime.timedelta()) / len(values)
    return sum(values) / len(values)


def _days(delay: datetime.timedelta | None) -> float | None:
    return None if delay is None else round(delay.total_seconds() / 86400, 1)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- The year's mentorships: volume, success rate, time to match and to job ------------------

# In the queue → mentor accepted: from the candidate's entry in the matching queue that this
# mentorship ended (``Mentorship.queued_at``: the validation, or the return after an
# interrupted mentorship) to its start.
MATCH_DELAY = ExpressionWrapper(F("started_at") - F("queued_at"), output_field=DurationField())
# mentorship start (its day, in Paris) → job start.
JOB_DELAY = ExpressionWrapper(
    F("outcome__start_date") - TruncDate("started_at"), output_field=DurationField()
)
DURABLE_AT_LEVEL_OUTCOME = durable_at_level_q("outcome__")
# Contracts that are a job (as on the company pages: everything but "none" and "further
# study"); a job's outcome always has a start date (constraint outcome_job_has_start_date).
JOB_OUTCOME = job_q("outcome__")


def started_in_year(scope: Scope) -> QuerySet[Mentorship]:
    """Mentorships started during the scope's year (``started_at`` in the calendar year in
    Paris; a started mentorship is active, completed or interrupted) in the scope."""
    start, end = year_bounds(scope.year)
    return Mentorship.objects.filter(
        mentorship_q(scope),
        status__in=Mentorship.STARTED_STATUSES,
        started_at__gte=start,
        started_at__lt=end,
    )


def year_figures(scope: Scope) -> dict[str, Any]:
    """The mentorships started in the year, in one query (three on SQLite), with neither a
    correlated subquery nor a join beyond the candidate and the outcome:

    - ``started``: how many;
    - ``success``: the cohort success rate. Among them, those that have ENDED (completed or
      interrupted; ongoing ones are left out), the share whose Outcome is a durable job at the
      diploma's level: contract in ``Outcome.DURABLE_CONTRACTS`` (CDI, CDD of 6 months or
      more, business creation) and ``at_level``. An interruption, a CDD under 6 months or a
      job below the diploma's level is not a success;
    - ``time_to_match``: median days from the candidate's entry in the matching queue
      (``Mentorship.queued_at``: found eligible, or back in the queue after an interrupted
      mentorship) to the mentorship's start (the mentor's acceptance), and how many started
      within the promise (``settings.MATCHING_PROMISE_DAYS``). A second mentorship after an
      interruption counts from the return to the queue, not from the first validation;
    - ``time_to_job``: median days from the mentorship's start to the start of the job, for
      outcomes that are jobs (any contract but "none" and "further study").
    """
    promise = promise_days()
    mentorships = started_in_year(scope)
    matched = Q(queued_at__isnull=False)
    aggregates = {
        "started": Count("pk"),
        "ended": Count("pk", filter=Q(status__in=Mentorship.ENDED_STATUSES)),
        "successful": Count(
            "pk", filter=Q(status__in=Mentorship.ENDED_STATUSES) & DURABLE_AT_LEVEL_OUTCOME
        ),
        "matched": Count("pk", filter=matched),
        "within_promise": Count(
            "pk",
            filter=matched & Q(started_at__lte=F("queued_at") + datetime.timedelta(days=promise)),
        ),
        "jobs": Count("pk", filter=JOB_OUTCOME),
    }
    postgres = has_percentile(mentorships)
    if postgres:
        aggregates["match_median"] = Median(MATCH_DELAY, filter=matched)
        aggregates["job_median"] = Median(JOB_DELAY, filter=JOB_OUTCOME)
    row = mentorships.aggregate(**aggregates)
    if not postgres:
        row["match_median"] = median_by_ordering(
            mentorships.filter(matched), MATCH_DELAY, row["matched"]
        )
        row["job_median"] = median_by_ordering(
            mentorships.filter(JOB_OUTCOME), JOB_DELAY, row["jobs"]
        )
    return {
        "started": row["started"],
        "success": {
            "ended": row["ended"],
            "ongoing": row["started"] - row["ended"],
            "durable_at_level": row["successful"],
            "rate": _rate(row["successful"], row["ended"]),
        },
        "time_to_match": {
            "median_days": _days(row["match_median"]),
            "count": row["matched"],
            "promise_days": promise,
            "within_promise": row["within_promise"],
            "within_promise_rate": _rate(row["within_promise"], row["matched"]),
        },
        "time_to_job": {"median_days": _days(row["job_median"]), "count": row["jobs"]},
    }


def started_per_year_counts(scope: Scope) -> dict[str, QuerySet]:
    """The mentorships started in each of the ``SERIES_YEARS`` years ending with the scope's
    year (same definition as ``started``), to count with ``count_all``."""
    first = max(FIRST_YEAR, scope.year - SERIES_YEARS + 1)
    return {
        f"started_{year}": started_in_year(replace(scope, year=year))
        for year in range(first, scope.year + 1)
    }


def started_per_year(scope: Scope, counts: dict[str, int] | None = None) -> list[dict[str, int]]:
    """Mentorships started in each of the ``SERIES_YEARS`` years ending with the scope's year,
    zeros included, oldest first. ``counts``: ``count_all`` already run on
    ``started_per_year_counts`` (with other counts, in the same query)."""
    queries = started_per_year_counts(scope)
    counts = count_all(queries) if counts is None else counts
    return [{"year": int(key.removeprefix("started_")), "count": counts[key]} for key in queries]


# --- Today ----------------------------------------------------------------------------------


def today_counts(scope: Scope, *, now: datetime.datetime) -> dict[str, QuerySet]:
    """What ``today_figures`` counts, to count with ``count_all``."""
    mentorships = Mentorship.objects.filter(mentorship_q(scope))
    reasons = attention_reasons(now)
    return {
        "active_mentorships": mentorships.filter(status=Mentorship.Status.ACTIVE),
        **{key: mentorships.filter(q) for key, q in reasons.items()},
        # The only two reasons one mentorship can have together (the third is a proposal).
        "silent_with_help_requested": mentorships.filter(
            reasons["no_recent_meeting"], reasons["help_requested"]
        ),
        "active_mentors": Mentor.objects.filter(mentor_q(scope), status=Mentor.Status.ACTIVE),
        "partner_companies": Company.objects.in_force(timezone.localdate(now)).filter(
            company_q(scope)
        ),
    }


def today_figures(
    scope: Scope, *, now: datetime.datetime | None = None, counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """Now, whatever the year: ``active_mentorships`` in the scope, ``active_mentors`` (status
    active, on pause or not, by their own region and company), ``partner_companies`` (active
    partnership, agreement in force today: ``Company.objects.in_force``), and the mentorships
    needing ``attention``, by reason and in total (a mentorship with two reasons counts once
    in the total, as in the admin list the tile opens: the total is the sum of the reasons
    less the mentorships both silent and asking for help). ``counts``: ``count_all`` already
    run on ``today_counts``."""
    now = now or timezone.now()
    counts = count_all(today_counts(scope, now=now)) if counts is None else counts
    attention = {key: counts[key] for key in ATTENTION_REASONS}
    return {
        "active_mentorships": counts["active_mentorships"],
        "active_mentors": counts["active_mentors"],
        "partner_companies": counts["partner_companies"],
        "attention": {
            "total": sum(attention.values()) - counts["silent_with_help_requested"],
            **attention,
        },
    }


@dataclass(frozen=True)
class AttentionRow:
    """A mentorship of an attention list, with what the dashboard shows of it."""

    pk: int
    rank: datetime.date
    status: str
    proposed_at: datetime.datetime | None
    started_at: datetime.datetime | None
    last_meeting_on: datetime.date | None
    candidate_name: str
    mentor_name: str
    company_name: str


ATTENTION_ROW_FIELDS = {
    "candidate_first_name": F("candidate__user__first_name"),
    "candidate_last_name": F("candidate__user__last_name"),
    "candidate_email": F("candidate__user__email"),
    "mentor_first_name": F("mentor__user__first_name"),
    "mentor_last_name": F("mentor__user__last_name"),
    "mentor_email": F("mentor__user__email"),
    "company_name": F("mentor__company__name"),
}


def attention_lists(
    scope: Scope, *, limit: int = 10, now: datetime.datetime | None = None
) -> dict[str, list[AttentionRow]]:
    """For each reason, the ``limit`` most urgent mentorships needing attention: proposals
    by age, the others by their last meeting (or their start when they have none), oldest
    first. One query: the three lists side by side (UNION ALL), each ranked on the
    mentorships alone (a subquery keeping ``limit`` ids) before only those rows are joined
    to the people and companies shown."""
    now = now or timezone.now()
    branches = []
    for key, q in attention_reasons(now).items():
        order = _attention_order(proposals=key == "proposal_expiring")
        rank = _attention_rank(proposals=key == "proposal_expiring")
        ranked = (
            Mentorship.objects.filter(mentorship_q(scope), q)
            .annotate(rank=rank)
            .order_by(*order)
            .values("pk")[:limit]
        )
        branches.append(
            Mentorship.objects.filter(pk__in=Subquery(ranked))
            .annotate(reason=Value(key), rank=rank)
            .order_by()
            .values(
                "reason",
                "rank",
                "pk",
                "status",
                "proposed_at",
                "started_at",
                "last_meeting_on",
                **ATTENTION_ROW_FIELDS,
            )
        )
    rows = branches[0].union(*branches[1:], all=True)
    lists: dict[str, list[AttentionRow]] = {key: [] for key in ATTENTION_REASONS}
    for row in rows:
        lists[row["reason"]].append(
            AttentionRow(
                pk=row["pk"],
                rank=row["rank"],
                status=row["status"],
                proposed_at=row["proposed_at"],
                started_at=row["started_at"],
                last_meeting_on=row["last_meeting_on"],
                candidate_name=_person_name(row, "candidate"),
                mentor_name=_person_name(row, "mentor"),
                company_name=row["company_name"],
            )
        )
    # The branches' order does not survive the UNION: each list is put back in its own.
    for key, rows in lists.items():
        order = _attention_order(proposals=key == "proposal_expiring")
        rows.sort(key=lambda row: tuple(getattr(row, field) for field in order))
    return lists


def _attention_rank(*, proposals: bool):
    """The day a mentorship has been waiting since (a date in every list, which the UNION
    needs): its proposal, or its last contact (Mentorship.last_contact_on: the last meeting,
    or the start)."""
    if proposals:
        return TruncDate("proposed_at")
    return Coalesce("last_meeting_on", TruncDate("started_at"))


def _attention_order(*, proposals: bool) -> tuple[str, ...]:
    return ("rank", "proposed_at", "pk") if proposals else ("rank", "pk")


def _person_name(row: dict, prefix: str) -> str:
    """How the site names a person (``User.__str__``: the full name, or else the address)."""
    return str(
        User(
            first_name=row[f"{prefix}_first_name"],
            last_name=row[f"{prefix}_last_name"],
            email=row[f"{prefix}_email"],
        )
    )


# --- Candidates -----------------------------------------------------------------------------

# A candidate has sent their file: ``submitted_at`` is the first submission and never moves.
# Two figures read it, each defined here once and shown under its own label on every page:
#
# - the funnel's ``submitted``: among the candidates who REGISTERED in the year (the cohort),
#   those who have sent their file, at any date since (``registered_in_year`` + ``FILE_SENT``);
# - the year's files (``social_criteria``' ``submitted``): the files first SENT during the
#   year, whatever the year of registration (``files_sent_in_year``).
#
# They differ by the files sent early in a year by candidates registered the year before, and
# those registered late in the year that were sent the next year.
FILE_SENT = Q(submitted_at__isnull=False)


def registered_in_year(scope: Scope) -> QuerySet[Candidate]:
    """The funnel's cohort: candidates of the scope who created their account in the year."""
    start, end = year_bounds(scope.year)
    return Candidate.objects.filter(
        candidate_q(scope), mentored_by_company(scope), created_at__gte=start, created_at__lt=end
    )


def files_sent_in_year(scope: Scope) -> QuerySet[Candidate]:
    """Candidates of the scope who first sent their file during the year."""
    start, end = year_bounds(scope.year)
    return Candidate.objects.filter(
        candidate_q(scope),
        mentored_by_company(scope),
        submitted_at__gte=start,
        submitted_at__lt=end,
    )


def funnel(scope: Scope) -> dict[str, int]:
    """The cohort of candidates who registered (created their account) during the year, and
    how far they got since: ``registered`` → ``submitted`` (sent their file) → ``eligible``
    (found eligible at least once) → ``matched`` (have had a started mentorship) → ``placed``
    (an outcome that is a job: any contract but "none" and "further study").

    One query: the candidates joined to their started mentorships and outcomes and grouped
    once per candidate, then counted. A mentorship starts after its candidate registered: the
    join reads only the mentorships started since the year began (an index range, not every
    mentorship of the country) and, for some regions, only theirs (``Mentorship.region`` is
    its candidate's: the condition leaves out no mentorship of these candidates, and lets
    the region's index range serve the join).
    """
    start = year_bounds(scope.year)[0]
    in_regions = Q() if scope.region_ids is None else Q(mentorships__region_id__in=scope.region_ids)
    per_candidate = (
        registered_in_year(scope)
        .annotate(
            started_mentorships=FilteredRelation(
                "mentorships",
                condition=Q(
                    in_regions,
                    mentorships__status__in=Mentorship.STARTED_STATUSES,
                    mentorships__started_at__gte=start,
                ),
            )
        )
        .annotate(
            started_count=Count("started_mentorships"),
            placed_count=Count(
                "started_mentorships", filter=job_q("started_mentorships__outcome__")
            ),
        )
    )
    row = per_candidate.aggregate(
        registered=Count("pk"),
        submitted=Count("pk", filter=FILE_SENT),
        eligible=Count("pk", filter=Q(validated_at__isnull=False)),
        matched=Count("pk", filter=Q(started_count__gt=0)),
        placed=Count("pk", filter=Q(placed_count__gt=0)),
    )
    return {
        key: row[key] or 0 for key in ("registered", "submitted", "eligible", "matched", "placed")
    }


SOCIAL_CRITERIA = ("qpv", "zrr", "boursier", "rsa")


def social_criteria(scope: Scope) -> dict[str, Any]:
    """Among the files first sent during the year, whatever the year of registration
    (``files_sent_in_year``: ``submitted``, the year's files), how many and which share declared
    each social criterion (a candidate may have several). One query."""
    row = files_sent_in_year(scope).aggregate(
        submitted=Count("pk"),
        **{criterion: Count("pk", filter=Q(**{criterion: True})) for criterion in SOCIAL_CRITERIA},
    )
    return {
        "submitted": row["submitted"],
        **{
            criterion: {"count": row[criterion], "share": _rate(row[criterion], row["submitted"])}
            for criterion in SOCIAL_CRITERIA
        },
    }


# --- Companies ------------------------------------------------------------------------------


def partner_companies(region_ids: frozenset[int] | None) -> QuerySet:
    """``(id, name)`` of the partners (current or former) of these regions (None: of the
    country), by name: the companies of the engagement table and of the company filter."""
    companies = Company.objects.exclude(partnership_status=Company.Partnership.PROSPECT)
    if region_ids is not None:
        companies = companies.filter(region__in=region_ids)
    return companies.order_by(french("name"), "pk").values_list("pk", "name")


def companies_in_scope(scope: Scope) -> QuerySet:
    """``(id, name)`` of the companies of the scope's engagement table: its regions'
    partners, or the chosen company."""
    companies = partner_companies(scope.region_ids)
    if scope.company_id is not None:
        companies = companies.filter(pk=scope.company_id)
    return companies


def company_rows(companies: list[tuple[int, str]], *, year: int) -> list[dict[str, Any]]:
    """One engagement row per company (``(id, name)``), in five grouped queries whatever their
    number, with the company pages' definitions (``mentoring.selectors``): ``active_mentors``
    today (on pause or not); over the year: ``engaged_mentors`` and ``mentees`` (a mentorship
    running during the year), ``meetings`` held and their ``hours``, ``introductions`` made,
    and ``durable_jobs_at_level`` among the mentorships that ended in the year. A company's
    figures cover all its mentors, whatever the candidates' region."""
    ids = [pk for pk, _name in companies]
    mentors = mentor_counts(Mentor.objects.filter(company__in=ids), year=year, by="company")
    mentorships = engagement(
        Mentorship.objects.filter(mentor__company__in=ids), year=year, by="mentor__company"
    )
    meetings = meeting_activity(
        Meeting.objects.filter(mentorship__mentor__company__in=ids),
        year=year,
        by="mentorship__mentor__company",
    )
    introductions = introduction_activity(
        Introduction.objects.filter(mentorship__mentor__company__in=ids),
        year=year,
        by="mentorship__mentor__company",
    )
    outcomes = outcome_activity(
        Outcome.objects.filter(mentorship__mentor__company__in=ids),
        year=year,
        by="mentorship__mentor__company",
    )
    rows = []
    for pk, name in companies:
        mentor_row = mentors.get(pk, {})
        activity = mentorships.get(pk, {})
        meeting_row = meetings.get(pk, {})
        rows.append(
            {
                "id": pk,
                "name": name,
                "active_mentors": mentor_row.get("active", 0) + mentor_row.get("paused", 0),
                "engaged_mentors": activity.get("engaged_mentors", 0),
                "mentees": activity.get("mentees", 0),
                "meetings": meeting_row.get("count", 0),
                "hours": round((meeting_row.get("minutes") or 0) / 60, 1),
                "introductions": introductions.get(pk, {}).get("count", 0),
                "durable_jobs_at_level": outcomes.get(pk, {}).get("durable_at_level", 0),
            }
        )
    return rows


# --- Funder report extras -------------------------------------------------------------------


def year_activity(scope: Scope) -> dict[str, Any]:
    """Meetings, hours and introductions of the year in the scope (the company pages'
    definitions, over the scope's mentorships). Two queries."""
    meetings = meeting_activity(
        Meeting.objects.filter(mentorship_q(scope, "mentorship__")), year=scope.year
    )
    introductions = introduction_activity(
        Introduction.objects.filter(mentorship_q(scope, "mentorship__")), year=scope.year
    )
    return {
        "meetings": meetings["count"],
        "hours": round((meetings["minutes"] or 0) / 60, 1),
        "introductions": introductions["count"],
    }


def outcome_breakdown(scope: Scope) -> list[dict[str, Any]]:
    """The ended mentorships of the year's cohort (the success rate's denominator) by what the
    candidate got: one row per contract type, plus "no outcome recorded". One query."""
    rows = (
        started_in_year(scope)
        .filter(status__in=Mentorship.ENDED_STATUSES)
        .order_by()
        .values("outcome__contract_type", "outcome__at_level")
        .annotate(count=Count("pk"))
    )
    by_type: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = by_type.setdefault(row["outcome__contract_type"] or "", {"count": 0, "at_level": 0})
        entry["count"] += row["count"]
        if row["outcome__at_level"]:
            entry["at_level"] += row["count"]
    result = []
    for contract in [*Outcome.ContractType.values, ""]:
        entry = by_type.get(contract)
        if entry:
            result.append(
                {
                    "contract_type": contract,
                    "durable": contract in Outcome.DURABLE_CONTRACTS,
                    **entry,
                }
            )
    return result


# --- Everything at once ---------------------------------------------------------------------


def programme_figures(scope: Scope, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The dashboard's figures (also the ``kpis`` command's JSON), in four queries on
    PostgreSQL whatever the data (and one for the scope's departments, the first time): every
    count in one (``count_all``), the year's cohort, the funnel and the social criteria. See
    the functions above for each definition."""
    now = now or timezone.now()
    year = year_figures(scope)
    counts = count_all({**started_per_year_counts(scope), **today_counts(scope, now=now)})
    today = today_figures(scope, now=now, counts=counts)
    return {
        "mentorships_started": year["started"],
        "mentorships_started_per_year": started_per_year(scope, counts),
        "active_mentorships": today["active_mentorships"],
        "active_mentors": today["active_mentors"],
        "partner_companies": today["partner_companies"],
        "success": year["success"],
        "time_to_match": year["time_to_match"],
        "time_to_job": year["time_to_job"],
        "funnel": funnel(scope),
        "social_criteria": social_criteria(scope),
        "attention": today["attention"],
    }
