"""The planning part of the mentorship page through its URLs: every role × every new URL,
tampered ids, the forms' messages, "did it take place?" pre-filled, and a query count that
stays flat with many planned meetings."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, PlannedMeeting
from tests import factories
from tests.test_access import OK

pytestmark = pytest.mark.django_db

NOT_FOUND = 404
Status = PlannedMeeting.Status


def page(mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk])


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Inès", mentor__user__first_name="Émile"
    )


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_a_tampered_id_answers_404(login, pair):
    elsewhere = factories.PlannedMeetingFactory(status=Status.ACCEPTED)
    client = login(pair.candidate.user)
    for name in ("planned_meeting_accept", "planned_meeting_cancel", "planned_meeting_not_held"):
        url = reverse(f"mentoring:{name}", args=[pair.pk, elsewhere.pk])
        assert client.post(url).status_code == NOT_FOUND
    url = reverse("mentoring:planned_meeting_invitation", args=[pair.pk, 999_999])
    assert client.get(url).status_code == NOT_FOUND
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.ACCEPTED


# --- Through the forms ------------------------------------------------------------------------


def test_the_mentor_proposes_the_candidate_accepts_and_the_page_shows_it(login, pair):
    mentor = login(pair.mentor.user)
    day = timezone.localdate() + datetime.timedelta(days=4)
    response = mentor.post(
        reverse("mentoring:planned_meeting_propose", args=[pair.pk]),
        {
            "date": day.isoformat(),
            "time": "18:30",
            "duration_minutes": "60",
            "mode": "in_person",
            "place": "Café du Théâtre",
            "note": "Apportez votre CV",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Votre proposition est envoyée" in content
    assert "Vos propositions en attente de réponse" in content
    planned = PlannedMeeting.objects.get()
    candidate = login(pair.candidate.user)
    content = candidate.get(page(pair)).content.decode()
    assert "En attente de votre réponse" in content
    assert "Café du Théâtre" in content
    response = candidate.post(
        reverse("mentoring:planned_meeting_accept", args=[pair.pk, planned.pk]), follow=True
    )
    content = response.content.decode()
    assert "La rencontre est acceptée" in content
    assert "Ajouter à mon agenda" in content
    assert "18:30" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2020-01-01"}, "Choisissez une date et une heure à venir."),
        ({"duration_minutes": "720"}, "Une rencontre dure entre 15 minutes et 4 heures."),
        ({"duration_minutes": "0"}, "Une rencontre dure entre 15 minutes et 4 heures."),
        ({"place": ""}, "Indiquez où vous vous retrouvez."),
        (
            {"mode": "video", "video_url": "http://visio.example.org"},
            "Donnez le lien de la visioconférence, commençant par https://.",
        ),
    ],
)
def test_bad_input_shows_on_the_form_and_saves_nothing(login, pair, data, message):
    day = timezone.localdate() + datetime.timedelta(days=4)
    values = {"date": day.isoformat(), "time": "18:30", "duration_minutes": "60"}
    values |= {"mode": "in_person", "place": "Café", **data}
    response = login(pair.mentor.user).post(
        reverse("mentoring:planned_meeting_propose", args=[pair.pk]), values
    )
    assert response.status_code == OK
    assert message in response.content.decode()
    assert not PlannedMeeting.objects.exists()


def test_answering_ones_own_proposal_is_refused_with_a_message(login, pair):
    planned = factories.PlannedMeetingFactory(mentorship=pair)
    response = login(pair.mentor.user).post(
        reverse("mentoring:planned_meeting_accept", args=[pair.pk, planned.pk]), follow=True
    )
    assert "Vous ne pouvez pas répondre à votre propre proposition" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Status.PROPOSED


def test_a_counter_proposal_through_its_page(login, pair):
    planned = factories.PlannedMeetingFactory(mentorship=pair)
    client = login(pair.candidate.user)
    url = reverse("mentoring:planned_meeting_another_time", args=[pair.pk, planned.pk])
    assert "Proposer un autre moment" in client.get(url).content.decode()
    day = timezone.localdate() + datetime.timedelta(days=6)
    client.post(
        url,
        {"date": day.isoformat(), "time": "09:00", "duration_minutes": "30", "mode": "phone"},
    )
    planned.refresh_from_db()
    counter = PlannedMeeting.objects.get(status=Status.PROPOSED)
    assert planned.status == Status.REPLACED
    assert counter.uid == planned.uid
    assert counter.proposed_by == pair.candidate.user


def test_did_it_take_place_yes_logs_the_meeting_pre_filled(login, pair):
    planned = factories.PlannedMeetingFactory(
        mentorship=pair, status=Status.ACCEPTED, starts_at=in_days(-1), duration_minutes=90
    )
    client = login(pair.candidate.user)
    content = client.get(page(pair)).content.decode()
    assert "Cette rencontre a-t-elle eu lieu" in content
    url = reverse("mentoring:planned_meeting_held", args=[pair.pk, planned.pk])
    form = client.get(url).context["form"]
    assert form.initial["duration_minutes"] == 90
    assert form.initial["mode"] == "in_person"
    day = timezone.localdate(planned.starts_at)
    response = client.post(
        url,
        {"date": day.isoformat(), "duration_minutes": "90", "mode": "in_person", "topics": ["cv"]},
        follow=True,
    )
    assert "la rencontre est enregistrée" in response.content.decode()
    meeting = Meeting.objects.get()
    planned.refresh_from_db()
    assert planned.meeting == meeting
    assert "Cette rencontre a-t-elle eu lieu" not in response.content.decode()


def test_did_it_take_place_no(login, pair):
    planned = factories.PlannedMeetingFactory(
        mentorship=pair, status=Status.ACCEPTED, starts_at=in_days(-1)
    )
    login(pair.mentor.user).post(
        reverse("mentoring:planned_meeting_not_held", args=[pair.pk, planned.pk])
    )
    planned.refresh_from_db()
    assert planned.not_held_at is not None
    assert not Meeting.objects.exists()


def test_staff_read_the_next_meeting_without_the_buttons(login, pair, staff):
    factories.PlannedMeetingFactory(mentorship=pair, status=Status.ACCEPTED)
    content = login(staff).get(page(pair)).content.decode()
    assert "Café du Théâtre" in content
    assert "Ajouter à mon agenda" not in content
    assert "Proposer une rencontre" not in content


@pytest.mark.parametrize("count", [2, 30])
def test_the_page_query_count_does_not_grow_with_planned_meetings(
    login, pair, count, django_assert_max_num_queries
):
    for index in range(count):
        factories.PlannedMeetingFactory(
            mentorship=pair, starts_at=in_days(index + 1), proposed_by=pair.candidate.user
        )
        factories.PlannedMeetingFactory(
            mentorship=pair, status=Status.ACCEPTED, starts_at=in_days(index + 40)
        )
        factories.PlannedMeetingFactory(
            mentorship=pair, status=Status.ACCEPTED, starts_at=in_days(-index - 1)
        )
    client = login(pair.mentor.user)
    with django_assert_max_num_queries(20):
        response = client.get(page(pair))
    assert response.status_code == OK
    assert response.content.decode().count("Cette rencontre a-t-elle eu lieu") == 1


def test_the_confirmation_page_opens_only_when_it_can_be_answered(login, pair):
    upcoming = factories.PlannedMeetingFactory(mentorship=pair, status=Status.ACCEPTED)
    url = reverse("mentoring:planned_meeting_held", args=[pair.pk, upcoming.pk])
    response = login(pair.candidate.user).get(url, follow=True)
    assert "Cette rencontre n'a pas encore eu lieu." in html.unescape(response.content.decode())
    assert response.redirect_chain[-1][0].startswith(page(pair))
