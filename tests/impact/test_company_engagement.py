"""The company engagement page and the yearly CSR report: aggregates only, small counts hidden,
a constant number of queries, and nothing of another company."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Mentor, Mentorship, Outcome
from tests import factories

pytestmark = pytest.mark.django_db

# Fixed "today" so the yearly figures do not depend on the day the suite runs.
TODAY = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def engagement_url(company) -> str:
    return reverse("impact:company_engagement", args=[company.pk])


def report_url(company, year=None) -> str:
    url = reverse("impact:company_csr_report", args=[company.pk])
    return f"{url}?annee={year}" if year else url


def figure(page: str, key: str) -> str:
    """The text shown for one figure (its table row carries ``data-figure``)."""
    match = re.search(rf'data-figure="{key}">.*?<td[^>]*>(.*?)</td>', page, re.S)
    assert match, key
    return " ".join(match.group(1).split())


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def build_activity(company, *, mentors: int = 5):
    """``mentors`` active mentors; 4 mentorships in 2026 (3 in progress, 1 completed with a
    durable job at level); 7 meetings of an hour; 2 introductions."""
    team = factories.MentorFactory.create_batch(mentors, company=company)
    in_progress = [
        factories.MentorshipFactory(
            mentor=team[i % mentors],
            started_at=at(2026, 2, 1 + i),
            # Distinctive names: a random one could also be a company's or a contact's name.
            candidate__user__last_name=f"Ouldbrahim{i}",
        )
        for i in range(3)
    ]
    completed = factories.MentorshipFactory(
        mentor=team[0],
        candidate__user__last_name="Zerrouki",
        status=Mentorship.Status.COMPLETED,
        started_at=at(2026, 1, 5),
        ended_at=at(2026, 5, 20),
    )
    factories.OutcomeFactory(
        mentorship=completed, contract_type=Outcome.ContractType.CDI, at_level=True
    )
    for i in range(7):
        factories.MeetingFactory(
            mentorship=in_progress[i % 3], date=datetime.date(2026, 3, 1 + i), duration_minutes=60
        )
    factories.IntroductionFactory.create_batch(
        2, mentorship=in_progress[0], date=datetime.date(2026, 4, 2)
    )
    return team


def test_engagement_page_shows_aggregates_and_hides_counts_under_3(login, company_contact):
    build_activity(company_contact.company)
    factories.MentorFactory(company=company_contact.company, paused_until=datetime.date(2026, 9, 1))
    response = login(company_contact.user).get(engagement_url(company_contact.company))
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert figure(page, "mentors_active") == "5"
    assert figure(page, "mentors_paused") == "moins de 3"
    assert figure(page, "mentors_pending") == "0"
    assert figure(page, "mentorships_in_progress") == "3"
    assert figure(page, "mentorships_started") == "4"
    assert figure(page, "mentorships_completed") == "moins de 3"
    assert figure(page, "meetings") == "7"
    assert figure(page, "hours") == "7 h"
    assert figure(page, "introductions") == "moins de 3"
    assert figure(page, "durable_jobs_at_level") == "moins de 3"
    assert figure(page, "other_jobs") == "0"
    assert "tout effectif de 1 ou 2 est affiché « moins de 3 »" in page


def test_company_pages_never_show_a_candidates_identity(login, company_contact):
    build_activity(company_contact.company)
    names = list(
        Mentorship.objects.values_list("candidate__user__last_name", "candidate__user__email")
    )
    client = login(company_contact.user)
    for url in [
        engagement_url(company_contact.company),
        report_url(company_contact.company),
        reverse("companies:company_space"),
    ]:
        page = unescape(client.get(url).content.decode())
        for last_name, email in names:
            assert last_name not in page
            assert email not in page


def test_csr_report_gives_the_figures_of_the_chosen_year(login, company_contact):
    company = company_contact.company
    build_activity(company)
    mentor = factories.MentorFactory(company=company, activated_at=at(2025, 3, 1))
    for day in range(1, 5):
        ended = factories.MentorshipFactory(
            mentor=mentor,
            status=Mentorship.Status.COMPLETED,
            started_at=at(2025, 2, day),
            ended_at=at(2025, 9, day),
        )
        factories.OutcomeFactory(mentorship=ended, contract_type=Outcome.ContractType.CDD_LONG)
    client = login(company_contact.user)
    response = client.get(report_url(company, 2025))
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Bilan RSE 2025" in page
    assert "Du 1er janvier au 31 décembre 2025." in page
    assert figure(page, "mentorships_started") == "4"
    assert figure(page, "mentorships_completed") == "4"
    assert figure(page, "durable_jobs_at_level") == "4"
    assert figure(page, "meetings") == "0"
    assert figure(page, "mentors_engaged") == "moins de 3"
    # The year selector offers every year from the first mentorship to this year.
    assert '<option value="2026">' in page
    assert '<option value="2025" selected>' in page
    # Printing is a button wired by a static script (no inline script: CSP).
    assert "data-print" in page
    assert "/static/js/print.js" in page
    assert "<script>" not in page


def test_csr_report_for_a_year_outside_the_partnership_is_404(login, company_contact):
    client = login(company_contact.user)
    company = company_contact.company
    assert client.get(report_url(company, 1990)).status_code == 404
    assert client.get(report_url(company, 2030)).status_code == 404
    assert client.get(report_url(company) + "?annee=abc").status_code == 404


@pytest.mark.parametrize("url_name", ["company_engagement", "company_csr_report"])
def test_contact_of_company_a_gets_404_on_company_b(
    login, company_contact, other_company, url_name
):
    response = login(company_contact.user).get(
        reverse(f"impact:{url_name}", args=[other_company.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["company_engagement", "company_csr_report"])
def test_staff_read_the_engagement_of_their_regions_companies_only(
    login, staff, other_staff, company, url_name
):
    url = reverse(f"impact:{url_name}", args=[company.pk])
    assert login(staff).get(url).status_code == 200
    assert login(other_staff).get(url).status_code == 404


@pytest.mark.parametrize("url_name", ["company_engagement", "company_csr_report"])
@pytest.mark.parametrize("role", ["mentor", "candidate", "no_role"])
def test_mentors_and_others_get_404_on_a_company_page(login, company, role, url_name):
    user = {
        "mentor": lambda: factories.MentorFactory(company=company).user,
        "candidate": lambda: factories.CandidateFactory().user,
        "no_role": lambda: factories.UserFactory(),
    }[role]()
    url = reverse(f"impact:{url_name}", args=[company.pk])
    assert login(user).get(url).status_code == 404


# Session, user, roles and unread notifications (the site's frame), the company, then the
# page's own aggregate reads: the same number whatever the size of the company.
COMPANY_PAGES = [
    pytest.param(engagement_url, 10, id="engagement"),
    pytest.param(lambda company: report_url(company, 2026), 10, id="csr-report"),
    pytest.param(lambda company: reverse("companies:company_space"), 8, id="company-space"),
]


@pytest.mark.parametrize("mentors", [5, 200])
@pytest.mark.parametrize(("url", "queries"), COMPANY_PAGES)
def test_company_pages_query_count_is_the_same_with_5_and_200_mentors(
    login, company_contact, mentors, url, queries, django_assert_num_queries
):
    team = build_activity(company_contact.company, mentors=mentors)
    # More rows where an N+1 would show: one mentorship, meeting and outcome per mentor.
    for mentor in team:
        ended = factories.MentorshipFactory(
            mentor=mentor,
            status=Mentorship.Status.COMPLETED,
            started_at=at(2025, 10, 1),
            ended_at=at(2026, 3, 1),
        )
        factories.MeetingFactory(mentorship=ended, date=datetime.date(2026, 1, 10))
        factories.OutcomeFactory(mentorship=ended)
    factories.InvitationFactory.create_batch(mentors // 5, company=company_contact.company)
    client = login(company_contact.user)
    with django_assert_num_queries(queries):
        response = client.get(url(company_contact.company))
    assert response.status_code == 200


def test_a_pending_mentor_counts_as_awaiting_activation(login, company_contact):
    for _ in range(3):
        factories.MentorFactory(
            company=company_contact.company, status=Mentor.Status.PENDING, activated_at=None
        )
    page = unescape(
        login(company_contact.user).get(engagement_url(company_contact.company)).content.decode()
    )
    assert figure(page, "mentors_pending") == "3"
    assert figure(page, "mentors_active") == "0"


def test_an_unknown_company_is_404(login, company_contact):
    url = reverse("impact:company_engagement", args=[999999])
    assert login(company_contact.user).get(url).status_code == 404
