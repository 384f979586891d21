"""National-scale data for the benchmarks, written with PostgreSQL COPY (seconds, not minutes).

Rows are built as dicts keyed by field attnames; any column not given takes the field's
default, so model additions with defaults keep working. Ids are assigned here and the
sequences moved past them at the end.
"""

from __future__ import annotations

import datetime
import io
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone
from stdnum import luhn

from candidates.models import Candidate
from companies.models import Company, CompanyContact
from mentoring.models import Introduction, Meeting, Mentor, Mentorship, Outcome
from nqt.core.models import Department, JobFamily, Language, Region, Sector, User


@dataclass(frozen=True)
class Scale:
    candidates: int = 100_000
    mentors: int = 15_000
    companies: int = 800
    mentorships: int = 60_000
    meetings: int = 300_000


def siren(number: int) -> str:
    body = f"{number:08d}"
    return body + luhn.calc_check_digit(body)


def _text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _column_text(value, n: int):
    """COPY text for one column: a NumPy array converted in bulk, or one repeated value."""
    if isinstance(value, np.ndarray):
        if value.dtype == bool:
            return np.where(value, "t", "f")
        if np.issubdtype(value.dtype, np.datetime64):
            # Naive datetimes are UTC; NaT is NULL.
            if np.datetime_data(value.dtype)[0] == "D":
                text = np.datetime_as_string(value, unit="D")
            else:
                text = np.char.add(np.datetime_as_string(value, unit="us"), "+00:00")
            return np.where(np.isnat(value), r"\N", text)
        if value.dtype == object:
            return [_text(item) for item in value]
        return value.astype(str)
    return itertools.repeat(_text(value), n)


def copy_columns(model: type[models.Model], n: int, values: dict) -> int:
    """COPY ``n`` rows given column by column (arrays of length n or single values)."""
    fields = list(model._meta.concrete_fields)
    columns = []
    for field in fields:
        if field.attname in values:
            value = values[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.has_default():
            default = field.get_default()
            value = default() if callable(default) else default
        elif field.null:
            value = None
        else:
            value = ""
        columns.append(_column_text(value, n))
    buffer = io.StringIO()
    buffer.write("\n".join(map("\t".join, zip(*columns, strict=False))))
    buffer.write("\n")
    buffer.seek(0)
    names = ", ".join(f'"{field.column}"' for field in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN', buffer)
    return n


def copy_links(through: type[models.Model], left: str, right: str, pairs: np.ndarray) -> int:
    """COPY many-to-many rows (their ids come from the table's sequence)."""
    buffer = io.StringIO("\n".join(f"{a}\t{b}" for a, b in pairs.tolist()) + "\n")
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f'COPY "{through._meta.db_table}" ("{left}", "{right}") FROM STDIN', buffer
        )
    return len(pairs)


def reset_sequences(*tables_models: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for model in tables_models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )


METROPOLITAN = ("84", "27", "53", "24", "94", "44", "32", "11", "28", "75", "76", "52", "93")
JOB_CONTRACTS = ("cdi", "cdd_long", "cdd_short", "interim", "business_creation", "none")
JOB_CONTRACT_SHARES = (0.45, 0.2, 0.1, 0.05, 0.05, 0.15)


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def _us(moments: np.ndarray) -> np.ndarray:
    return moments.astype("datetime64[us]")


@transaction.atomic
def generate(scale: Scale = Scale(), *, seed: int = 2006, progress: Callable[[str], None] = print):
    """Write a national data set: users, companies, mentors with their profile links,
    candidates, mentorships (a quarter of them active), outcomes, meetings, introductions."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    now = np.datetime64(timezone.now().replace(tzinfo=None), "us")
    day = np.timedelta64(1, "D")
    regions = np.array(Region.objects.filter(code__in=METROPOLITAN).values_list("pk", flat=True))
    department_rows = list(
        Department.objects.filter(region__in=regions.tolist()).values_list("pk", "region_id")
    )
    department_ids = np.array([pk for pk, _ in department_rows])
    department_region = np.array([region for _, region in department_rows])
    sectors = np.array(list(Sector.objects.values_list("pk", flat=True)))
    families = np.array(list(JobFamily.objects.values_list("pk", flat=True)))
    languages = np.array(list(Language.objects.values_list("pk", flat=True)))

    def log(stage: str, count: int) -> None:
        progress(f"  {stage:<22} {count:>9,} rows  ({time.perf_counter() - started:5.1f} s)")

    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign key triggers
        # (this needs a superuser, as the test database's owner is here).
        cursor.execute("SET LOCAL session_replication_role = replica")

    n_c, n_m, n_co, n_ms = scale.candidates, scale.mentors, scale.companies, scale.mentorships

    # Users: candidates, then mentors, then company contacts.
    first_user = _next_id(User)
    user_ids = np.arange(first_user, first_user + n_c + n_m + n_co)
    log(
        "users",
        copy_columns(
            User,
            len(user_ids),
            {
                "id": user_ids,
                "password": "!",
                "date_joined": now,
                "email": np.char.add(
                    np.char.add("bench", user_ids.astype(str)), "@bench.example.org"
                ),
                "first_name": "Prénom",
                "last_name": np.char.add("Nom", user_ids.astype(str)),
                "is_active": True,
            },
        ),
    )

    # Companies, each with one contact.
    first_company = _next_id(Company)
    company_ids = np.arange(first_company, first_company + n_co)
    company_region = rng.choice(regions, size=n_co)
    log(
        "companies",
        copy_columns(
            Company,
            n_co,
            {
                "id": company_ids,
                "name": np.char.add("Entreprise ", company_ids.astype(str)),
                "siren": np.array([siren(int(pk)) for pk in company_ids]),
                "sector_id": rng.choice(sectors, size=n_co),
                "size": "large",
                "region_id": company_region,
                "partnership_status": "active",
                "agreement_start": datetime.date(2010, 1, 1),
            },
        ),
    )
    log(
        "company contacts",
        copy_columns(
            CompanyContact,
            n_co,
            {
                "id": np.arange(_next_id(CompanyContact), _next_id(CompanyContact) + n_co),
                "user_id": user_ids[n_c + n_m :],
                "company_id": company_ids,
                "role": "hr",
            },
        ),
    )

    # Mentors and their profile links.
    first_mentor = _next_id(Mentor)
    mentor_ids = np.arange(first_mentor, first_mentor + n_m)
    mentor_company = rng.integers(0, n_co, size=n_m)
    mentor_region = company_region[mentor_company]
    mentor_capacity = rng.choice([1, 2, 2, 2, 3], size=n_m)
    log(
        "mentors",
        copy_columns(
            Mentor,
            n_m,
            {
                "id": mentor_ids,
                "user_id": user_ids[n_c : n_c + n_m],
                "company_id": company_ids[mentor_company],
                "region_id": mentor_region,
                "status": "active",
                "job_title": "Cadre",
                "function_id": rng.choice(families, size=n_m),
                "years_of_experience": rng.integers(8, 35, size=n_m),
                "has_business_experience": rng.random(n_m) < 0.2,
                "remote": rng.random(n_m) < 0.25,
                "capacity": mentor_capacity,
                "activated_at": now,
                "charter_signed_at": now,
            },
        ),
    )
    served = []
    for region in regions:
        local = department_ids[department_region == region]
        in_region = mentor_ids[mentor_region == region]
        for _ in range(min(3, len(local))):
            served.append(np.stack([in_region, rng.choice(local, size=len(in_region))], axis=1))
    served = np.unique(np.concatenate(served), axis=0)
    log(
        "mentor departments",
        copy_links(Mentor.departments.through, "mentor_id", "department_id", served),
    )

    def two_each(owners: np.ndarray, pool: np.ndarray) -> np.ndarray:
        first = rng.choice(pool, size=len(owners))
        second = (first + rng.integers(1, len(pool), size=len(owners))) % (pool.max() + 1)
        second = np.where(np.isin(second, pool), second, pool[0])
        pairs = np.concatenate([np.stack([owners, first], 1), np.stack([owners, second], 1)])
        return np.unique(pairs, axis=0)

    log(
        "mentor sectors",
        copy_links(Mentor.sectors.through, "mentor_id", "sector_id", two_each(mentor_ids, sectors)),
    )
    log(
        "mentor expertise",
        copy_links(
            Mentor.expertise.through, "mentor_id", "jobfamily_id", two_each(mentor_ids, families)
        ),
    )
    log(
        "mentor languages",
        copy_links(
            Mentor.languages.through, "mentor_id", "language_id", two_each(mentor_ids, languages)
        ),
    )

    # Candidates: the first ``n_ms`` have had a mentorship, a quarter of those still running.
    first_candidate = _next_id(Candidate)
    candidate_ids = np.arange(first_candidate, first_candidate + n_c)
    mentored = np.arange(n_c) < n_ms
    active = mentored & (rng.random(n_c) < 0.25)
    waiting = rng.choice(
        np.array(["draft", "submitted", "eligible", "ineligible", "incomplete"]), size=n_c
    )
    status = np.where(active, "in_mentorship", np.where(mentored, "placed", waiting))
    # Mentorships start over 20 years; running ones in the last six months.
    start = now - rng.integers(190, 20 * 365, size=n_c) * day
    start = np.where(active, now - rng.integers(1, 180, size=n_c) * day, start)
    validated = start - rng.integers(3, 40, size=n_c) * day
    submitted = validated - rng.integers(1, 20, size=n_c) * day
    created = submitted - rng.integers(1, 30, size=n_c) * day
    is_draft = status == "draft"
    decided = ~np.isin(status, ["draft", "submitted"])
    has_validation = np.isin(status, ["eligible", "in_mentorship", "placed"])
    nat = np.datetime64("NaT", "us")
    department_index = rng.integers(0, len(department_ids), size=n_c)
    candidate_department = department_ids[department_index]
    log(
        "candidates",
        copy_columns(
            Candidate,
            n_c,
            {
                "id": candidate_ids,
                "user_id": user_ids[:n_c],
                "status": status,
                "birth_date": datetime.date(1998, 5, 17),
                "postcode": "00000",
                "city": "Ville",
                "department_id": candidate_department,
                "diploma_level": 5,
                "field_of_study_id": rng.choice(families, size=n_c),
                "target_job_family_id": rng.choice(families, size=n_c),
                "project_type": "job",
                "qpv": rng.random(n_c) < 0.7,
                "zrr": rng.random(n_c) < 0.1,
                "boursier": rng.random(n_c) < 0.5,
                "rsa": rng.random(n_c) < 0.1,
                "created_at": _us(created),
                "last_activity_at": now,
                "submitted_at": np.where(is_draft, nat, _us(submitted)),
                "decided_at": np.where(decided, _us(validated), nat),
                "validated_at": np.where(has_validation, _us(validated), nat),
                "queued_at": np.where(has_validation, _us(validated), nat),
                "decision_reason": np.where(status == "ineligible", "Critères non remplis", ""),
            },
        ),
    )
    log(
        "candidate sectors",
        copy_links(
            Candidate.target_sectors.through,
            "candidate_id",
            "sector_id",
            two_each(candidate_ids, sectors),
        ),
    )

    # Mentorships: active ones fill mentors' free places, ended ones any mentor.
    places = np.repeat(mentor_ids, mentor_capacity)
    rng.shuffle(places)
    mentor_of = rng.choice(mentor_ids, size=n_ms)
    running = active[:n_ms]
    mentor_of[running] = places[: running.sum()]
    first_mentorship = _next_id(Mentorship)
    mentorship_ids = np.arange(first_mentorship, first_mentorship + n_ms)
    ms_start = start[:n_ms]
    ended = ms_start + rng.integers(60, 240, size=n_ms) * day
    log(
        "mentorships",
        copy_columns(
            Mentorship,
            n_ms,
            {
                "id": mentorship_ids,
                "candidate_id": candidate_ids[:n_ms],
                # COPY skips Mentorship.save: write the candidate's region as it would.
                "region_id": department_region[department_index[:n_ms]],
                "mentor_id": mentor_of,
                "status": np.where(
                    running, "active", np.where(rng.random(n_ms) < 0.85, "completed", "interrupted")
                ),
                "created_at": _us(ms_start - 5 * day),
                "proposed_at": _us(ms_start - 5 * day),
                "answered_at": _us(ms_start),
                "started_at": _us(ms_start),
                # The time to match counts from the candidate's wait (their validation here).
                "queued_at": np.where(has_validation[:n_ms], _us(validated[:n_ms]), nat),
                "ended_at": np.where(running, nat, _us(ended)),
                "end_reason": np.where(running, "", "job_found"),
            },
        ),
    )
    closed = mentorship_ids[~running]
    contract = rng.choice(np.array(JOB_CONTRACTS), size=len(closed), p=JOB_CONTRACT_SHARES)
    job_start = (ended[~running] - 10 * day).astype("datetime64[D]")
    log(
        "outcomes",
        copy_columns(
            Outcome,
            len(closed),
            {
                "id": np.arange(_next_id(Outcome), _next_id(Outcome) + len(closed)),
                "mentorship_id": closed,
                "contract_type": contract,
                "start_date": np.where(contract == "none", np.datetime64("NaT", "D"), job_start),
                "at_level": rng.random(len(closed)) < 0.8,
                "declared_at": _us(ended[~running]),
            },
        ),
    )

    # Meetings: spread over the mentorships, within their first six months.
    n_meet = scale.meetings
    meeting_of = rng.integers(0, n_ms, size=n_meet)
    meeting_day = np.minimum(
        (ms_start[meeting_of] + rng.integers(0, 170, size=n_meet) * day).astype("datetime64[D]"),
        np.datetime64(timezone.localdate(), "D"),
    )
    log(
        "meetings",
        copy_columns(
            Meeting,
            n_meet,
            {
                "id": np.arange(_next_id(Meeting), _next_id(Meeting) + n_meet),
                "mentorship_id": mentorship_ids[meeting_of],
                "date": meeting_day,
                "duration_minutes": rng.choice([30, 45, 60, 60, 90, 120], size=n_meet),
                "mode": rng.choice(np.array(["in_person", "video", "phone"]), size=n_meet),
                "topics": '["cv"]',
                "logged_by_id": None,
            },
        ),
    )
    with connection.cursor() as cursor:  # the latest meeting date the follow-up keeps
        cursor.execute(
            f'UPDATE "{Mentorship._meta.db_table}" m SET last_meeting_on = l.latest FROM '  # noqa: S608
            f'(SELECT mentorship_id, MAX(date) AS latest FROM "{Meeting._meta.db_table}" '
            "GROUP BY mentorship_id) l WHERE l.mentorship_id = m.id"
        )
    n_intro = n_ms // 2
    intro_of = rng.integers(0, n_ms, size=n_intro)
    log(
        "introductions",
        copy_columns(
            Introduction,
            n_intro,
            {
                "id": np.arange(_next_id(Introduction), _next_id(Introduction) + n_intro),
                "mentorship_id": mentorship_ids[intro_of],
                "date": np.minimum(
                    (ms_start[intro_of] + rng.integers(0, 150, size=n_intro) * day).astype(
                        "datetime64[D]"
                    ),
                    np.datetime64(timezone.localdate(), "D"),
                ),
                "contact_company": "Entreprise du réseau",
                "contact_role": "Responsable",
                "result": rng.choice(np.array(["nothing_yet", "interview", "offer"]), size=n_intro),
            },
        ),
    )
    reset_sequences(
        User,
        Company,
        CompanyContact,
        Mentor,
        Candidate,
        Mentorship,
        Outcome,
        Meeting,
        Introduction,
        Mentor.departments.through,
        Mentor.sectors.through,
        Mentor.expertise.through,
        Mentor.languages.through,
        Candidate.target_sectors.through,
    )
    progress(f"  national data written in {time.perf_counter() - started:.1f} s")


def vacuum() -> None:
    """What autovacuum does on a live database: statistics and the visibility map (which
    index-only scans rely on). It cannot run inside a transaction. Then a checkpoint, so that
    writing the new rows to disk does not run in the background of the measures."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
