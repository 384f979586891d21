"""Reads the company engagement page and CSR report need, and the yearly aggregates they
share with the staff dashboard, the funder report and the ``kpis`` command."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from mentoring.models import Introduction, Meeting, Mentor, Mentorship, Outcome
from mentoring.rules import year_bounds

# --- Company engagement and CSR report ------------------------------------------------------

# Counts from 1 to 2 are shown as "fewer than 3": with so few, a colleague could tell which
# young graduate a figure is about. No figure shown is the sum of other figures shown (there
# are no totals, and the engagement page shows the current year only, like the report), so a
# masked count cannot be worked out by subtraction.
SMALL_COUNT_LIMIT = 3


@dataclass(frozen=True)
class Figure:
    """One figure of the company pages; a small count keeps no value, only the mask."""

    key: str
    label: str
    value: int | float | None
    masked: bool = False
    unit: str = ""
    help: str = ""


def count_figure(key: str, label: str, value: int | None, help: str = "") -> Figure:
    value = value or 0
    if 0 < value < SMALL_COUNT_LIMIT:
        return Figure(key=key, label=label, value=None, masked=True, help=help)
    return Figure(key=key, label=label, value=value, help=help)


def hours_figure(key: str, label: str, minutes: int | None, help: str = "") -> Figure:
    """A volume of time, not a count of people: shown to the half hour, never masked."""
    hours = round((minutes or 0) / 30) / 2
    return Figure(key=key, label=label, value=hours, unit="h", help=help)


# --- Yearly activity: one definition of each aggregate, shared by the company pages, the staff
# dashboard, the funder report and the ``kpis`` command. Each function takes the rows in scope
# (a queryset already filtered by company, region...) and aggregates them over ``year`` in one
# query; with ``by`` (a lookup such as "mentor__company") it returns one row per group instead,
# still in one query.


def durable_at_level_q(prefix: str = "") -> Q:
    """Outcomes (reached through ``prefix``) that are a durable job at the diploma's level."""
    return Q(**{f"{prefix}contract_type__in": Outcome.DURABLE_CONTRACTS, f"{prefix}at_level": True})


def job_q(prefix: str = "") -> Q:
    """Outcomes (reached through ``prefix``) that are a job. The contracts are listed rather
    than negated, so that across a join the condition stays a plain filter."""
    return Q(**{f"{prefix}contract_type__in": Outcome.JOB_CONTRACTS})


DURABLE_AT_LEVEL = durable_at_level_q()
JOB = job_q()


def _aggregate(queryset: QuerySet, by: str | None, aggregates: dict) -> dict:
    if by is None:
        return queryset.aggregate(**aggregates)
    rows = queryset.order_by().values(group=F(by)).annotate(**aggregates)
    return {row.pop("group"): row for row in rows}


def mentor_counts(mentors: QuerySet[Mentor], *, year: int, by: str | None = None) -> dict:
    """Active mentors today (``active`` not paused, ``paused``), ``pending`` activation, and
    those who ``joined`` (were activated) during ``year``."""
    today = timezone.localdate()
    start, end = year_bounds(year)
    return _aggregate(
        mentors,
        by,
        {
            "active": Count(
                "pk",
                filter=Q(status=Mentor.Status.ACTIVE)
                & (Q(paused_until__isnull=True) | Q(paused_until__lt=today)),
            ),
            "paused": Count("pk", filter=Q(status=Mentor.Status.ACTIVE, paused_until__gte=today)),
            "pending": Count("pk", filter=Q(status=Mentor.Status.PENDING)),
            "joined": Count("pk", filter=Q(activated_at__gte=start, activated_at__lt=end)),
        },
    )


def running_during(year: int) -> Q:
    """Started mentorships that ran during some of ``year``: started before it ended, and not
    ended before it began."""
    start, end = year_bounds(year)
    return Q(status__in=Mentorship.STARTED_STATUSES, started_at__lt=end) & (
        Q(ended_at__isnull=True) | Q(ended_at__gte=start)
    )


def mentorship_activity(
    mentorships: QuerySet[Mentorship], *, year: int, by: str | None = None
) -> dict:
    """``in_progress`` today; over ``year``: ``engaged_mentors`` and ``mentees`` (a started
    mentorship overlapping the year), mentorships ``started`` and ``completed`` in the year;
    ``first_start``, the earliest start ever."""
    start, end = year_bounds(year)
    in_year = running_during(year)
    return _aggregate(
        mentorships,
        by,
        {
            "in_progress": Count("pk", filter=Q(status=Mentorship.Status.ACTIVE)),
            "engaged_mentors": Count("mentor", distinct=True, filter=in_year),
            "mentees": Count("candidate", distinct=True, filter=in_year),
            "started": Count(
                "pk",
                filter=Q(
                    status__in=Mentorship.STARTED_STATUSES,
                    started_at__gte=start,
                    started_at__lt=end,
                ),
            ),
            "completed": Count(
                "pk",
                filter=Q(status=Mentorship.Status.COMPLETED, ended_at__gte=start, ended_at__lt=end),
            ),
            "first_start": Min("started_at"),
        },
    )


def engagement(mentorships: QuerySet[Mentorship], *, year: int, by: str | None = None) -> dict:
    """``engaged_mentors`` and ``mentees`` over ``year``, as ``mentorship_activity`` counts
    them, reading only the mentorships that ran during the year (a condition rather than a
    filter on each count: where many companies are counted, most of their mentorships are
    left out before the join and the grouping)."""
    return _aggregate(
        mentorships.filter(running_during(year)),
        by,
        {
            "engaged_mentors": Count("mentor", distinct=True),
            "mentees": Count("candidate", distinct=True),
        },
    )


def meeting_activity(meetings: QuerySet[Meeting], *, year: int, by: str | None = None) -> dict:
    """Meetings held during ``year`` (their date) and their total ``minutes``."""
    meetings = meetings.filter(
        date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1)
    )
    # COUNT(*) rather than of the id: the index on (mentorship, date) with the duration is then
    # enough, without reading the table.
    return _aggregate(meetings, by, {"count": Count("*"), "minutes": Sum("duration_minutes")})


def introduction_activity(
    introductions: QuerySet[Introduction], *, year: int, by: str | None = None
) -> dict:
    """Introductions to professionals made during ``year``."""
    introductions = introductions.filter(
        date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1)
    )
    return _aggregate(introductions, by, {"count": Count("*")})


def outcome_activity(outcomes: QuerySet[Outcome], *, year: int, by: str | None = None) -> dict:
    """Outcomes of the mentorships that ended during ``year``: ``durable_at_level`` (a durable
    job at the diploma's level), ``other_jobs``, and jobs found ``through_network``."""
    start, end = year_bounds(year)
    outcomes = outcomes.filter(
        mentorship__status__in=Mentorship.ENDED_STATUSES,
        mentorship__ended_at__gte=start,
        mentorship__ended_at__lt=end,
    )
    return _aggregate(
        outcomes,
        by,
        {
            "durable_at_level": Count("pk", filter=DURABLE_AT_LEVEL),
            "other_jobs": Count("pk", filter=JOB & ~DURABLE_AT_LEVEL),
            "through_network": Count("pk", filter=JOB & Q(through_network=True)),
        },
    )


def company_engagement(*, company: Company, year: int | None = None) -> dict[str, Any]:
    """The company's figures now and over ``year`` (this year by default), in five queries.

    Aggregates only, computed in the database: the number of queries does not depend on how
    many mentors, mentorships or meetings the company has.
    """
    today = timezone.localdate()
    year = year or today.year
    mentors = mentor_counts(Mentor.objects.filter(company=company), year=year)
    mentorships = mentorship_activity(Mentorship.objects.filter(mentor__company=company), year=year)
    meetings = meeting_activity(
        Meeting.objects.filter(mentorship__mentor__company=company), year=year
    )
    introductions = introduction_activity(
        Introduction.objects.filter(mentorship__mentor__company=company), year=year
    )
    outcomes = outcome_activity(
        Outcome.objects.filter(mentorship__mentor__company=company), year=year
    )

    first_years = [today.year]
    if mentorships["first_start"]:
        first_years.append(timezone.localtime(mentorships["first_start"]).year)
    if company.agreement_start:
        first_years.append(company.agreement_start.year)
    years = list(range(today.year, min(first_years) - 1, -1))

    return {
        "company": company,
        "year": year,
        "years": years,
        "is_current_year": year == today.year,
        "today": today,
        "now": [
            count_figure("mentors_active", _("Active mentors"), mentors["active"]),
            count_figure(
                "mentors_paused",
                _("Mentors on pause"),
                mentors["paused"],
                _("They take no new mentee until the date they chose."),
            ),
            count_figure(
                "mentors_pending",
                _("Mentors awaiting activation"),
                mentors["pending"],
                _("Profiles the association's regional team is reviewing."),
            ),
            count_figure(
                "mentorships_in_progress", _("Mentorships in progress"), mentorships["in_progress"]
            ),
        ],
        "mentors": [
            count_figure(
                "mentors_engaged",
                _("Mentors who accompanied a young graduate"),
                mentorships["engaged_mentors"],
            ),
            count_figure("mentors_joined", _("Mentors who joined"), mentors["joined"]),
        ],
        "mentorships": [
            count_figure("mentorships_started", _("Mentorships started"), mentorships["started"]),
            count_figure(
                "mentorships_completed", _("Mentorships completed"), mentorships["completed"]
            ),
            count_figure("meetings", _("Meetings declared"), meetings["count"]),
            hours_figure("hours", _("Hours of mentoring declared"), meetings["minutes"]),
            count_figure(
                "introductions",
                _("Introductions to professionals"),
                introductions["count"],
                _("Times a mentor put a young graduate in touch with someone of their network."),
            ),
        ],
        "outcomes": [
            count_figure(
                "durable_jobs_at_level",
                _("Durable jobs at the diploma's level"),
                outcomes["durable_at_level"],
                _(
                    "Permanent contract, fixed-term contract of 6 months or more, or business "
                    "creation."
                ),
            ),
            count_figure(
                "other_jobs",
                _("Other jobs"),
                outcomes["other_jobs"],
                _(
                    "Shorter contracts, work-study, civic service, or jobs below the diploma's "
                    "level."
                ),
            ),
            count_figure(
                "jobs_through_network",
                _("Jobs found through the mentor's network"),
                outcomes["through_network"],
            ),
        ],
    }
