"""Ranking mentors for one candidate: hard filters, criteria, explanations (DESIGN §6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from candidates.models import Candidate
from mentoring.matching.ranking import rank_mentors
from mentoring.models import Mentor, Mentorship
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker():
    """An eligible candidate of the Bas-Rhin targeting finance in banking."""
    return factories.EligibleCandidateFactory()


def ranked_ids(candidate, **kwargs):
    return [ranked.mentor_id for ranked in rank_mentors(candidate, **kwargs)]


def test_best_fit_comes_first_and_its_score_is_explained(seeker):
    perfect = factories.MentorFactory()  # finance, banking, serves the Bas-Rhin
    other_sector = factories.MentorFactory(sectors=[factories.sector("industry")])
    other_function = factories.MentorFactory(function=factories.job_family("marketing"))
    [first, *rest] = rank_mentors(seeker)
    assert first.mentor_id == perfect.pk
    assert {ranked.mentor_id for ranked in rest} == {other_sector.pk, other_function.pk}
    assert first.score > max(ranked.score for ranked in rest)
    assert sum(c.points for c in first.contributions) == pytest.approx(first.score, abs=0.5)
    by_code = {c.code: c for c in first.contributions}
    assert by_code["sector"].points == by_code["sector"].max_points > 0
    assert not by_code["business"].applies  # a job project


@pytest.mark.parametrize(
    "mentor_kwargs",
    [
        {"status": Mentor.Status.PENDING},
        {"status": Mentor.Status.INACTIVE},
        {"paused_until": timezone.localdate()},
    ],
    ids=["pending", "inactive", "paused-until-today"],
)
def test_hard_filters_on_the_mentor(seeker, mentor_kwargs):
    excluded = factories.MentorFactory(**mentor_kwargs)
    kept = factories.MentorFactory()
    assert ranked_ids(seeker) == [kept.pk]
    assert excluded.pk not in ranked_ids(seeker)


def test_pause_ending_yesterday_no_longer_excludes(seeker):
    mentor = factories.MentorFactory(paused_until=timezone.localdate() - datetime.timedelta(days=1))
    assert ranked_ids(seeker) == [mentor.pk]


def test_mentor_must_serve_the_department_or_work_remotely(seeker):
    factories.MentorFactory(departments=[factories.department("68")])
    remote_in_paris = factories.MentorFactory(
        departments=[factories.department("75")],
        remote=True,
        company=factories.CompanyFactory(region=factories.region("ile-de-france")),
    )
    [only] = rank_mentors(seeker)
    assert only.mentor_id == remote_in_paris.pk
    assert only.values["geography"] == 0.3


def test_remote_mentor_of_the_same_region_scores_between(seeker):
    local = factories.MentorFactory()
    remote_colmar = factories.MentorFactory(departments=[factories.department("68")], remote=True)
    ranked = {r.mentor_id: r for r in rank_mentors(seeker)}
    assert ranked[local.pk].values["geography"] == 1.0
    assert ranked[remote_colmar.pk].values["geography"] == 0.6


def test_mentor_at_capacity_is_left_out_and_proposals_count(seeker):
    full = factories.MentorFactory(capacity=1)
    factories.MentorshipFactory(mentor=full)
    asked = factories.MentorFactory(capacity=1)
    factories.MentorshipFactory(
        mentor=asked,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        candidate__status=Candidate.Status.ELIGIBLE,
    )
    roomy = factories.MentorFactory(capacity=2)
    factories.MentorshipFactory(mentor=roomy)
    [only] = rank_mentors(seeker)
    assert only.mentor_id == roomy.pk
    assert only.values["load"] == 0.5


def test_mentor_who_declined_the_candidate_is_not_suggested_again(seeker):
    declined = factories.MentorFactory()
    factories.MentorshipFactory(
        candidate=seeker, mentor=declined, status=Mentorship.Status.DECLINED, started_at=None
    )
    other = factories.MentorFactory()
    assert ranked_ids(seeker) == [other.pk]


def test_business_experience_counts_only_for_business_projects():
    founder = factories.MentorFactory(has_business_experience=True)
    manager = factories.MentorFactory()
    creator = factories.EligibleCandidateFactory(
        project_type=Candidate.ProjectType.BUSINESS_CREATION, target_job_family=None
    )
    job_seeker = factories.EligibleCandidateFactory()
    assert ranked_ids(creator)[0] == founder.pk
    scores = {r.mentor_id: r.score for r in rank_mentors(job_seeker)}
    assert scores[founder.pk] == scores[manager.pk]


def test_languages_other_than_french_are_compared(seeker):
    seeker.languages.set([factories.language("fr"), factories.language("ar")])
    arabic = factories.MentorFactory()
    arabic.languages.set([factories.language("ar")])
    french_only = factories.MentorFactory()
    french_only.languages.set([factories.language("fr")])
    ranked = {r.mentor_id: r for r in rank_mentors(seeker)}
    assert ranked[arabic.pk].values["languages"] == 1.0
    assert ranked[french_only.pk].values["languages"] == 0.0


def test_waiting_time_grows_to_the_promise(seeker, settings):
    factories.MentorFactory()
    # Waiting since the entry in the queue (Candidate.queued_at), not the first validation.
    seeker.queued_at = timezone.now() - datetime.timedelta(days=settings.MATCHING_PROMISE_DAYS)
    seeker.save()
    [ranked] = rank_mentors(seeker)
    assert ranked.values["waiting"] == 1.0


def test_weights_come_from_settings(seeker, settings):
    sector_fit = factories.MentorFactory(function=factories.job_family("marketing"))
    function_fit = factories.MentorFactory(sectors=[factories.sector("industry")])
    assert ranked_ids(seeker)[0] == sector_fit.pk
    settings.MATCHING_WEIGHTS = {**settings.MATCHING_WEIGHTS, "sector": 5, "function": 60}
    assert ranked_ids(seeker)[0] == function_fit.pk


@pytest.mark.parametrize("mentors", [3, 40])
def test_ranking_uses_a_constant_number_of_queries(seeker, mentors, django_assert_num_queries):
    factories.MentorFactory.create_batch(mentors)
    with django_assert_num_queries(2):
        assert len(rank_mentors(seeker, limit=10)) == min(mentors, 10)
