"""The rules engine at its boundaries: under 30 on the submission date, the region's minimum
diploma level, at least one social criterion (DESIGN §1)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates import eligibility
from candidates.models import Candidate
from tests import factories

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1996, 6, 15)


def candidate(**overrides) -> Candidate:
    """An unsaved file that meets every rule, with ``overrides``."""
    values = {
        "birth_date": BIRTH,
        "department": factories.department("67"),
        "diploma_level": 5,
        "qpv": True,
    }
    values.update(overrides)
    return Candidate(**values)


def results(subject: Candidate, on: datetime.date) -> dict[str, bool | None]:
    return {result.code: result.passed for result in eligibility.evaluate(subject, on=on).results}


def test_the_day_before_the_30th_birthday_passes():
    outcome = eligibility.evaluate(candidate(), on=datetime.date(2026, 6, 14))
    assert outcome.result(eligibility.AGE).passed is True
    assert outcome.passed
    assert outcome.recommendation == eligibility.Recommendation.ELIGIBLE


def test_the_day_of_the_30th_birthday_fails_and_says_why():
    outcome = eligibility.evaluate(candidate(), on=datetime.date(2026, 6, 15))
    age = outcome.result(eligibility.AGE)
    assert age.passed is False
    assert "30" in age.message
    assert not outcome.passed
    assert outcome.recommendation == eligibility.Recommendation.INELIGIBLE
    assert [result.code for result in outcome.failed] == [eligibility.AGE]


def test_a_29_february_birthday_counts_on_1_march():
    leap = candidate(birth_date=datetime.date(1996, 2, 29))
    assert results(leap, datetime.date(2026, 2, 28))[eligibility.AGE] is True
    assert results(leap, datetime.date(2026, 3, 1))[eligibility.AGE] is False


def test_age_is_checked_on_the_first_submission_date_not_today():
    submitted = candidate(submitted_at=timezone.make_aware(datetime.datetime(2026, 6, 14, 12)))
    on = eligibility.reference_date(submitted, today=datetime.date(2027, 1, 1))
    assert on == datetime.date(2026, 6, 14)
    assert results(submitted, on)[eligibility.AGE] is True


def test_bac3_fails_in_a_bac4_region():
    paris = factories.department("75")
    assert paris.region.min_diploma_level == 4
    outcome = eligibility.evaluate(
        candidate(department=paris, diploma_level=3), on=datetime.date(2026, 1, 1)
    )
    diploma = outcome.result(eligibility.DIPLOMA)
    assert diploma.passed is False
    assert "Bac+4" in diploma.message
    assert "Île-de-France" in diploma.message


def test_bac4_passes_in_a_bac4_region_and_bac3_in_a_bac3_region():
    on = datetime.date(2026, 1, 1)
    paris = factories.department("75")
    assert results(candidate(department=paris, diploma_level=4), on)[eligibility.DIPLOMA] is True
    assert results(candidate(diploma_level=3), on)[eligibility.DIPLOMA] is True
    assert results(candidate(diploma_level=8), on)[eligibility.DIPLOMA] is True


@pytest.mark.parametrize("criterion", ["qpv", "zrr", "boursier", "rsa"])
def test_each_social_criterion_alone_is_enough(criterion):
    flags = dict.fromkeys(["qpv", "zrr", "boursier", "rsa"], False)
    flags[criterion] = True
    outcome = results(candidate(**flags), datetime.date(2026, 1, 1))
    assert outcome[eligibility.SOCIAL_CRITERION] is True


def test_no_social_criterion_fails():
    outcome = eligibility.evaluate(
        candidate(qpv=False, zrr=False, boursier=False, rsa=False), on=datetime.date(2026, 1, 1)
    )
    social = outcome.result(eligibility.SOCIAL_CRITERION)
    assert social.passed is False
    assert "QPV" in social.message


def test_missing_information_is_unknown_not_failed():
    outcome = eligibility.evaluate(Candidate(), on=datetime.date(2026, 1, 1))
    assert outcome.result(eligibility.AGE).passed is None
    assert outcome.result(eligibility.DIPLOMA).passed is None
    assert outcome.result(eligibility.SOCIAL_CRITERION).passed is False
    assert outcome.recommendation == eligibility.Recommendation.INELIGIBLE
    assert eligibility.evaluate(
        Candidate(qpv=True), on=datetime.date(2026, 1, 1)
    ).recommendation == (eligibility.Recommendation.INCOMPLETE)


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (datetime.datetime(2026, 6, 14, 10), "Vous avez moins de 30 ans"),
        (datetime.datetime(2026, 6, 15, 10), "réservé aux moins de 30 ans"),
    ],
)
def test_the_summary_precheck_uses_today_for_a_draft(login, today, shown):
    draft = factories.with_documents(factories.DraftCandidateFactory(birth_date=BIRTH))
    with time_machine.travel(timezone.make_aware(today), tick=False):
        content = login(draft.user).get(reverse("candidates:summary")).content.decode()
    assert shown in content
