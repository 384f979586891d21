"""Each count of the staff's "Mon espace" opens the admin list of exactly the rows it counts,
region by region, and only for staff who may open that list."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from mentoring.models import Mentor, Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

MY_SPACE = reverse("my_space")


class CountLinks(HTMLParser):
    """``links[(region slug, count key)]``: the address of each count's link, and the count
    shown as its text."""

    def __init__(self):
        super().__init__()
        self.links: dict[tuple[str, str], tuple[str, str]] = {}
        self._current: tuple[str, str] | None = None
        self._href = ""
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "data-count" in attributes:
            self._current = (attributes["data-region"], attributes["data-count"])
            self._href, self._text = attributes["href"], ""

    def handle_data(self, data):
        if self._current is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            # The visible figure comes first; a hidden text for screen readers follows it.
            self.links[self._current] = (self._href, self._text.split()[0])
            self._current = None


def count_links(client) -> dict[tuple[str, str], tuple[str, str]]:
    response = client.get(MY_SPACE)
    assert response.status_code == 200
    parser = CountLinks()
    parser.feed(response.content.decode())
    return parser.links


def listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def two_regions_staff():
    return factories.StaffFactory(
        regions=[factories.region("grand-est"), factories.region("ile-de-france")]
    )


@pytest.fixture
def paris():
    return factories.department("75")


def test_files_to_examine_open_the_review_queue_of_the_region(login, two_regions_staff, paris):
    waiting = factories.CandidateFactory.create_batch(2)
    factories.CandidateFactory(department=paris)
    factories.CandidateFactory(status=Candidate.Status.DRAFT)
    factories.EligibleCandidateFactory()
    # An erased file is no work: neither counted nor listed.
    factories.CandidateFactory(anonymised_at=timezone.now())
    client = login(two_regions_staff)
    url, shown = count_links(client)[("grand-est", "submitted")]
    assert url.startswith(reverse("admin:candidates_candidatetoreview_changelist"))
    assert shown == "2"
    assert listed(client, url) == {candidate.pk for candidate in waiting}


def test_eligible_candidates_open_the_matching_queue_of_the_region(login, two_regions_staff, paris):
    eligible = factories.EligibleCandidateFactory.create_batch(2)
    factories.EligibleCandidateFactory(department=paris)
    factories.EligibleCandidateFactory(anonymised_at=timezone.now())
    factories.CandidateFactory()
    client = login(two_regions_staff)
    url, shown = count_links(client)[("grand-est", "eligible")]
    assert url.startswith(reverse("admin:mentoring_candidatetomatch_changelist"))
    assert shown == "2"
    assert listed(client, url) == {candidate.pk for candidate in eligible}


@pytest.mark.parametrize(
    ("key", "status"),
    [("pending_mentors", Mentor.Status.PENDING), ("active_mentors", Mentor.Status.ACTIVE)],
)
def test_mentor_counts_open_the_mentor_list_of_the_region(login, two_regions_staff, key, status):
    ile_de_france = factories.CompanyFactory(region=factories.region("ile-de-france"))
    counted = factories.MentorFactory.create_batch(2, status=status)
    factories.MentorFactory(status=status, company=ile_de_france)
    for other in Mentor.Status:
        if other != status:
            factories.MentorFactory(status=other)
    client = login(two_regions_staff)
    url, shown = count_links(client)[("grand-est", key)]
    assert url.startswith(reverse("admin:mentoring_mentor_changelist"))
    assert shown == "2"
    assert listed(client, url) == {mentor.pk for mentor in counted}


def test_mentorships_in_progress_open_the_mentorship_list_of_the_region(
    login, two_regions_staff, paris
):
    counted = factories.MentorshipFactory.create_batch(2)
    factories.MentorshipFactory(candidate__department=paris)
    factories.MentorshipFactory(status=Mentorship.Status.COMPLETED, ended_at=timezone.now())
    factories.MentorshipFactory(status=Mentorship.Status.PROPOSED, started_at=None)
    client = login(two_regions_staff)
    links = count_links(client)
    url, shown = links[("grand-est", "active_mentorships")]
    assert url.startswith(reverse("admin:mentoring_mentorship_changelist"))
    assert shown == "2"
    assert listed(client, url) == {mentorship.pk for mentorship in counted}
    # The other region's figure opens its own rows.
    url, shown = links[("ile-de-france", "active_mentorships")]
    assert shown == "1"
    assert len(listed(client, url)) == 1


def test_staff_of_one_region_follow_the_same_links(login, staff):
    counted = factories.MentorshipFactory()
    factories.MentorshipFactory(candidate__department=factories.department("75"))
    client = login(staff)
    links = count_links(client)
    assert {region for region, _ in links} == {"grand-est"}
    url, shown = links[("grand-est", "active_mentorships")]
    assert shown == "1"
    assert listed(client, url) == {counted.pk}
    # A zero opens the (empty) list all the same.
    url, shown = links[("grand-est", "submitted")]
    assert shown == "0"
    assert listed(client, url) == set()


def test_national_admins_follow_each_regions_links(login, national_admin):
    factories.MentorshipFactory()
    counted = factories.MentorshipFactory(candidate__department=factories.department("75"))
    client = login(national_admin)
    url, shown = count_links(client)[("ile-de-france", "active_mentorships")]
    assert shown == "1"
    assert listed(client, url) == {counted.pk}


def test_a_count_links_only_to_a_list_the_staff_member_may_open(login):
    group = factories.staff_group_without("view_mentor", "change_mentor")
    staff = factories.StaffFactory(group=group)
    factories.MentorFactory(status=Mentor.Status.PENDING)
    client = login(staff)
    links = count_links(client)
    assert ("grand-est", "pending_mentors") not in links
    assert ("grand-est", "active_mentors") not in links
    assert ("grand-est", "active_mentorships") in links
    # The figure is still shown.
    page = client.get(MY_SPACE).content.decode()
    assert 'data-figure="pending_mentors">1<' in page
