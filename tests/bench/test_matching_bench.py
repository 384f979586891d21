"""Matching at national scale: ranking one candidate against 15 000 mentors, and batch
proposals for a region of 2 000 candidates and 1 500 mentors of capacity 2 (issue: matching)."""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np
import pytest
from django.utils import timezone

from candidates.models import Candidate
from companies.models import Company
from mentoring.matching.batch import draft_pairs, region_pool
from mentoring.matching.ranking import rank_mentors
from mentoring.models import Mentor
from nqt.core.models import Department, JobFamily, Region, Sector, User
from tests.bench import national
from tests.bench.conftest import measure, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_ranking_one_candidate_against_15000_mentors(
    national_data, trivial_view, django_db_blocker
):
    with django_db_blocker.unblock():
        assert Mentor.objects.count() >= 15_000
        candidate = (
            Candidate.objects.filter(status=Candidate.Status.ELIGIBLE)
            .select_related("department")
            .first()
        )
        figures = measure(lambda: rank_mentors(candidate), repeat=50)
    report("rank 15 000 mentors for one candidate", figures, baseline=trivial_view)
    assert figures["queries"] <= 2


def test_batch_for_a_region_of_2000_candidates_and_1500_mentors(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        region = Region.objects.get(slug="la-reunion")
        generate_region(region, Department.objects.get(code="974"), candidates=2000, mentors=1500)
        today = timezone.localdate()
        phases = {"load": [], "score+solve": []}
        for _ in range(4):  # the first run warms imports and caches
            started = time.perf_counter()
            pool = region_pool(region, today=today)
            loaded = time.perf_counter()
            pairs = draft_pairs(pool)
            phases["load"].append((loaded - started) * 1000)
            phases["score+solve"].append((time.perf_counter() - loaded) * 1000)
        # Memory in a separate run: tracing allocations slows everything down.
        tracemalloc.start()
        draft_pairs(region_pool(region, today=today))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    load = statistics.median(phases["load"][1:])
    solve = statistics.median(phases["score+solve"][1:])
    report(
        "batch: 2 000 candidates × 1 500 mentors (cap. 2)",
        {
            "median_ms": load + solve,
            "p95_ms": max(
                a + b for a, b in zip(phases["load"][1:], phases["score+solve"][1:], strict=True)
            ),
            "load": f"{load:.0f} ms",
            "score+solve": f"{solve:.0f} ms",
            "pairs": len(pairs),
            "peak memory": f"{peak / 2**20:.0f} MB",
        },
    )
    assert len(pairs) == 2000


def generate_region(region, department, *, candidates: int, mentors: int) -> None:
    """Eligible candidates and free mentors (capacity 2) in one department, by COPY."""
    rng = np.random.default_rng(974)
    now = timezone.now()
    sectors = np.array(list(Sector.objects.values_list("pk", flat=True)))
    families = np.array(list(JobFamily.objects.values_list("pk", flat=True)))
    users = np.arange(national._next_id(User), national._next_id(User) + candidates + mentors)
    national.copy_columns(
        User,
        len(users),
        {
            "id": users,
            "password": "!",
            "is_active": True,
            "email": np.char.add(np.char.add("reunion", users.astype(str)), "@bench.example.org"),
        },
    )
    company = Company.objects.create(
        name="Entreprise réunionnaise",
        siren=national.siren(99_999_998),
        sector_id=sectors[0],
        size="large",
        region=region,
        partnership_status="active",
    )
    mentor_ids = np.arange(national._next_id(Mentor), national._next_id(Mentor) + mentors)
    national.copy_columns(
        Mentor,
        mentors,
        {
            "id": mentor_ids,
            "user_id": users[candidates:],
            "company_id": company.pk,
            "region_id": region.pk,
            "status": "active",
            "job_title": "Cadre",
            "function_id": rng.choice(families, size=mentors),
            "years_of_experience": 12,
            "has_business_experience": rng.random(mentors) < 0.2,
            "capacity": 2,
        },
    )
    national.copy_links(
        Mentor.departments.through,
        "mentor_id",
        "department_id",
        np.stack([mentor_ids, np.full(mentors, department.pk)], axis=1),
    )
    national.copy_links(
        Mentor.sectors.through,
        "mentor_id",
        "sector_id",
        np.stack([mentor_ids, rng.choice(sectors, size=mentors)], axis=1),
    )
    candidate_ids = np.arange(
        national._next_id(Candidate), national._next_id(Candidate) + candidates
    )
    validated = np.array(
        [now - timezone.timedelta(days=int(days)) for days in rng.integers(0, 30, size=candidates)],
        dtype=object,
    )
    national.copy_columns(
        Candidate,
        candidates,
        {
            "id": candidate_ids,
            "user_id": users[:candidates],
            "status": "eligible",
            "department_id": department.pk,
            "diploma_level": 5,
            "field_of_study_id": rng.choice(families, size=candidates),
            "target_job_family_id": rng.choice(families, size=candidates),
            "project_type": "job",
            "qpv": True,
            "submitted_at": now,
            "decided_at": now,
            "validated_at": validated,
            "queued_at": validated,
        },
    )
    national.copy_links(
        Candidate.target_sectors.through,
        "candidate_id",
        "sector_id",
        np.stack([candidate_ids, rng.choice(sectors, size=candidates)], axis=1),
    )
    national.reset_sequences(User, Mentor, Candidate)
