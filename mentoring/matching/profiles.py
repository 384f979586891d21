"""Read a candidate's matching profile, and the mentors' load, in a bounded number of queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from candidates.models import Candidate
from nqt.core.models import Language

from .. import rules
from .criteria import FRENCH, CandidateProfile


def waiting_share(
    queued_at: datetime.datetime | None, today: datetime.date, tz: datetime.tzinfo
) -> float:
    """Days waited since the candidate entered the queue (``Candidate.queued_at``: found
    eligible, or back after an interruption), as a share of the promised delay (capped at 1)."""
    if queued_at is None:
        return 0.0
    waited = (today - queued_at.astimezone(tz).date()).days
    return max(0.0, min(1.0, waited / rules.promise_days()))


def french_language_id() -> int | None:
    return Language.objects.filter(code=FRENCH).values_list("pk", flat=True).first()


def _links_sql(ids: list[int]) -> tuple[str, list]:
    """The candidates' target sectors and non-French languages, as (kind, candidate, id)
    rows. Table and column names come from the models' metadata; every value is a parameter.
    """
    sectors = Candidate.target_sectors.through._meta
    languages = Candidate.languages.through._meta
    columns = {
        "sector_candidate": sectors.get_field("candidate").column,
        "sector": sectors.get_field("sector").column,
        "language_candidate": languages.get_field("candidate").column,
        "language": languages.get_field("language").column,
    }
    marks = ", ".join(["%s"] * len(ids))
    sql = (  # noqa: S608 - names from the models' metadata, values as parameters
        "SELECT 'sector', s.{sector_candidate}, s.{sector} FROM {sectors} s "
        "WHERE s.{sector_candidate} IN ({marks}) "
        "UNION ALL SELECT 'language', l.{language_candidate}, l.{language} FROM {languages} l "
        "JOIN {language_table} g ON g.id = l.{language} "
        "WHERE l.{language_candidate} IN ({marks}) AND g.code <> %s"
    ).format(
        **columns,
        sectors=sectors.db_table,
        languages=languages.db_table,
        language_table=Language._meta.db_table,
        marks=marks,
    )
    return sql, [*ids, *ids, FRENCH]


def candidate_profiles(
    candidates: list[Candidate], *, today: datetime.date
) -> list[CandidateProfile]:
    """Profiles of ``candidates`` (with department loaded) in one query: their target
    sectors and their languages other than French, side by side (plain SQL: the ranking of
    one candidate runs it each time, and the ORM would take longer to write it than the
    database to answer)."""
    ids = [candidate.pk for candidate in candidates]
    sectors: dict[int, set[int]] = {pk: set() for pk in ids}
    languages: dict[int, set[int]] = {pk: set() for pk in ids}
    links = {"sector": sectors, "language": languages}
    tz = timezone.get_current_timezone()
    if ids:
        sql, params = _links_sql(ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, candidate_id, linked_id in cursor.fetchall():
                links[kind][candidate_id].add(linked_id)
    return [
        CandidateProfile(
            candidate_id=candidate.pk,
            department_id=candidate.department_id,
            region_id=candidate.region_id,
            sector_ids=frozenset(sectors[candidate.pk]),
            target_family_id=candidate.target_job_family_id,
            field_id=candidate.field_of_study_id,
            business_project=candidate.project_type == Candidate.ProjectType.BUSINESS_CREATION,
            language_ids=frozenset(languages[candidate.pk]),
            waiting=waiting_share(candidate.queued_at, today, tz),
        )
        for candidate in candidates
    ]
