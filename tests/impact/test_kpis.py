"""Programme KPIs (DESIGN §9), each definition on hand-built records, edge cases included."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db.models import F

from candidates.models import Candidate
from companies.models import Company
from impact import kpis, selectors
from mentoring.models import CheckIn, Mentor, Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
Contract = Outcome.ContractType
Status = Mentorship.Status


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(year, month, day, hour=12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=datetime.UTC)


def grand_est(year=2025, company=None):
    region = factories.region("grand-est")
    return kpis.make_scope(
        year=year, region_ids=frozenset([region.pk]), company_id=company.pk if company else None
    )


def ended(*, started=None, contract=None, at_level=True, status=Status.COMPLETED, **kwargs):
    """A mentorship started in 2025 that has ended, with its outcome (``contract``) if any."""
    mentorship = factories.MentorshipFactory(
        status=status,
        started_at=started or at(2025, 3, 1),
        ended_at=at(2025, 11, 1),
        **kwargs,
    )
    if contract is not None:
        factories.OutcomeFactory(
            mentorship=mentorship,
            contract_type=contract,
            at_level=at_level,
            start_date=None
            if contract in (Contract.NONE, Contract.FURTHER_STUDY)
            else datetime.date(2025, 10, 1),
        )
    return mentorship


# --- Mentorships started --------------------------------------------------------------------


def test_mentorships_started_follow_the_calendar_year_in_paris():
    # 23:30 UTC on 31 December is already the next year in Paris.
    factories.MentorshipFactory(
        started_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    factories.MentorshipFactory(
        started_at=datetime.datetime(2024, 12, 31, 22, 30, tzinfo=datetime.UTC)
    )
    factories.MentorshipFactory(
        started_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    assert kpis.year_figures(grand_est(2025))["started"] == 1
    assert kpis.year_figures(grand_est(2024))["started"] == 1
    assert kpis.year_figures(grand_est(2026))["started"] == 1


def test_mentorships_started_count_only_started_ones_of_the_candidates_region():
    factories.MentorshipFactory(started_at=at(2025, 2, 1))
    factories.MentorshipFactory(
        started_at=at(2025, 2, 1), candidate__department=factories.department("75")
    )
    factories.MentorshipFactory(status=Status.PROPOSED, started_at=None, proposed_at=at(2025, 2, 1))
    factories.MentorshipFactory(status=Status.DECLINED, started_at=None)
    assert kpis.year_figures(grand_est())["started"] == 1
    national = kpis.make_scope(year=2025)
    assert kpis.year_figures(national)["started"] == 2


def test_with_a_company_only_its_mentors_mentorships_count():
    company = factories.CompanyFactory()
    factories.MentorshipFactory(started_at=at(2025, 2, 1), mentor__company=company)
    factories.MentorshipFactory(started_at=at(2025, 2, 1))
    assert kpis.year_figures(grand_est(company=company))["started"] == 1
    assert kpis.year_figures(grand_est())["started"] == 2


def test_started_per_year_gives_ten_years_with_zeros():
    factories.MentorshipFactory(started_at=at(2025, 2, 1))
    factories.MentorshipFactory(started_at=at(2023, 2, 1))
    factories.MentorshipFactory(started_at=at(2023, 5, 1))
    factories.MentorshipFactory(started_at=at(2014, 5, 1))  # eleven years before: left out
    series = kpis.started_per_year(grand_est(2025))
    assert [entry["year"] for entry in series] == list(range(2016, 2026))
    assert {entry["year"]: entry["count"] for entry in series if entry["count"]} == {
        2023: 2,
        2025: 1,
    }


def test_started_per_year_begins_with_the_programme():
    series = kpis.started_per_year(grand_est(2008))
    assert [entry["year"] for entry in series] == [2006, 2007, 2008]


# --- Cohort success rate --------------------------------------------------------------------


def test_success_rate_leaves_ongoing_mentorships_out():
    ended(contract=Contract.CDI)
    factories.MentorshipFactory(started_at=at(2025, 9, 1))  # still active: not counted
    success = kpis.year_figures(grand_est())["success"]
    assert success == {"ended": 1, "ongoing": 1, "durable_at_level": 1, "rate": 1.0}


def test_an_interruption_counts_as_not_successful():
    ended(contract=Contract.CDI)
    ended(status=Status.INTERRUPTED)  # no outcome at all
    ended(status=Status.INTERRUPTED, contract=Contract.NONE)
    success = kpis.year_figures(grand_est())["success"]
    assert success["ended"] == 3
    assert success["durable_at_level"] == 1
    assert success["rate"] == pytest.approx(0.3333)


@pytest.mark.parametrize(
    ("contract", "at_level", "successful"),
    [
        (Contract.CDI, True, True),
        (Contract.CDD_LONG, True, True),
        (Contract.BUSINESS_CREATION, True, True),
        (Contract.CDD_SHORT, True, False),  # a CDD under 6 months is not durable
        (Contract.INTERIM, True, False),
        (Contract.WORK_STUDY, True, False),
        (Contract.CDI, False, False),  # a job below the diploma's level does not count
        (Contract.FURTHER_STUDY, False, False),
    ],
)
def test_only_a_durable_job_at_level_is_a_success(contract, at_level, successful):
    ended(contract=contract, at_level=at_level)
    success = kpis.year_figures(grand_est())["success"]
    assert success["ended"] == 1
    assert success["durable_at_level"] == int(successful)


def test_success_rate_is_unknown_when_nothing_has_ended():
    factories.MentorshipFactory(started_at=at(2025, 9, 1))
    assert kpis.year_figures(grand_est())["success"]["rate"] is None
    assert kpis.year_figures(grand_est(2019))["success"] == {
        "ended": 0,
        "ongoing": 0,
        "durable_at_level": 0,
        "rate": None,
    }


def test_the_cohort_is_the_year_of_the_start_not_of_the_end():
    ended(contract=Contract.CDI, started=at(2024, 11, 1))  # ended in 2025, started in 2024
    assert kpis.year_figures(grand_est(2025))["success"]["ended"] == 0
    assert kpis.year_figures(grand_est(2024))["success"]["durable_at_level"] == 1


# --- Medians --------------------------------------------------------------------------------


def matched_after(days: float, *, started=None):
    started = started or at(2025, 5, 1)
    candidate = factories.EligibleCandidateFactory(
        status=Candidate.Status.IN_MENTORSHIP,
        validated_at=started - datetime.timedelta(days=days),
    )
    return factories.MentorshipFactory(candidate=candidate, started_at=started)


def test_median_time_to_match_with_an_odd_count_is_the_middle_value():
    for days in (3, 30, 10):
        matched_after(days)
    match = kpis.year_figures(grand_est())["time_to_match"]
    assert match["median_days"] == 10.0
    assert match["count"] == 3


def test_median_time_to_match_with_an_even_count_is_the_mean_of_the_two_middle_values():
    for days in (3, 8, 13, 40):
        matched_after(days)
    assert kpis.year_figures(grand_est())["time_to_match"]["median_days"] == 10.5


def test_time_to_match_counts_those_matched_within_the_promise(settings):
    settings.MATCHING_PROMISE_DAYS = 15
    for days in (3, 15, 16, 40):
        matched_after(days)
    match = kpis.year_figures(grand_est())["time_to_match"]
    assert match["within_promise"] == 2
    assert match["within_promise_rate"] == 0.5
    assert match["promise_days"] == 15


def test_time_to_match_leaves_out_candidates_never_validated():
    matched_after(6)
    factories.MentorshipFactory(started_at=at(2025, 5, 1))  # submitted, validated_at empty
    match = kpis.year_figures(grand_est())["time_to_match"]
    assert match == {
        "median_days": 6.0,
        "count": 1,
        "promise_days": 15,
        "within_promise": 1,
        "within_promise_rate": 1.0,
    }


def job_after(days: int, contract=Contract.CDI):
    mentorship = ended(started=at(2025, 2, 1, hour=23))  # midnight in Paris: 2 February
    factories.OutcomeFactory(
        mentorship=mentorship,
        contract_type=contract,
        start_date=datetime.date(2025, 2, 2) + datetime.timedelta(days=days),
    )


def test_median_time_to_job_counts_days_from_the_start_in_paris_to_the_job():
    for days in (90, 120, 200):
        job_after(days)
    job_after(10, contract=Contract.FURTHER_STUDY)  # not a job
    ended(contract=Contract.NONE)
    assert kpis.year_figures(grand_est())["time_to_job"] == {"median_days": 120.0, "count": 3}


def test_median_time_to_job_with_an_even_count():
    for days in (30, 60, 90, 100):
        job_after(days)
    assert kpis.year_figures(grand_est())["time_to_job"]["median_days"] == 75.0


@pytest.mark.parametrize("delays", [(1, 5, 9), (2, 4, 6, 30), (7,)])
def test_the_median_without_percentile_gives_the_same_value(delays):
    """The SQLite fallback (ORDER BY … LIMIT/OFFSET) agrees with percentile_cont."""
    for days in delays:
        matched_after(days)
    mentorships = kpis.started_in_year(grand_est())
    fallback = kpis.median_by_ordering(mentorships, kpis.MATCH_DELAY, len(delays))
    percentile = mentorships.aggregate(median=kpis.Median(kpis.MATCH_DELAY))["median"]
    assert fallback == percentile
    assert kpis.median_by_ordering(mentorships.none(), kpis.MATCH_DELAY, 0) is None


# --- Today ----------------------------------------------------------------------------------


def test_active_mentorships_mentors_and_partner_companies_now():
    factories.MentorshipFactory()
    factories.MentorshipFactory(
        status=Status.COMPLETED, started_at=at(2026, 1, 1), ended_at=at(2026, 5, 1)
    )
    factories.MentorFactory(paused_until=datetime.date(2026, 9, 1))  # paused: still active
    factories.MentorFactory(status=Mentor.Status.PENDING, activated_at=None)
    factories.CompanyFactory(agreement_end=datetime.date(2026, 1, 1))  # agreement over
    factories.CompanyFactory(partnership_status=Company.Partnership.SUSPENDED)
    factories.CompanyFactory(region=factories.region("ile-de-france"))
    scope = grand_est(2026)
    today = kpis.today_figures(scope)
    assert today["active_mentorships"] == 1
    # The two mentorships' mentors and the paused one; each factory mentor brings a company.
    assert today["active_mentors"] == 3
    assert today["partner_companies"] == 4


def test_attention_no_meeting_for_30_days_or_none_since_a_start_30_days_ago():
    today = datetime.date(2026, 6, 15)
    quiet = factories.MentorshipFactory(started_at=at(2026, 1, 10))
    factories.MeetingFactory(mentorship=quiet, date=today - datetime.timedelta(days=30))
    lively = factories.MentorshipFactory(started_at=at(2026, 1, 10))
    factories.MeetingFactory(mentorship=lively, date=today - datetime.timedelta(days=29))
    never_met = factories.MentorshipFactory(started_at=at(2026, 5, 1))
    new = factories.MentorshipFactory(started_at=at(2026, 6, 1))  # too recent to worry
    factories.MentorshipFactory(
        status=Status.COMPLETED, started_at=at(2026, 1, 10), ended_at=at(2026, 3, 1)
    )
    old_proposal = factories.MentorshipFactory(
        status=Status.PROPOSED, started_at=None, proposed_at=at(2026, 6, 2)
    )
    factories.MentorshipFactory(status=Status.PROPOSED, started_at=None, proposed_at=at(2026, 6, 5))
    scope = grand_est(2026)
    attention = kpis.today_figures(scope)["attention"]
    assert attention == {
        "total": 3,
        "proposal_expiring": 1,
        "no_recent_meeting": 2,
        "help_requested": 0,
    }
    lists = kpis.attention_lists(scope)
    # Oldest first: no meeting at all since 1 May, then a last meeting on 16 May.
    assert [m.pk for m in lists["no_recent_meeting"]] == [never_met.pk, quiet.pk]
    assert lists["no_recent_meeting"][0].last_meeting_on is None
    assert lists["no_recent_meeting"][1].last_meeting_on == today - datetime.timedelta(days=30)
    assert [m.pk for m in lists["proposal_expiring"]] == [old_proposal.pk]
    assert new.pk not in {m.pk for rows in lists.values() for m in rows}


def test_a_check_in_asking_for_help_needs_attention_until_staff_handle_it():
    mentorship = factories.MentorshipFactory(started_at=at(2026, 5, 1))
    factories.MeetingFactory(mentorship=mentorship, date=datetime.date(2026, 6, 10))
    check_in = CheckIn.objects.create(
        mentorship=mentorship,
        author=mentorship.candidate.user,
        role=CheckIn.Role.CANDIDATE,
        period=CheckIn.Period.MONTH_1,
        score=2,
        needs_help=True,
    )
    assert set(kpis.attention_reasons(NOW)) == {
        "no_recent_meeting",
        "proposal_expiring",
        "help_requested",
    }
    scope = grand_est(2026)
    assert kpis.today_figures(scope)["attention"]["help_requested"] == 1
    assert [m.pk for m in kpis.attention_lists(scope)["help_requested"]] == [mentorship.pk]
    check_in.help_handled_at = NOW
    check_in.save(update_fields=["help_handled_at"])
    assert kpis.today_figures(scope)["attention"]["help_requested"] == 0


def test_a_mentorship_with_two_reasons_counts_once_in_the_attention_total():
    """Silent for 30 days and asking for help: one mentorship in the admin list the tile opens,
    so one in the total too."""
    mentorship = factories.MentorshipFactory(started_at=at(2026, 1, 10))
    factories.MeetingFactory(mentorship=mentorship, date=datetime.date(2026, 4, 1))
    CheckIn.objects.create(
        mentorship=mentorship,
        author=mentorship.candidate.user,
        role=CheckIn.Role.CANDIDATE,
        period=CheckIn.Period.MONTH_1,
        score=2,
        needs_help=True,
    )
    attention = kpis.today_figures(grand_est(2026))["attention"]
    assert attention["no_recent_meeting"] == 1
    assert attention["help_requested"] == 1
    assert attention["total"] == 1
    assert Mentorship.objects.filter(kpis.attention_q(NOW)).count() == 1


# --- Candidates -----------------------------------------------------------------------------


def registered(*, created=None, factory=factories.CandidateFactory, **kwargs) -> Candidate:
    return factory(created_at=created or at(2025, 4, 1), **kwargs)


def test_funnel_follows_the_candidates_registered_in_the_year():
    registered(factory=factories.NewCandidateFactory, department=factories.department("67"))
    registered()  # submitted
    eligible = registered(factory=factories.EligibleCandidateFactory)
    matched = registered(factory=factories.EligibleCandidateFactory)
    factories.MentorshipFactory(candidate=matched, started_at=at(2025, 6, 1))
    placed = registered(factory=factories.EligibleCandidateFactory)
    factories.OutcomeFactory(
        mentorship=ended(candidate=placed), contract_type=Contract.INTERIM, at_level=False
    )
    studying = registered(factory=factories.EligibleCandidateFactory)
    factories.OutcomeFactory(
        mentorship=ended(candidate=studying),
        contract_type=Contract.FURTHER_STUDY,
        start_date=None,
    )
    declined = registered(factory=factories.EligibleCandidateFactory)
    factories.MentorshipFactory(candidate=declined, status=Status.DECLINED, started_at=None)
    registered(created=at(2024, 12, 1))  # another year's cohort
    registered(department=factories.department("75"))  # another region
    assert eligible.validated_at is not None
    assert kpis.funnel(grand_est()) == {
        "registered": 7,
        "submitted": 6,
        "eligible": 5,
        "matched": 3,
        "placed": 1,
    }


def test_funnel_in_the_national_view_includes_accounts_without_a_department():
    registered(factory=factories.NewCandidateFactory)  # no department yet
    assert kpis.funnel(kpis.make_scope(year=2025))["registered"] == 1
    assert kpis.funnel(grand_est())["registered"] == 0


def test_social_criteria_shares_among_the_candidates_who_applied_in_the_year():
    registered(submitted_at=at(2025, 5, 1), qpv=True, zrr=False, boursier=True)
    registered(submitted_at=at(2025, 5, 1), qpv=False, zrr=True, boursier=True)
    registered(submitted_at=at(2025, 5, 1), qpv=True, rsa=True)
    registered(submitted_at=at(2025, 5, 1), qpv=True)
    registered(submitted_at=at(2024, 5, 1), qpv=False, zrr=True)  # another year
    social = kpis.social_criteria(grand_est())
    assert social["submitted"] == 4
    assert social["qpv"] == {"count": 3, "share": 0.75}
    assert social["zrr"] == {"count": 1, "share": 0.25}
    assert social["boursier"] == {"count": 2, "share": 0.5}
    assert social["rsa"] == {"count": 1, "share": 0.25}


def test_with_a_company_candidate_figures_count_the_candidates_its_mentors_accompanied():
    company = factories.CompanyFactory()
    mentored = registered(factory=factories.EligibleCandidateFactory, submitted_at=at(2025, 5, 1))
    factories.MentorshipFactory(candidate=mentored, mentor__company=company)
    registered(factory=factories.EligibleCandidateFactory, submitted_at=at(2025, 5, 1))
    scope = grand_est(company=company)
    assert kpis.funnel(scope)["registered"] == 1
    assert kpis.social_criteria(scope)["submitted"] == 1


# --- Companies ------------------------------------------------------------------------------


def test_company_rows_use_the_company_pages_definitions():
    company = factories.CompanyFactory()
    team = factories.MentorFactory.create_batch(3, company=company)
    running = factories.MentorshipFactory(mentor=team[0], started_at=at(2025, 2, 1))
    done = ended(mentor=team[1], contract=Contract.CDI)
    # Engaged during 2025: a mentor and a mentee counted once; not a mentorship that ended
    # before the year, started after it, or never started.
    factories.MentorshipFactory(
        mentor=team[0],
        candidate=running.candidate,
        status=Status.INTERRUPTED,
        started_at=at(2024, 6, 1),
        ended_at=at(2025, 1, 15),
    )
    factories.MentorshipFactory(
        mentor=team[2], status=Status.COMPLETED, started_at=at(2023, 6, 1), ended_at=at(2024, 12, 1)
    )
    factories.MentorshipFactory(mentor=team[2], started_at=at(2026, 1, 5))
    factories.MentorshipFactory(mentor=team[2], status=Status.PROPOSED, started_at=None)
    factories.MeetingFactory(
        mentorship=running, date=datetime.date(2025, 3, 1), duration_minutes=90
    )
    factories.MeetingFactory(mentorship=done, date=datetime.date(2025, 4, 1), duration_minutes=30)
    factories.MeetingFactory(mentorship=done, date=datetime.date(2024, 4, 1))  # another year
    factories.IntroductionFactory(mentorship=running, date=datetime.date(2025, 5, 1))
    factories.CompanyFactory(partnership_status=Company.Partnership.PROSPECT)
    other = factories.CompanyFactory()
    scope = grand_est()
    companies = list(kpis.companies_in_scope(scope))
    # The partners, prospects left out (their order, by name, is the database's collation).
    assert set(companies) == {(company.pk, company.name), (other.pk, other.name)}
    [row] = [row for row in kpis.company_rows(companies, year=2025) if row["id"] == company.pk]
    assert row == {
        "id": company.pk,
        "name": company.name,
        "active_mentors": 3,
        "engaged_mentors": 2,
        "mentees": 2,
        "meetings": 2,
        "hours": 2.0,
        "introductions": 1,
        "durable_jobs_at_level": 1,
    }
    # The same figures as the company's own engagement page for that year.
    page = selectors.company_engagement(company=company, year=2025)
    shown = {
        f.key: f.value for group in ("mentors", "mentorships", "outcomes") for f in page[group]
    }
    assert shown["meetings"] is None  # fewer than 3: masked for the company, not for staff
    assert shown["hours"] == row["hours"]
    assert shown["mentors_engaged"] is None


# --- Query counts ---------------------------------------------------------------------------


def build_region(size: int) -> None:
    for i in range(size):
        mentorship = ended(
            contract=Contract.CDI if i % 2 else Contract.CDD_SHORT,
            candidate=factories.EligibleCandidateFactory(
                created_at=at(2025, 1, 5),
                status=Candidate.Status.PLACED,
                validated_at=at(2025, 2, 1),
            ),
        )
        factories.MeetingFactory(mentorship=mentorship, date=datetime.date(2025, 4, 1))
        factories.MentorshipFactory()


@pytest.mark.parametrize("size", [1, 12])
def test_programme_figures_take_the_same_number_of_queries_whatever_the_data(
    size, django_assert_num_queries
):
    build_region(size)
    scope = grand_est()
    # The scope's departments, looked up when first needed, then the figures in four.
    with django_assert_num_queries(5):
        figures = kpis.programme_figures(scope)
    assert figures["mentorships_started"] == size
    with django_assert_num_queries(6):
        kpis.company_rows(list(kpis.companies_in_scope(scope)), year=2025)
    assert Mentorship.objects.filter(started_at__lt=F("candidate__validated_at")).count() == 0


def test_count_all_counts_each_queryset_in_one_query(django_assert_num_queries):
    factories.MentorFactory.create_batch(2)
    factories.MentorFactory(status=Mentor.Status.PENDING, activated_at=None)
    querysets = {
        "mentors": Mentor.objects.all(),
        "active": Mentor.objects.filter(status=Mentor.Status.ACTIVE),
        "companies": Company.objects.all(),
        "none": Mentor.objects.none(),
        "no_region": Mentor.objects.filter(region_id__in=[]),
    }
    with django_assert_num_queries(1):
        counts = kpis.count_all(querysets)
    assert counts == {
        "mentors": 3,
        "active": 2,
        "companies": Company.objects.count(),
        "none": 0,
        "no_region": 0,
    }


def test_count_all_of_nothing_but_empty_querysets_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert kpis.count_all({"none": Mentor.objects.none()}) == {"none": 0}
        assert kpis.count_all({}) == {}
