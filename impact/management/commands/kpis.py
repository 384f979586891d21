"""``python manage.py kpis --region grand-est --year 2017 [--company ID] [--format json]``:
the staff dashboard's figures, computed from the records (``impact.kpis``).

The JSON keys are documented in the README ("Programme KPIs"). Rates are fractions between 0
and 1 (0.7115 for 71.15 %), durations are days with one decimal, and a figure that cannot be
computed (a rate over nothing, a median of no value) is null.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from companies.models import Company
from impact import kpis
from nqt.core.models import Region

ALL = "all"


def compute(*, region: Region | None, year: int, company: Company | None) -> dict:
    """Everything the command prints, as a JSON-ready dict."""
    scope = kpis.make_scope(
        year=year,
        region_ids=None if region is None else frozenset([region.pk]),
        company_id=company.pk if company else None,
    )
    now = timezone.now()
    companies = list(kpis.companies_in_scope(scope))
    rows = kpis.company_rows(companies, year=year)
    return {
        "region": region.slug if region else ALL,
        "year": year,
        "company": {"id": company.pk, "name": company.name} if company else None,
        "computed_at": timezone.localtime(now).isoformat(timespec="seconds"),
        **kpis.programme_figures(scope, now=now),
        "companies": rows,
    }


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %"


def _days(days: float | None) -> str:
    return "—" if days is None else f"{days:.1f} days"


def as_text(data: dict) -> str:
    year = data["year"]
    success, match, job = data["success"], data["time_to_match"], data["time_to_job"]
    funnel, social, attention = data["funnel"], data["social_criteria"], data["attention"]
    scope = data["region"] if data["region"] != ALL else "all regions"
    if data["company"]:
        scope += f", company {data['company']['name']}"
    lines = [
        f"Programme figures: {scope}, {year} (computed {data['computed_at']})",
        "",
        f"Mentorships started in {year}: {data['mentorships_started']}",
        "  per year: "
        + ", ".join(f"{e['year']}: {e['count']}" for e in data["mentorships_started_per_year"]),
        f"Success rate (durable job at level): {_percent(success['rate'])} "
        f"({success['durable_at_level']} of the {success['ended']} ended; "
        f"{success['ongoing']} still in progress, not counted)",
        f"Median time to match: {_days(match['median_days'])} "
        f"({match['within_promise']} of {match['count']} within {match['promise_days']} days, "
        f"{_percent(match['within_promise_rate'])})",
        f"Median time to job: {_days(job['median_days'])} ({job['count']} jobs)",
        f"Funnel of the candidates registered in {year}: "
        + " → ".join(f"{funnel[key]} {key}" for key in funnel),
        f"Social criteria of the {social['submitted']} candidates who applied in {year}: "
        + ", ".join(
            f"{criterion.upper()} {_percent(social[criterion]['share'])}"
            for criterion in kpis.SOCIAL_CRITERIA
        ),
        "",
        "Today:",
        f"  mentorships in progress: {data['active_mentorships']}",
        f"  active mentors: {data['active_mentors']}",
        f"  partner companies: {data['partner_companies']}",
        "  needing attention: "
        + ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in attention.items()),
        "",
        f"Companies ({len(data['companies'])}): active mentors, mentors engaged, mentees, "
        f"meetings, hours, introductions, durable jobs at level in {year}",
    ]
    for row in data["companies"]:
        lines.append(
            f"  {row['name']}: {row['active_mentors']}, {row['engaged_mentors']}, "
            f"{row['mentees']}, {row['meetings']}, {row['hours']}, {row['introductions']}, "
            f"{row['durable_jobs_at_level']}"
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Print the programme's KPIs (the staff dashboard's figures) for a region or all "
        "regions and a year, computed from the records."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--region",
            default=ALL,
            help='A region slug such as "grand-est", or "all" (the default).',
        )
        parser.add_argument(
            "--year", type=int, default=None, help="A calendar year (this year by default)."
        )
        parser.add_argument("--company", type=int, default=None, help="A company id.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, region: str, year: int | None, company: int | None, **options):
        this_year = timezone.localdate().year
        year = this_year if year is None else year
        if not kpis.FIRST_YEAR <= year <= this_year:
            raise CommandError(f"--year must be between {kpis.FIRST_YEAR} and {this_year}.")
        chosen_region = None
        if region != ALL:
            chosen_region = Region.objects.filter(slug=region).first()
            if chosen_region is None:
                slugs = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f'Unknown region "{region}". Use "all" or one of: {slugs}.')
        chosen_company = None
        if company is not None:
            companies = Company.objects.all()
            if chosen_region is not None:
                companies = companies.filter(region=chosen_region)
            chosen_company = companies.filter(pk=company).first()
            if chosen_company is None:
                raise CommandError(f"No company {company} in {region}.")
        data = compute(region=chosen_region, year=year, company=chosen_company)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(data))
