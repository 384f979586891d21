"""Batch proposals: the assignment is optimal (against brute force), never exceeds a mentor's
capacity, and scores pairs exactly as the single-candidate ranking does."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from django.utils import timezone

from candidates.models import Candidate
from mentoring.matching.batch import draft_pairs, region_pool, solve
from mentoring.matching.ranking import rank_mentors
from mentoring.models import Mentorship
from tests import factories


def brute_force_best_total(scores: np.ndarray, capacity: np.ndarray) -> float:
    """Try every way of giving each candidate one mentor or none."""
    n, m = scores.shape
    best = 0.0
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (used > capacity).any():
            continue
        if any(c >= 0 and scores[i, c] <= 0 for i, c in enumerate(choice)):
            continue
        best = max(best, sum(scores[i, c] for i, c in enumerate(choice) if c >= 0))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_solver_finds_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 6), rng.randint(1, 4)
    scores = np.array(
        [[rng.choice([0, 0, rng.uniform(1, 100)]) for _ in range(m)] for _ in range(n)]
    )
    capacity = np.array([rng.randint(0, 3) for _ in range(m)])
    pairs = solve(scores, capacity)
    total = sum(scores[i, j] for i, j in pairs)
    assert total == pytest.approx(brute_force_best_total(scores, capacity))
    assert len({i for i, _ in pairs}) == len(pairs)  # each candidate at most once
    used = np.bincount([j for _, j in pairs], minlength=m)
    assert (used <= capacity).all()
    assert all(scores[i, j] > 0 for i, j in pairs)


@pytest.mark.parametrize("seed", range(5))
def test_capacities_hold_on_larger_instances(seed):
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0, 100, size=(300, 120)) * (rng.random((300, 120)) < 0.3)
    capacity = rng.integers(0, 4, size=120)
    pairs = solve(scores, capacity)
    used = np.bincount([j for _, j in pairs], minlength=120)
    assert (used <= capacity).all()
    assert len({i for i, _ in pairs}) == len(pairs)


@pytest.mark.django_db
def test_region_batch_matches_the_ranking_scores_and_respects_capacity():
    rng = random.Random(7)
    departments = [factories.department(code) for code in ("67", "68", "57")]
    sectors = [factories.sector(code) for code in ("banking-insurance", "industry", "it-digital")]
    families = [factories.job_family(code) for code in ("finance", "it", "marketing")]
    mentors = []
    for _ in range(8):
        mentor = factories.MentorFactory(
            capacity=rng.randint(1, 2),
            function=rng.choice(families),
            remote=rng.random() < 0.3,
            has_business_experience=rng.random() < 0.5,
            sectors=rng.sample(sectors, rng.randint(1, 2)),
            departments=rng.sample(departments, rng.randint(1, 2)),
        )
        mentor.expertise.set(rng.sample(families, rng.randint(0, 2)))
        mentors.append(mentor)
    factories.MentorshipFactory(mentor=mentors[0])  # one place already taken
    candidates = []
    for index in range(12):
        department = rng.choice(departments)
        candidate = factories.EligibleCandidateFactory(
            department=department,
            target_job_family=rng.choice(families),
            field_of_study=rng.choice(families),
            project_type=rng.choice(list(Candidate.ProjectType)),
            sectors=rng.sample(sectors, rng.randint(0, 2)),
            validated_at=timezone.now() - timezone.timedelta(days=index),
        )
        candidates.append(candidate)
    declined = Mentorship.objects.create(
        candidate=candidates[0], mentor=mentors[1], status=Mentorship.Status.DECLINED
    )

    pool = region_pool(factories.region(), today=timezone.localdate())
    scores = pool.score_matrix()
    # The vectorised scores are the ranking's scores, pair by pair.
    for row, candidate in enumerate(pool.candidates):
        ranked = {r.mentor_id: r.score for r in rank_mentors(candidate, limit=100)}
        for column, mentor_id in enumerate(pool.mentor_ids.tolist()):
            if mentor_id in ranked:
                assert scores[row, column] == pytest.approx(ranked[mentor_id], abs=0.051)
            else:
                assert scores[row, column] == 0.0

    drafts = draft_pairs(pool)
    assert drafts
    load = {mentor.pk: mentor.mentorships.filter(status="active").count() for mentor in mentors}
    for mentor in mentors:
        taken = sum(1 for pair in drafts if pair.mentor_id == mentor.pk)
        assert load[mentor.pk] + taken <= mentor.capacity
    assert len({pair.candidate_id for pair in drafts}) == len(drafts)
    assert (declined.candidate_id, declined.mentor_id) not in {
        (pair.candidate_id, pair.mentor_id) for pair in drafts
    }
    assert set(drafts[0].as_dict()) == {"candidate_id", "mentor_id", "score", "criteria"}
