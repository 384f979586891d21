"""The mentorship page: the two parties and their region's staff; forms through the views."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionItem, Meeting, Mentorship, Outcome
from tests import factories
from tests.test_access import LOGIN, OK, ROLES, user_for

pytestmark = pytest.mark.django_db

NOT_FOUND = 404


def page(mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk])


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        started_at=timezone.now() - datetime.timedelta(days=40),
        candidate__user__last_name="Benali",
    )


# Everyone else, another mentor and another candidate included, gets 404.
PAGE = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    "anonymous": LOGIN,
    "staff": OK,
    "national_admin": OK,
    "the_candidate": OK,
    "the_mentor": OK,
}


@pytest.mark.parametrize("role", [*ROLES, "the_candidate", "the_mentor"])
def test_only_the_two_parties_and_their_regions_staff_see_a_mentorship(client, pair, role):
    user = {
        "the_candidate": pair.candidate.user,
        "the_mentor": pair.mentor.user,
    }.get(role) or user_for(role)
    if user is not None:
        client.force_login(user)
    response = client.get(page(pair))
    if PAGE[role] == LOGIN:
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == PAGE[role]


def test_staff_of_another_region_get_404(login, other_staff, pair):
    assert login(other_staff).get(page(pair)).status_code == NOT_FOUND


def test_a_proposal_has_no_mentorship_page_for_the_candidate(login):
    proposal = factories.MentorshipFactory(status="proposed", started_at=None)
    assert login(proposal.candidate.user).get(page(proposal)).status_code == NOT_FOUND


def test_parties_log_a_meeting_tick_the_plan_and_plan_the_next_meeting(login, pair):
    client = login(pair.candidate.user)
    response = client.post(
        reverse("mentoring:meeting_add", args=[pair.pk]),
        {
            "date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "duration_minutes": "60",
            "mode": "video",
            "topics": ["cv", "interview"],
            "notes": "Relecture du CV",
        },
        follow=True,
    )
    assert "La rencontre est enregistrée" in response.content.decode()
    assert Meeting.objects.get().logged_by == pair.candidate.user
    client.post(
        reverse("mentoring:action_toggle", args=[pair.pk]), {"step": "cv_reviewed", "done": "1"}
    )
    assert ActionItem.objects.filter(mentorship=pair, step="cv_reviewed").exists()
    soon = timezone.localdate() + datetime.timedelta(days=5)
    client.post(
        reverse("mentoring:planned_meeting_propose", args=[pair.pk]),
        {"date": soon.isoformat(), "time": "18:30", "duration_minutes": "60", "mode": "phone"},
    )
    assert pair.planned_meetings.get().proposed_by == pair.candidate.user
    content = client.get(page(pair)).content.decode()
    assert "Relecture du CV" in content
    assert "CV, Préparation aux entretiens" in content


def test_a_meeting_in_the_future_gets_a_clear_message_and_is_not_saved(login, pair):
    response = login(pair.mentor.user).post(
        reverse("mentoring:meeting_add", args=[pair.pk]),
        {
            "date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "duration_minutes": "60",
            "mode": "video",
        },
        follow=True,
    )
    assert "ne peut pas être dans le futur" in response.content.decode()
    assert not Meeting.objects.exists()


def test_another_party_cannot_edit_someone_elses_meeting(login, pair):
    meeting = factories.MeetingFactory(mentorship=pair, logged_by=pair.candidate.user)
    url = reverse("mentoring:meeting_edit", args=[pair.pk, meeting.pk])
    assert login(pair.mentor.user).get(url).status_code == NOT_FOUND
    response = login(pair.candidate.user).get(url)
    assert response.status_code == OK
    # Date inputs need ISO dates whatever the language, or the browser shows them empty.
    assert f'value="{meeting.date.isoformat()}"' in response.content.decode()


def test_the_candidate_declares_a_job_and_staff_see_it_to_confirm(login, pair, staff):
    response = login(pair.candidate.user).post(
        reverse("mentoring:outcome_declare", args=[pair.pk]),
        {
            "contract_type": "cdi",
            "job_title": "Analyste financière",
            "employer": "Banque du Rhin",
            "start_date": timezone.localdate().isoformat(),
            "at_level": "on",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.confirmed_at is None
    assert pair.status == Mentorship.Status.ACTIVE


def test_an_outcome_starting_before_the_mentorship_is_refused(login, pair):
    response = login(pair.candidate.user).post(
        reverse("mentoring:outcome_declare", args=[pair.pk]),
        {
            "contract_type": "cdi",
            "job_title": "Analyste",
            "employer": "Banque",
            "start_date": (timezone.localdate() - datetime.timedelta(days=100)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "avant le début du parrainage" in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_check_in_score_outside_1_to_5_is_refused(login, pair):
    url = reverse("mentoring:check_in", args=[pair.pk, "month_1"])
    response = login(pair.mentor.user).post(url, {"score": "9"})
    assert response.status_code == 200
    assert not pair.check_ins.exists()
    login(pair.mentor.user).post(url, {"score": "4", "comment": "Très bien"})
    assert pair.check_ins.get().score == 4


@pytest.mark.parametrize("meetings", [3, 40])
def test_the_page_query_count_does_not_grow(login, pair, meetings, django_assert_max_num_queries):
    factories.MeetingFactory.create_batch(meetings, mentorship=pair, logged_by=pair.mentor.user)
    factories.IntroductionFactory.create_batch(meetings // 3 + 1, mentorship=pair)
    client = login(pair.mentor.user)
    with django_assert_max_num_queries(18):
        assert client.get(page(pair)).status_code == OK
