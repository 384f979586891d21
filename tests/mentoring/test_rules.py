"""The hard filters of a pair are defined once (mentoring.rules): the ranking SQL, the batch
solver's pool and ``why_not_proposable`` agree on which mentors may be proposed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentoring import rules
from mentoring.matching.batch import region_pool
from mentoring.matching.ranking import rank_mentors
from mentoring.models import Mentor, Mentorship
from mentoring.services import why_not_proposable
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation():
    """An eligible candidate of the Bas-Rhin and one mentor per hard filter, by name."""
    candidate = factories.EligibleCandidateFactory()
    haut_rhin = [factories.department("68")]
    paris = factories.CompanyFactory(region=factories.region("ile-de-france"))
    mentors = {
        "fits": factories.MentorFactory(),
        "pause_over": factories.MentorFactory(paused_until=factories.days_from_today(-1)),
        "remote": factories.MentorFactory(remote=True, departments=haut_rhin),
        "paused": factories.MentorFactory(paused_until=factories.days_from_today(10)),
        "inactive": factories.MentorFactory(status=Mentor.Status.INACTIVE),
        "pending": factories.MentorFactory(status=Mentor.Status.PENDING),
        "full": factories.MentorFactory(capacity=1),
        "full_with_a_proposal": factories.MentorFactory(capacity=1),
        "other_department": factories.MentorFactory(departments=haut_rhin),
        "other_region": factories.MentorFactory(
            company=paris, departments=[factories.department("75")]
        ),
        "declined_before": factories.MentorFactory(),
    }
    factories.MentorshipFactory(mentor=mentors["full"])
    factories.MentorshipFactory(
        mentor=mentors["full_with_a_proposal"],
        status=Mentorship.Status.PROPOSED,
        answered_at=None,
        started_at=None,
    )
    factories.MentorshipFactory(
        candidate=candidate,
        mentor=mentors["declined_before"],
        status=Mentorship.Status.DECLINED,
        started_at=None,
    )
    return candidate, mentors


PROPOSABLE = {"fits", "pause_over", "remote"}


def test_the_ranking_the_batch_pool_and_why_not_proposable_agree(situation):
    candidate, mentors = situation
    today = timezone.localdate()
    names = {mentor.pk: name for name, mentor in mentors.items()}

    ranked = {names[r.mentor_id] for r in rank_mentors(candidate, limit=100, today=today)}

    pool = region_pool(factories.region(), today=today)
    row = pool.candidate_ids.tolist().index(candidate.pk)
    scores = pool.score_matrix()
    in_batch = {
        names[int(mentor_id)]
        for column, mentor_id in enumerate(pool.mentor_ids)
        if scores[row, column] > 0
    }

    checked = {
        name
        for name, mentor in mentors.items()
        if not why_not_proposable(candidate=candidate, mentor=mentor, today=today)
    }

    assert ranked == in_batch == checked == PROPOSABLE


def test_why_not_proposable_names_each_failed_filter(situation):
    candidate, mentors = situation
    for name in set(mentors) - PROPOSABLE:
        assert why_not_proposable(candidate=candidate, mentor=mentors[name]), name


def test_the_orm_and_sql_spellings_of_availability_agree(situation):
    _, mentors = situation
    today = timezone.localdate()
    by_q = set(Mentor.objects.filter(rules.available_q(today)).values_list("pk", flat=True))
    by_python = {m.pk for m in Mentor.objects.all() if rules.is_available(m, today)}
    sql, params = rules.available_sql("m", today)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.id FROM {Mentor._meta.db_table} m WHERE {sql}", params)  # noqa: S608
        by_sql = {row[0] for row in cursor.fetchall()}
    assert by_q == by_python == by_sql
    assert mentors["paused"].pk not in by_q
    assert mentors["pause_over"].pk in by_q


def test_a_place_is_held_by_an_active_mentorship_or_a_waiting_proposal():
    assert set(rules.LOAD_STATUSES) == {Mentorship.Status.ACTIVE}
    assert set(rules.PLACE_STATUSES) == {Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED}
    assert set(rules.EXCLUDING_STATUSES) == {*rules.PLACE_STATUSES, Mentorship.Status.DECLINED}
