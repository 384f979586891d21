"""Meetings planned together (DESIGN §13): proposal, answers by the other party only,
counter-proposals and moves that keep the calendar event, cancellation, and "did it take
place?" which alone makes a planned meeting count as held."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.followup.services import FollowUpError
from mentoring.models import Meeting, PlannedMeeting
from mentoring.workspace import planning
from mentoring.workspace.planning_forms import PlannedMeetingForm
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

Status = PlannedMeeting.Status


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Inès", mentor__user__first_name="Émile"
    )


def soon(days: int = 3, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def propose(pair, by=None, **overrides):
    data = {
        "starts_at": soon(),
        "duration_minutes": 60,
        "mode": "in_person",
        "place": "Café du Théâtre",
        **overrides,
    }
    return planning.planned_meeting_propose(mentorship=pair, by=by or pair.mentor.user, **data)


def kinds(**filters) -> list[str]:
    return list(Notification.objects.filter(**filters).values_list("kind", flat=True))


def test_a_proposal_tells_the_other_party_only(pair):
    planned = propose(pair)
    assert planned.status == Status.PROPOSED
    assert planned.proposed_by == pair.mentor.user
    assert kinds(recipient=pair.candidate.user) == ["planned_meeting_proposed"]
    assert kinds(recipient=pair.mentor.user) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": timezone.now() - datetime.timedelta(hours=1)}, "date"),
        ({"starts_at": timezone.now() + datetime.timedelta(days=200)}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 12 * 60}, "duration_minutes"),
        ({"mode": "in_person", "place": "  "}, "place"),
        ({"mode": "video", "video_url": "http://meet.example.org/abc"}, "video_url"),
        ({"mode": "video", "video_url": "javascript:alert(1)"}, "video_url"),
        ({"mode": "teleport"}, "mode"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(pair, overrides, field):
    with pytest.raises(ValidationError) as error:
        propose(pair, **overrides)
    assert field in error.value.message_dict
    assert not PlannedMeeting.objects.exists()
    assert not Notification.objects.exists()


def test_phone_needs_neither_place_nor_link_and_keeps_only_what_its_mode_needs(pair):
    planned = propose(pair, mode="phone", place="ignored", video_url="https://x.example.org")
    assert (planned.place, planned.video_url) == ("", "")
    video = propose(pair, mode="video", video_url="https://visio.example.org/r/1", place="x")
    assert (video.place, video.video_url) == ("", "https://visio.example.org/r/1")


def test_only_the_parties_of_an_active_mentorship_propose(pair):
    with pytest.raises(FollowUpError):
        propose(pair, by=factories.StaffFactory())
    pair.status, pair.ended_at = "completed", timezone.now()
    pair.save(update_fields=["status", "ended_at"])
    with pytest.raises(FollowUpError):
        propose(pair)
    assert not PlannedMeeting.objects.exists()


def test_one_cannot_answer_ones_own_proposal(pair):
    planned = propose(pair)
    for answer in (planning.planned_meeting_accept, planning.planned_meeting_decline):
        with pytest.raises(FollowUpError):
            answer(planned=planned, by=pair.mentor.user)
    with pytest.raises(FollowUpError):
        planning.planned_meeting_counter(
            planned=planned, by=pair.mentor.user, starts_at=soon(4), duration_minutes=60,
            mode="phone",
        )  # fmt: skip
    planned.refresh_from_db()
    assert planned.status == Status.PROPOSED


def test_accepting_invites_both_parties(pair):
    planned = propose(pair)
    planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)
    planned.refresh_from_db()
    assert planned.status == Status.ACCEPTED
    assert planned.answered_by == pair.candidate.user
    recipients = set(
        Notification.objects.filter(kind="planned_meeting_accepted").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {pair.candidate.user.pk, pair.mentor.user.pk}


def test_an_answered_proposal_cannot_be_answered_again(pair):
    planned = propose(pair)
    planning.planned_meeting_decline(planned=planned, by=pair.candidate.user)
    with pytest.raises(FollowUpError):
        planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)
    assert kinds(recipient=pair.mentor.user) == ["planned_meeting_declined"]


def test_a_counter_proposal_replaces_the_proposal_and_keeps_its_event(pair):
    planned = propose(pair)
    counter = planning.planned_meeting_counter(
        planned=planned,
        by=pair.candidate.user,
        starts_at=soon(5),
        duration_minutes=45,
        mode="video",
        video_url="https://visio.example.org/r/2",
    )
    planned.refresh_from_db()
    assert planned.status == Status.REPLACED
    assert (counter.uid, counter.sequence, counter.replaces) == (planned.uid, 0, planned)
    assert counter.proposed_by == pair.candidate.user
    # Now the mentor answers, not the candidate.
    with pytest.raises(FollowUpError):
        planning.planned_meeting_accept(planned=counter, by=pair.candidate.user)
    planning.planned_meeting_accept(planned=counter, by=pair.mentor.user)
    counter.refresh_from_db()
    assert counter.status == Status.ACCEPTED


def accepted(pair, **overrides) -> PlannedMeeting:
    planned = propose(pair, **overrides)
    return planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)


def test_moving_an_accepted_meeting_keeps_it_until_the_new_time_is_accepted(pair):
    first = accepted(pair)
    move = planning.planned_meeting_move(
        planned=first, by=pair.candidate.user, starts_at=soon(6), duration_minutes=60,
        mode="phone",
    )  # fmt: skip
    assert (move.uid, move.sequence) == (first.uid, first.sequence + 1)
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED
    # One new time at a time.
    with pytest.raises(FollowUpError):
        planning.planned_meeting_move(
            planned=first, by=pair.mentor.user, starts_at=soon(7), duration_minutes=60,
            mode="phone",
        )  # fmt: skip
    planning.planned_meeting_accept(planned=move, by=pair.mentor.user)
    first.refresh_from_db()
    move.refresh_from_db()
    assert first.status == Status.REPLACED
    assert move.status == Status.ACCEPTED
    assert PlannedMeeting.objects.filter(uid=first.uid, status=Status.ACCEPTED).count() == 1


def test_declining_a_new_time_keeps_the_meeting(pair):
    first = accepted(pair)
    move = planning.planned_meeting_move(
        planned=first, by=pair.candidate.user, starts_at=soon(6), duration_minutes=60,
        mode="phone",
    )  # fmt: skip
    planning.planned_meeting_decline(planned=move, by=pair.mentor.user)
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED
    declined = Notification.objects.get(kind="planned_meeting_declined")
    assert declined.recipient == pair.candidate.user
    assert "reste prévue" in declined.body_text


def test_either_party_cancels_an_accepted_meeting_and_both_are_told(pair):
    first = accepted(pair)
    planning.planned_meeting_cancel(planned=first, by=pair.candidate.user)
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert first.sequence == 1
    recipients = set(
        Notification.objects.filter(kind="planned_meeting_cancelled").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {pair.candidate.user.pk, pair.mentor.user.pk}
    with pytest.raises(FollowUpError):
        planning.planned_meeting_cancel(planned=first, by=pair.mentor.user)


def test_cancelling_takes_a_new_time_waiting_with_it(pair):
    first = accepted(pair)
    move = planning.planned_meeting_move(
        planned=first, by=pair.candidate.user, starts_at=soon(6), duration_minutes=60,
        mode="phone",
    )  # fmt: skip
    planning.planned_meeting_cancel(planned=first, by=pair.mentor.user)
    move.refresh_from_db()
    assert move.status == Status.CANCELLED


def test_only_its_author_withdraws_a_proposal(pair):
    planned = propose(pair)
    with pytest.raises(FollowUpError):
        planning.planned_meeting_cancel(planned=planned, by=pair.candidate.user)
    planning.planned_meeting_cancel(planned=planned, by=pair.mentor.user)
    planned.refresh_from_db()
    assert planned.status == Status.CANCELLED
    assert "planned_meeting_withdrawn" in kinds(recipient=pair.candidate.user)


def past(pair, hours_ago: int = 3) -> PlannedMeeting:
    return factories.PlannedMeetingFactory(
        mentorship=pair,
        status=Status.ACCEPTED,
        answered_by=pair.candidate.user,
        starts_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def test_a_planned_meeting_never_counts_as_held_until_confirmed(pair):
    planned = past(pair)
    pair.refresh_from_db()
    assert pair.last_meeting_on is None
    assert not Meeting.objects.exists()
    meeting = planning.planned_meeting_confirm(
        planned=planned,
        by=pair.candidate.user,
        date=timezone.localdate(planned.starts_at),
        duration_minutes=90,
        mode="in_person",
        topics=["cv"],
        notes="",
    )
    planned.refresh_from_db()
    pair.refresh_from_db()
    assert planned.meeting == meeting
    assert meeting.duration_minutes == 90
    assert pair.last_meeting_on == timezone.localdate(planned.starts_at)
    # The other party cannot log it a second time.
    with pytest.raises(FollowUpError):
        planning.planned_meeting_not_held(planned=planned, by=pair.mentor.user)
    assert Meeting.objects.count() == 1


def test_a_meeting_still_to_come_cannot_be_confirmed(pair):
    planned = accepted(pair)
    with pytest.raises(FollowUpError):
        planning.planned_meeting_not_held(planned=planned, by=pair.mentor.user)
    with pytest.raises(FollowUpError):
        planning.planned_meeting_confirm(
            planned=planned, by=pair.mentor.user, date=timezone.localdate(), duration_minutes=60,
            mode="phone", topics=[],
        )  # fmt: skip


def test_not_held_logs_nothing(pair):
    planned = past(pair)
    planning.planned_meeting_not_held(planned=planned, by=pair.mentor.user)
    planned.refresh_from_db()
    assert planned.not_held_at is not None
    assert not Meeting.objects.exists()


def test_a_proposal_whose_time_has_passed_cannot_be_accepted(pair):
    planned = factories.PlannedMeetingFactory(
        mentorship=pair, starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with pytest.raises(FollowUpError):
        planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)


# --- The form ---------------------------------------------------------------------------------


def form(**data) -> PlannedMeetingForm:
    day = timezone.localdate() + datetime.timedelta(days=2)
    values = {"date": day.isoformat(), "time": "18:30", "duration_minutes": "60"}
    values |= {"mode": "in_person", "place": "Médiathèque", **data}
    return PlannedMeetingForm(values)


def test_the_form_makes_a_paris_time():
    valid = form()
    assert valid.is_valid(), valid.errors
    start = valid.cleaned_data["starts_at"]
    assert timezone.localtime(start).time() == datetime.time(18, 30)
    assert str(timezone.localtime(start).tzinfo) == "Europe/Paris"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2020-01-01"}, "date", "Choisissez une date et une heure à venir."),
        ({"duration_minutes": "0"}, "duration_minutes", "entre 15 minutes et 4 heures"),
        ({"duration_minutes": "720"}, "duration_minutes", "entre 15 minutes et 4 heures"),
        ({"place": ""}, "place", "Indiquez où vous vous retrouvez."),
        ({"mode": "video", "video_url": "http://x.example.org"}, "video_url", "https://"),
        ({"mode": "video", "video_url": "pas un lien"}, "video_url", "https://"),
        ({"time": "25:00"}, "time", "heure valide"),
    ],
)
def test_the_form_says_what_is_wrong_in_french(data, field, message):
    invalid = form(**data)
    assert not invalid.is_valid()
    assert message in " ".join(invalid.errors[field])
