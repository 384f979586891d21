"""Staff exports of candidates, mentorships and outcomes, as CSV (streamed) or XLSX.

Headers are in the reader's language (French), rows limited to the staff member's scope by the
same filters as the dashboard (``impact.kpis``). Every text cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) is neutralised with a
leading apostrophe. The columns of each export are listed here, explicitly: the candidates'
sensitive columns (birth date, phone, address, social criteria) are a separate list, added only
when staff ask for them, and that export is logged as a read of sensitive data.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from candidates.models import Candidate
from mentoring.models import Introduction, Meeting, Mentorship, Outcome
from mentoring.rules import year_bounds
from nqt.core.models import DiplomaLevel

from .kpis import Scope, candidate_q, mentored_by_company, mentorship_q

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what a French spreadsheet expects
CHUNK_SIZE = 2000


def neutralise(text: str) -> str:
    """``text`` safe for a spreadsheet cell: control characters a workbook cannot hold are
    dropped, and a leading formula character is escaped by a single quote."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation
    path: str  # a ``values_list`` path or an annotation of the export's queryset
    format: Callable[[Any], Any] | None = None


def _choice(choices) -> Callable[[Any], Any]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value)) if value not in (None, "") else None


def _phone(value) -> str | None:
    if not value:
        return None
    return value.as_national if value.country_code == 33 else value.as_international


@dataclass
class Export:
    """One export: its file name, its columns and the rows (a queryset) in scope."""

    name: str
    columns: list[Column]
    queryset: QuerySet
    annotations: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def values(self) -> Iterator[list[Any]]:
        """The rows' values (formatted, not yet neutralised), fetched in chunks."""
        rows = (
            self.queryset.annotate(**self.annotations)
            .order_by("pk")
            .values_list(*(column.path for column in self.columns))
        )
        formats = [column.format for column in self.columns]
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            yield [
                fmt(value) if fmt and value is not None else value
                for fmt, value in zip(formats, row, strict=True)
            ]


# --- Cells ----------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def xlsx_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        # Workbooks hold no time zone: the local (Paris) time, as shown on the site.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float):
        return value
    return neutralise(str(value))


class _Echo:
    """A file-like object whose ``write`` returns the line, for a streamed CSV."""

    def write(self, value: str) -> str:
        return value


def csv_lines(export: Export) -> Iterator[str]:
    """The CSV file, line by line: a byte order mark (so spreadsheets read UTF-8), the
    headers, then the rows as they come from the database."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow([neutralise(header) for header in export.headers])
    for row in export.values():
        yield writer.writerow([csv_cell(value) for value in row])


def xlsx_bytes(export: Export, *, title: str) -> bytes:
    """The XLSX workbook (one sheet), written row by row in openpyxl's write-only mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=neutralise(title)[:31] or "Export")
    sheet.freeze_panes = "A2"
    sheet.append([neutralise(header) for header in export.headers])
    for row in export.values():
        sheet.append([xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(lines: Iterable[str]) -> list[list[str]]:
    """Parse an export's CSV (used by the tests and handy in a shell)."""
    text = "".join(lines).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=CSV_DELIMITER))


# --- The three exports ----------------------------------------------------------------------

CANDIDATE_COLUMNS = [
    Column(gettext_lazy("Identifier"), "pk"),
    Column(gettext_lazy("Last name"), "user__last_name"),
    Column(gettext_lazy("First name"), "user__first_name"),
    Column(gettext_lazy("E-mail"), "user__email"),
    Column(gettext_lazy("Status"), "status", _choice(Candidate.Status)),
    Column(gettext_lazy("Department"), "department__code"),
    Column(gettext_lazy("Region"), "department__region__name"),
    Column(gettext_lazy("Diploma level"), "diploma_level", _choice(DiplomaLevel)),
    Column(gettext_lazy("Diploma"), "diploma_title"),
    Column(gettext_lazy("School or university"), "school"),
    Column(gettext_lazy("Graduation year"), "graduation_year"),
    Column(gettext_lazy("Project"), "project_type", _choice(Candidate.ProjectType)),
    Column(gettext_lazy("Target job"), "target_job"),
    Column(gettext_lazy("Registered on"), "created_at"),
    Column(gettext_lazy("Submitted on"), "submitted_at"),
    Column(gettext_lazy("Found eligible on"), "validated_at"),
    Column(gettext_lazy("Decided on"), "decided_at"),
]
# Visible to the candidate and the staff of their region only (DESIGN §10).
CANDIDATE_SENSITIVE_COLUMNS = [
    Column(gettext_lazy("Birth date"), "birth_date"),
    Column(gettext_lazy("Phone"), "phone", _phone),
    Column(gettext_lazy("Postcode"), "postcode"),
    Column(gettext_lazy("City"), "city"),
    Column(gettext_lazy("QPV"), "qpv"),
    Column(gettext_lazy("Neighbourhood (QPV)"), "qpv_name"),
    Column(gettext_lazy("ZRR"), "zrr"),
    Column(gettext_lazy("Scholarship holder"), "boursier"),
    Column(gettext_lazy("RSA"), "rsa"),
]


def _pair_columns(prefix: str) -> list[Column]:
    """Who a mentorship (reached through ``prefix``) brings together, and where."""
    return [
        Column(gettext_lazy("Candidate's last name"), f"{prefix}candidate__user__last_name"),
        Column(gettext_lazy("Candidate's first name"), f"{prefix}candidate__user__first_name"),
        Column(gettext_lazy("Mentor's last name"), f"{prefix}mentor__user__last_name"),
        Column(gettext_lazy("Mentor's first name"), f"{prefix}mentor__user__first_name"),
        Column(gettext_lazy("Company"), f"{prefix}mentor__company__name"),
        Column(gettext_lazy("Region"), f"{prefix}region__name"),
    ]


MENTORSHIP_COLUMNS = [
    Column(gettext_lazy("Mentorship"), "pk"),
    *_pair_columns(""),
    Column(gettext_lazy("Status"), "status", _choice(Mentorship.Status)),
    Column(gettext_lazy("Proposed on"), "proposed_at"),
    Column(gettext_lazy("Started on"), "started_at"),
    Column(gettext_lazy("Ended on"), "ended_at"),
    Column(gettext_lazy("End reason"), "end_reason", _choice(Mentorship.EndReason)),
    Column(gettext_lazy("Meetings"), "export_meetings"),
    Column(gettext_lazy("Hours of mentoring"), "export_minutes", lambda m: round(m / 60, 1)),
    Column(gettext_lazy("Introductions"), "export_introductions"),
    Column(gettext_lazy("Outcome"), "outcome__contract_type", _choice(Outcome.ContractType)),
]

OUTCOME_COLUMNS = [
    Column(gettext_lazy("Mentorship"), "mentorship_id"),
    *_pair_columns("mentorship__"),
    Column(gettext_lazy("Mentorship status"), "mentorship__status", _choice(Mentorship.Status)),
    Column(gettext_lazy("Mentorship started on"), "mentorship__started_at"),
    Column(gettext_lazy("Contract"), "contract_type", _choice(Outcome.ContractType)),
    Column(gettext_lazy("Durable job at level"), "export_durable_at_level"),
    Column(gettext_lazy("Job title"), "job_title"),
    Column(gettext_lazy("Employer"), "employer"),
    Column(gettext_lazy("Job start date"), "start_date"),
    Column(gettext_lazy("At the diploma's level"), "at_level"),
    Column(gettext_lazy("Found through the mentor's network"), "through_network"),
    Column(gettext_lazy("Declared on"), "declared_at"),
    Column(gettext_lazy("Confirmed on"), "confirmed_at"),
    Column(gettext_lazy("Still in the job after 6 months"), "still_employed"),
]


def candidate_columns(*, sensitive: bool) -> list[Column]:
    """The candidates export's columns: the sensitive ones only when asked for."""
    return CANDIDATE_COLUMNS + (CANDIDATE_SENSITIVE_COLUMNS if sensitive else [])


def candidates_export(scope: Scope, *, year: int | None, sensitive: bool) -> Export:
    """Candidates of the scope's regions (with a company: those its mentors accompanied),
    registered during ``year`` when one is given (the funnel's cohort)."""
    candidates = Candidate.objects.filter(candidate_q(scope), mentored_by_company(scope))
    if year is not None:
        start, end = year_bounds(year)
        candidates = candidates.filter(created_at__gte=start, created_at__lt=end)
    # The name the file downloads under: the export with sensitive columns says so.
    name = "candidats-donnees-sensibles" if sensitive else "candidats"
    return Export(name, candidate_columns(sensitive=sensitive), candidates)


def _count_of(model, path: str = "pk", aggregate=Count) -> Subquery:
    """A per-mentorship count (or sum) as a subquery, so two of them never multiply rows."""
    rows = (
        model.objects.filter(mentorship=OuterRef("pk"))
        .order_by()
        .values("mentorship")
        .annotate(total=aggregate(path))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def mentorships_export(scope: Scope, *, year: int | None) -> Export:
    """Mentorships of the scope (not the drafts under staff review), started during ``year``
    when one is given, with their meetings, hours and introductions."""
    mentorships = Mentorship.objects.filter(mentorship_q(scope)).exclude(
        status=Mentorship.Status.DRAFT
    )
    if year is not None:
        start, end = year_bounds(year)
        mentorships = mentorships.filter(started_at__gte=start, started_at__lt=end)
    return Export(
        "parrainages",
        MENTORSHIP_COLUMNS,
        mentorships,
        annotations={
            "export_meetings": _count_of(Meeting),
            "export_minutes": _count_of(Meeting, "duration_minutes", Sum),
            "export_introductions": _count_of(Introduction),
        },
    )


def outcomes_export(scope: Scope, *, year: int | None) -> Export:
    """Outcomes of the scope's mentorships; with ``year``, of the mentorships started that
    year (the success rate's cohort)."""
    outcomes = Outcome.objects.filter(mentorship_q(scope, "mentorship__"))
    if year is not None:
        start, end = year_bounds(year)
        outcomes = outcomes.filter(
            mentorship__started_at__gte=start, mentorship__started_at__lt=end
        )
    return Export(
        "sorties",
        OUTCOME_COLUMNS,
        outcomes,
        annotations={
            "export_durable_at_level": ExpressionWrapper(
                Q(contract_type__in=Outcome.DURABLE_CONTRACTS, at_level=True),
                output_field=BooleanField(),
            )
        },
    )
