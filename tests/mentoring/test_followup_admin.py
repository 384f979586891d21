"""Staff follow their region's mentorships in the admin: last meeting, days without contact,
the "needs attention" filter, confirming outcomes, requests for help, the timeline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from mentoring.followup import services as followup
from mentoring.models import CheckIn, Mentorship
from nqt.core.models import User
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("admin:mentoring_mentorship_changelist")


def many_mentorships(count: int) -> None:
    """``count`` active mentorships in the Bas-Rhin, written in bulk."""
    mentor = factories.MentorFactory(capacity=5)
    department = factories.department("67")
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", password="!") for i in range(count)
    )
    now = timezone.now()
    candidates = Candidate.objects.bulk_create(
        Candidate(
            user=user,
            status="in_mentorship",
            department=department,
            submitted_at=now,
            validated_at=now,
        )
        for user in users
    )
    Mentorship.objects.bulk_create(
        Mentorship(
            candidate=candidate,
            mentor=mentor,
            status="active",
            started_at=now - datetime.timedelta(days=i % 90),
            last_meeting_on=(now - datetime.timedelta(days=i % 40)).date(),
        )
        for i, candidate in enumerate(candidates)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_staff_list_query_count_does_not_grow(
    login, staff, count, django_assert_max_num_queries
):
    many_mentorships(count)
    client = login(staff)
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == count
    with django_assert_max_num_queries(9):
        assert client.get(LIST, {"attention": "all"}).status_code == 200


def test_the_list_shows_the_last_meeting_and_the_days_without_contact(login, staff):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=60))
    Mentorship.objects.filter(pk=pair.pk).update(
        last_meeting_on=timezone.localdate() - datetime.timedelta(days=33)
    )
    content = login(staff).get(LIST).content.decode()
    assert ">33<" in content


def test_needs_attention_finds_silence_and_requests_for_help(login, staff):
    quiet = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=50))
    helped = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=40))
    Mentorship.objects.filter(pk=helped.pk).update(last_meeting_on=timezone.localdate())
    CheckIn.objects.create(
        mentorship=helped,
        author=helped.mentor.user,
        role="mentor",
        period="month_1",
        score=2,
        needs_help=True,
    )
    fine = factories.MentorshipFactory()
    Mentorship.objects.filter(pk=fine.pk).update(last_meeting_on=timezone.localdate())
    client = login(staff)

    def shown(**params):
        return {m.pk for m in client.get(LIST, params).context["cl"].result_list}

    assert shown(attention="no_recent_meeting") == {quiet.pk}
    assert shown(attention="help_requested") == {helped.pk}
    assert shown(attention="all") == {quiet.pk, helped.pk}

    client.post(LIST, {"action": "help_handled", "_selected_action": [helped.pk]})
    assert shown(attention="help_requested") == set()


def test_staff_confirm_declared_outcomes_from_the_list(login, staff):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=90))
    followup.outcome_declare(
        mentorship=pair,
        by=pair.mentor.user,
        contract_type="cdd_long",
        job_title="Chargée d'études",
        employer="Région",
        start_date=timezone.localdate(),
        at_level=True,
    )
    login(staff).post(LIST, {"action": "confirm_outcomes", "_selected_action": [pair.pk]})
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED


def test_the_timeline_tells_the_whole_story(login, staff, other_staff):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=50))
    factories.MeetingFactory(mentorship=pair)
    factories.IntroductionFactory(mentorship=pair, contact_role="Directrice RH")
    url = reverse("admin:mentoring_mentorship_timeline", args=[pair.pk])
    content = login(staff).get(url).content.decode()
    assert "Directrice RH" in content
    assert "Rencontre" in content
    assert login(other_staff).get(url).status_code == 404


def test_the_year_filter_keeps_the_mentorships_started_that_year(login, staff):
    paris = timezone.get_current_timezone()
    old = factories.MentorshipFactory(
        started_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=paris)
    )
    new = factories.MentorshipFactory(started_at=datetime.datetime(2025, 1, 1, 0, 30, tzinfo=paris))
    client = login(staff)

    shown = client.get(LIST, {"annee": "2025"}).context["cl"].result_list
    assert list(shown) == [new]
    shown = client.get(LIST, {"annee": "2024"}).context["cl"].result_list
    assert list(shown) == [old]


@pytest.mark.parametrize("year", ["99999", "abc", "1900"])
def test_a_year_not_offered_is_ignored(login, staff, year):
    factories.MentorshipFactory()
    response = login(staff).get(LIST, {"annee": year})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_meetings_are_read_only_in_the_admin_even_for_national_admins(login, national_admin):
    """Only the follow-up services change meetings: they keep last_meeting_on up to date."""
    pair = factories.MentorshipFactory()
    meeting = factories.MeetingFactory(mentorship=pair)
    client = login(national_admin)
    change = reverse("admin:mentoring_meeting_change", args=[meeting.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change, {"date": "2020-01-01"}).status_code == 403
    delete = reverse("admin:mentoring_meeting_delete", args=[meeting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    pair.refresh_from_db()
    assert pair.last_meeting_on == meeting.date


def test_a_rows_link_keeps_the_lists_filters(login, staff):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=60))
    client = login(staff)
    change = reverse("admin:mentoring_mentorship_change", args=[pair.pk])
    filtered = client.get(LIST, {"status__exact": "active"}).content.decode()
    assert f'href="{change}?_changelist_filters=status__exact%3Dactive"' in filtered
    assert f'href="{change}"' in client.get(LIST).content.decode()
