"""Batch proposals for a region: score every candidate–mentor pair with NumPy, then solve the
assignment problem with SciPy (DESIGN §6).

The pool is the region's eligible candidates without a mentor or a pending proposal, and the
region's active mentors with a place left (remote mentors of other regions are reached through
each candidate's suggestions). Each mentor is expanded into one column per free place and
``scipy.optimize.linear_sum_assignment`` maximises the total score; pairs that break a hard
filter score 0, so the optimum never uses them (they are dropped as "no match").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q
from scipy.optimize import linear_sum_assignment

from candidates.models import Candidate
from nqt.core.models import Region

from .. import rules
from ..models import Mentor, Mentorship
from .criteria import (
    CODES,
    FUNCTION_EXACT,
    FUNCTION_EXPERTISE,
    GEOGRAPHY_REMOTE,
    GEOGRAPHY_SAME_DEPARTMENT,
    GEOGRAPHY_SAME_REGION,
    applicable_weights,
)
from .criteria import weights as weights_in_force
from .profiles import candidate_profiles, french_language_id


@dataclass(frozen=True)
class DraftPair:
    candidate_id: int
    mentor_id: int
    score: float
    values: dict[str, float]  # each criterion's value, 0..1
    points: dict[str, float]  # each criterion's share of the score, out of 100

    def as_dict(self) -> dict:
        return {
            "candidate_id": self.candidate_id,
            "mentor_id": self.mentor_id,
            "score": self.score,
            "criteria": {code: round(points, 1) for code, points in self.points.items()},
        }


class _Index:
    """Dense positions for database ids (sectors, departments...)."""

    def __init__(self) -> None:
        self.positions: dict[int, int] = {}

    def __call__(self, pk: int | None) -> int:
        if pk is None:
            return -1
        return self.positions.setdefault(pk, len(self.positions))

    def __len__(self) -> int:
        return len(self.positions)


def _incidence(rows: int, pairs: list[tuple[int, int]], width: int) -> np.ndarray:
    matrix = np.zeros((rows, max(width, 1)), dtype=np.float32)
    if pairs:
        row, column = np.array(pairs, dtype=np.int64).T
        matrix[row, column] = 1.0
    return matrix


class Pool:
    """The candidates and mentors of one batch, as arrays the criteria are computed from."""

    def __init__(
        self, candidates: list[Candidate], mentors: list[Mentor], *, today: datetime.date
    ) -> None:
        self.candidates = candidates
        self.mentors = mentors
        n, m = len(candidates), len(mentors)
        profiles = candidate_profiles(candidates, today=today)
        weight_by_code = weights_in_force()
        self.candidate_ids = np.array([p.candidate_id for p in profiles], dtype=np.int64)
        self.mentor_ids = np.array([mentor.pk for mentor in mentors], dtype=np.int64)
        mentor_position = {pk: i for i, pk in enumerate(self.mentor_ids.tolist())}
        candidate_position = {pk: i for i, pk in enumerate(self.candidate_ids.tolist())}

        sectors, departments, families, languages = _Index(), _Index(), _Index(), _Index()
        # Candidates.
        self.c_department = np.array([departments(p.department_id) for p in profiles])
        self.c_region = np.array([p.region_id or -1 for p in profiles])
        self.c_family = np.array([families(p.target_family_id) for p in profiles])
        self.c_field = np.array([families(p.field_id) for p in profiles])
        self.c_business = np.array([p.business_project for p in profiles], dtype=bool)
        self.c_waiting = np.array([p.waiting for p in profiles], dtype=np.float64)
        c_sector_pairs = [(i, sectors(s)) for i, p in enumerate(profiles) for s in p.sector_ids]
        c_language_pairs = [
            (i, languages(lang)) for i, p in enumerate(profiles) for lang in p.language_ids
        ]
        weights = np.array(
            [list(applicable_weights(p, weight_by_code).values()) for p in profiles],
            dtype=np.float64,
        ).reshape(n, len(CODES))
        totals = weights.sum(axis=1, keepdims=True)
        self.weights = 100 * weights / np.where(totals == 0, 1, totals)

        # Mentors: their profile links in one query per relation.
        ids = self.mentor_ids.tolist()
        self.m_region = np.array([mentor.region_id for mentor in mentors])
        self.m_remote = np.array([mentor.remote for mentor in mentors], dtype=bool)
        self.m_business = np.array([mentor.has_business_experience for mentor in mentors], bool)
        self.m_function = np.array([families(mentor.function_id) for mentor in mentors])
        self.m_capacity = np.array([mentor.capacity for mentor in mentors], dtype=np.float64)
        self.m_load = np.array([mentor.load for mentor in mentors], dtype=np.float64)

        def links(relation, column: str, index: _Index, exclude=None):
            through = relation.through.objects.filter(mentor_id__in=ids)
            if exclude is not None:
                through = through.exclude(**{column: exclude})
            return [
                (mentor_position[mentor_id], index(other))
                for mentor_id, other in through.values_list("mentor_id", column)
            ]

        m_sector_pairs = links(Mentor.sectors, "sector_id", sectors)
        m_department_pairs = links(Mentor.departments, "department_id", departments)
        m_expertise_pairs = links(Mentor.expertise, "jobfamily_id", families)
        m_language_pairs = links(
            Mentor.languages, "language_id", languages, exclude=french_language_id()
        )

        self.c_sector = _incidence(n, c_sector_pairs, len(sectors))
        self.m_sector = _incidence(m, m_sector_pairs, len(sectors))
        self.m_department = _incidence(m, m_department_pairs, len(departments)).astype(bool)
        self.m_expertise = _incidence(m, m_expertise_pairs, len(families)).astype(bool)
        self.c_language = _incidence(n, c_language_pairs, len(languages))
        self.m_language = _incidence(m, m_language_pairs, len(languages))
        self.c_language_count = self.c_language.sum(axis=1)

        # Pairs excluded by history: declined before, already asked or paired.
        self.excluded = np.zeros((n, m), dtype=bool)
        for candidate_id, mentor_id in Mentorship.objects.filter(
            candidate_id__in=self.candidate_ids.tolist(),
            mentor_id__in=ids,
            status__in=rules.EXCLUDING_STATUSES,
        ).values_list("candidate_id", "mentor_id"):
            self.excluded[candidate_position[candidate_id], mentor_position[mentor_id]] = True

    # --- Criteria ----------------------------------------------------------------------------
    # ``rows`` and ``columns`` are index arrays that broadcast together: either the full grid
    # (``grid=True``: rows of shape (n, 1), columns of shape (1, m)) or chosen pairs.

    def _pick(self, matrix: np.ndarray, rows, columns, lookup) -> np.ndarray:
        """``matrix[column, lookup[row]]``, False where ``lookup`` is -1 (no value)."""
        keys = lookup[rows]
        return np.where(keys < 0, False, matrix[columns, np.where(keys < 0, 0, keys)])

    def criterion(self, code: str, rows, columns, *, grid: bool = False) -> np.ndarray:
        if code == "sector":
            if grid:
                overlap = self.c_sector @ self.m_sector.T
            else:
                overlap = (self.c_sector[rows] * self.m_sector[columns]).sum(axis=-1)
            return (overlap > 0).astype(np.float64)
        if code == "languages":
            if grid:
                shared = self.c_language @ self.m_language.T
            else:
                shared = (self.c_language[rows] * self.m_language[columns]).sum(axis=-1)
            count = self.c_language_count[rows]
            return np.where(count > 0, shared / np.where(count == 0, 1, count), 0.0)
        if code == "function":
            family = self.c_family[rows]
            exact = (family >= 0) & (family == self.m_function[columns])
            expertise = self._pick(self.m_expertise, rows, columns, self.c_family)
            return np.where(exact, FUNCTION_EXACT, np.where(expertise, FUNCTION_EXPERTISE, 0.0))
        if code == "geography":
            same_department = self._pick(self.m_department, rows, columns, self.c_department)
            same_region = self.c_region[rows] == self.m_region[columns]
            return np.where(
                same_department,
                GEOGRAPHY_SAME_DEPARTMENT,
                np.where(same_region, GEOGRAPHY_SAME_REGION, GEOGRAPHY_REMOTE),
            )
        if code == "field_of_study":
            field = self.c_field[rows]
            exact = (field >= 0) & (field == self.m_function[columns])
            return (exact | self._pick(self.m_expertise, rows, columns, self.c_field)).astype(
                np.float64
            )
        if code == "business":
            return np.broadcast_to(
                self.m_business[columns], np.broadcast_shapes(np.shape(rows), np.shape(columns))
            ).astype(np.float64)
        if code == "load":
            return np.broadcast_to(
                1.0 - self.m_load[columns] / self.m_capacity[columns],
                np.broadcast_shapes(np.shape(rows), np.shape(columns)),
            )
        if code == "waiting":
            return np.broadcast_to(
                self.c_waiting[rows], np.broadcast_shapes(np.shape(rows), np.shape(columns))
            )
        raise ValueError(code)

    def values(self, rows: np.ndarray, columns: np.ndarray) -> dict[str, np.ndarray]:
        """Every criterion's value for the chosen pairs ``(rows[k], columns[k])``."""
        return {code: self.criterion(code, rows, columns) for code in CODES}

    def feasible(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        serves = self._pick(self.m_department, rows, columns, self.c_department)
        return (
            rules.serves(remote=self.m_remote[columns], serves_department=serves)
            & ~self.excluded[rows, columns]
        )

    def score_matrix(self) -> np.ndarray:
        """Every pair's score, 0 where a hard filter fails; one criterion at a time, so memory
        stays at a few n×m arrays and no pair is visited in Python."""
        n, m = len(self.candidate_ids), len(self.mentor_ids)
        rows, columns = np.arange(n)[:, None], np.arange(m)[None, :]
        scores = np.zeros((n, m), dtype=np.float64)
        for index, code in enumerate(CODES):
            weight = self.weights[:, index][:, None]
            if weight.any():
                scores += weight * self.criterion(code, rows, columns, grid=True)
        scores[~self.feasible(rows, columns)] = 0.0
        return scores


def solve(scores: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Maximise the total score: each row at most once, column j at most capacity[j] times.

    Pairs scoring 0 (a hard filter failed) are never returned.
    """
    if scores.size == 0 or capacity.sum() == 0:
        return []
    slots = np.repeat(np.arange(scores.shape[1]), capacity.astype(np.int64))
    expanded = scores[:, slots]
    rows, columns = linear_sum_assignment(expanded, maximize=True)
    chosen = expanded[rows, columns] > 0
    return list(zip(rows[chosen].tolist(), slots[columns[chosen]].tolist(), strict=True))


def region_pool(region: Region, *, today: datetime.date) -> Pool:
    """Eligible candidates of ``region`` waiting for a mentor, and its mentors with room."""
    candidates = list(
        Candidate.objects.filter(
            department__region=region,
            status=Candidate.Status.ELIGIBLE,
            anonymised_at__isnull=True,
        )
        .exclude(mentorships__status__in=[*rules.PLACE_STATUSES])
        .select_related("department")
        .order_by("queued_at", "pk")
    )
    mentors = [
        mentor
        for mentor in Mentor.objects.filter(rules.available_q(today), region=region)
        .annotate(load=Count("mentorships", filter=Q(mentorships__status__in=rules.PLACE_STATUSES)))
        .order_by("pk")
        if rules.has_room(mentor.capacity, mentor.load)
    ]
    return Pool(candidates, mentors, today=today)


def draft_pairs(pool: Pool) -> list[DraftPair]:
    """The optimal set of pairs for ``pool``, best score first."""
    scores = pool.score_matrix()
    free = pool.m_capacity - pool.m_load
    pairs = solve(scores, free)
    if not pairs:
        return []
    rows = np.array([row for row, _ in pairs])
    columns = np.array([column for _, column in pairs])
    values = pool.values(rows, columns)
    drafts = [
        DraftPair(
            candidate_id=int(pool.candidate_ids[row]),
            mentor_id=int(pool.mentor_ids[column]),
            score=round(float(scores[row, column]), 1),
            values={code: float(values[code][k]) for code in CODES},
            points={
                code: float(pool.weights[row, index] * values[code][k])
                for index, code in enumerate(CODES)
            },
        )
        for k, (row, column) in enumerate(pairs)
    ]
    return sorted(drafts, key=lambda pair: (-pair.score, pair.candidate_id))
