# ruff: noqa: S608 - table names come from the models' metadata and every value is a query
# parameter; only numbers computed here (weights, counts) are formatted into the text.
"""Rank mentors for one candidate in a single SQL query (DESIGN §6).

Hard filters first — mentor active and not paused, a place left, serving the candidate's
department or mentoring remotely, never having declined (nor already being asked for) this
candidate. The inner query computes each criterion's value with uncorrelated ``IN``
subqueries (which PostgreSQL hashes) and the outer query orders by the weighted score, so the
database returns only the top rows, each with every criterion's value for the explanation.
The SQL is portable: the embedded SQLite default runs it too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from candidates.models import Candidate

from .. import rules
from ..models import Mentor, Mentorship
from .criteria import (
    CODES,
    FUNCTION_EXACT,
    FUNCTION_EXPERTISE,
    GEOGRAPHY_REMOTE,
    GEOGRAPHY_SAME_DEPARTMENT,
    GEOGRAPHY_SAME_REGION,
    CandidateProfile,
    Contribution,
    applicable_weights,
    explain,
)
from .profiles import candidate_profiles


@dataclass(frozen=True)
class RankedMentor:
    mentor_id: int
    score: float
    values: dict[str, float]
    contributions: list[Contribution]


@dataclass
class _Sql:
    """SQL text and its parameters, appended in textual order."""

    parts: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, text: str, *params) -> _Sql:
        self.parts.append(text)
        self.params.extend(params)
        return self

    def text(self) -> str:
        return "".join(self.parts)


def _f(number: float) -> str:
    """A float literal: PostgreSQL would otherwise compute in (slow) numeric."""
    return f"CAST({number} AS DOUBLE PRECISION)"


ONE, ZERO = _f(1.0), _f(0.0)


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _tables() -> dict[str, str]:
    return {
        "mentor": Mentor._meta.db_table,
        "mentorship": Mentorship._meta.db_table,
        "sectors": Mentor.sectors.through._meta.db_table,
        "departments": Mentor.departments.through._meta.db_table,
        "expertise": Mentor.expertise.through._meta.db_table,
        "languages": Mentor.languages.through._meta.db_table,
    }


def ranking_sql(
    profile: CandidateProfile,
    *,
    today: datetime.date,
    limit: int,
    mentor_ids: list[int] | None = None,
) -> tuple[str, list]:
    """The ranking query and its parameters (exposed for EXPLAIN in the benchmark)."""
    t = _tables()
    q = _Sql()

    def member(table: str, column: str, ids) -> None:
        q.add(f"m.id IN (SELECT mentor_id FROM {table} WHERE {column} IN ({_marks(ids)}))", *ids)

    q.add("SELECT m.id,\n  ")
    # sector
    if profile.sector_ids:
        q.add("CASE WHEN ")
        member(t["sectors"], "sector_id", sorted(profile.sector_ids))
        q.add(f" THEN {ONE} ELSE {ZERO} END")
    else:
        q.add(ZERO)
    q.add(" AS sector,\n  ")
    # function
    if profile.target_family_id is not None:
        q.add(
            f"CASE WHEN m.function_id = %s THEN {_f(FUNCTION_EXACT)} WHEN ",
            profile.target_family_id,
        )
        member(t["expertise"], "jobfamily_id", [profile.target_family_id])
        q.add(f" THEN {_f(FUNCTION_EXPERTISE)} ELSE {ZERO} END")
    else:
        q.add(ZERO)
    q.add(" AS function,\n  ")
    # geography
    q.add("CASE WHEN ")
    member(t["departments"], "department_id", [profile.department_id])
    q.add(
        f" THEN {_f(GEOGRAPHY_SAME_DEPARTMENT)} WHEN m.region_id = %s "
        f"THEN {_f(GEOGRAPHY_SAME_REGION)} ELSE {_f(GEOGRAPHY_REMOTE)} END AS geography,\n  ",
        profile.region_id,
    )
    # field of study
    if profile.field_id is not None:
        q.add("CASE WHEN m.function_id = %s OR ", profile.field_id)
        member(t["expertise"], "jobfamily_id", [profile.field_id])
        q.add(f" THEN {ONE} ELSE {ZERO} END")
    else:
        q.add(ZERO)
    q.add(" AS field_of_study,\n  ")
    q.add(f"CASE WHEN m.has_business_experience THEN {ONE} ELSE {ZERO} END AS business,\n  ")
    if profile.language_ids:
        q.add(f"COALESCE(lang.shared, 0) * {ONE} / {len(profile.language_ids)}")
    else:
        q.add(ZERO)
    q.add(" AS languages,\n  ")
    q.add(f"{ONE} - COALESCE(busy.places, 0) * {ONE} / m.capacity AS load,\n  ")
    q.add(f"{_f(profile.waiting)} AS waiting\n")

    # The mentors who may mentor this candidate (the pool, a WITH clause read twice): available
    # (``rules.available_sql``), and mentoring remotely or serving the candidate's department
    # (``rules.serves``). Two branches
    # rather than an OR, so that each reads only its own mentors (the remote ones through
    # mentor_remote_pool_idx, the others through the department's links) instead of every
    # mentor of the country; and the places taken are counted for the pool's mentors only.
    available, available_params = rules.available_sql("m", today)
    columns = "m.id, m.function_id, m.region_id, m.has_business_experience, m.capacity"
    pool = _Sql().add(
        f"WITH pool AS (SELECT {columns} FROM {t['mentor']} m WHERE m.remote AND {available}\n"
        f"  UNION ALL SELECT {columns} FROM {t['mentor']} m\n"
        f"  JOIN {t['departments']} d ON d.mentor_id = m.id AND d.department_id = %s\n"
        f"  WHERE NOT m.remote AND {available})\n",
        *available_params,
        profile.department_id,
        *available_params,
    )
    q.add("FROM pool m\n")
    q.add(
        f"LEFT JOIN (SELECT b.mentor_id, COUNT(*) AS places FROM {t['mentorship']} b "
        "JOIN pool p ON p.id = b.mentor_id "
        f"WHERE b.status IN ({_marks(rules.PLACE_STATUSES)}) GROUP BY b.mentor_id) busy "
        "ON busy.mentor_id = m.id\n",
        *rules.PLACE_STATUSES,
    )
    if profile.language_ids:
        ids = sorted(profile.language_ids)
        q.add(
            f"LEFT JOIN (SELECT mentor_id, COUNT(*) AS shared FROM {t['languages']} "
            f"WHERE language_id IN ({_marks(ids)}) GROUP BY mentor_id) lang "
            "ON lang.mentor_id = m.id\n",
            *ids,
        )
    q.add(
        "WHERE COALESCE(busy.places, 0) < m.capacity\n"  # rules.has_room
        f"  AND m.id NOT IN (SELECT mentor_id FROM {t['mentorship']} WHERE candidate_id = %s "
        f"AND status IN ({_marks(rules.EXCLUDING_STATUSES)}))",
        profile.candidate_id,
        *rules.EXCLUDING_STATUSES,
    )
    if mentor_ids is not None:
        q.add(f"\n  AND m.id IN ({_marks(mentor_ids) or 'NULL'})", *mentor_ids)

    weight = applicable_weights(profile)
    total = sum(weight.values()) or 1.0
    score = " + ".join(
        f"{_f(round(100 * weight[code] / total, 9))} * c.{code}" for code in CODES if weight[code]
    )
    inner = q.text()
    # OFFSET 0 keeps the inner query a separate step, so each criterion is computed once per
    # mentor and not again inside the score (SQLite takes an OFFSET only after a LIMIT).
    fence = "LIMIT -1 OFFSET 0" if connection.vendor == "sqlite" else "OFFSET 0"
    sql = (
        f"{pool.text()}SELECT c.*, ({score}) AS score FROM (\n{inner}\n{fence}) c\n"
        "ORDER BY score DESC, c.id\nLIMIT %s"
    )
    return sql, [*pool.params, *q.params, limit]


def rank_mentors(
    candidate: Candidate,
    *,
    limit: int = 10,
    today: datetime.date | None = None,
    mentor_ids: list[int] | None = None,
) -> list[RankedMentor]:
    """The best mentors for ``candidate``, best first, each with its explanation.

    ``mentor_ids`` restricts the ranking to these mentors (scoring one chosen pair: a mentor
    that fails a hard filter is simply absent).
    """
    today = today or timezone.localdate()
    if candidate.department_id is None:
        return []
    [profile] = candidate_profiles([candidate], today=today)
    sql, params = ranking_sql(profile, today=today, limit=limit, mentor_ids=mentor_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    weight = applicable_weights(profile)
    ranked = []
    for row in rows:
        values = {code: float(row[code]) for code in CODES}
        ranked.append(
            RankedMentor(
                mentor_id=row["id"],
                score=round(float(row["score"]), 1),
                values=values,
                contributions=explain(values, weight),
            )
        )
    return ranked
