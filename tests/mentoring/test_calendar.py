"""Calendar invitations (RFC 5545 / 5546), parsed back with the ``icalendar`` library: the
method, a UID stable along a meeting's changes, SEQUENCE raised with each change sent, times
in Europe/Paris right on both sides of a daylight-saving change, the cancellation; and the
invitation attached to the e-mail through the notification outbox."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.workspace import calendar, planning
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def parse(content: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(content)
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    return parsed, events[0]


def event(start: datetime.datetime, minutes: int = 60, **kwargs) -> calendar.Event:
    return calendar.Event(
        uid="abc@example.org",
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        summary="Rencontre de parrainage — Inès Amrani",
        **kwargs,
    )


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        # The last Sunday of March 2027 is the 28th: summer time from 02:00.
        (datetime.datetime(2027, 3, 27, 10, 0), 1),
        (datetime.datetime(2027, 3, 28, 10, 0), 2),
        # The last Sunday of October 2026 is the 25th: winter time from 03:00.
        (datetime.datetime(2026, 10, 24, 10, 0), 2),
        (datetime.datetime(2026, 10, 25, 10, 0), 1),
        # The spring change of 2026 (29 March) and the autumn change of 2027 (31 October).
        (datetime.datetime(2026, 3, 29, 1, 30), 1),
        (datetime.datetime(2026, 3, 29, 3, 30), 2),
        (datetime.datetime(2027, 10, 31, 1, 30), 2),
        (datetime.datetime(2027, 10, 31, 4, 0), 1),
    ],
)
def test_times_are_in_paris_time_right_across_daylight_saving_changes(local, offset):
    start = local.replace(tzinfo=PARIS)
    content = calendar.calendar_file([event(start)], method=calendar.Method.REQUEST)
    parsed, vevent = parse(content)
    assert b"DTSTART;TZID=Europe/Paris:" + local.strftime("%Y%m%dT%H%M%S").encode() in content
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.start.utcoffset() == datetime.timedelta(hours=offset)
    assert vevent.start == start
    # The file's own VTIMEZONE gives the same offset (a client that reads only the file).
    zone = parsed.walk("VTIMEZONE")[0].to_tz()
    assert local.replace(tzinfo=zone).utcoffset() == datetime.timedelta(hours=offset)


@pytest.mark.parametrize("day", [datetime.date(2026, 10, 25), datetime.date(2027, 3, 28)])
def test_a_meeting_on_the_day_of_a_change_ends_at_its_local_hour(day):
    """Planned meetings add their duration in real time (stored in UTC): two hours from 10:00
    on the day of a change end at 12:00, Paris time, both in the file and once parsed."""
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS).astimezone(datetime.UTC)
    meeting = calendar.Event(
        uid="abc@example.org",
        start=start,
        end=start + datetime.timedelta(hours=2),
        summary="Rencontre de parrainage — Inès Amrani",
    )
    content = calendar.calendar_file([meeting], method=calendar.Method.REQUEST)
    _parsed, vevent = parse(content)
    assert b"DTEND;TZID=Europe/Paris:" + day.strftime("%Y%m%d").encode() + b"T120000" in content
    assert vevent.end.astimezone(datetime.UTC) - vevent.start.astimezone(
        datetime.UTC
    ) == datetime.timedelta(hours=2)


def test_the_file_carries_method_uid_sequence_stamp_and_people():
    start = datetime.datetime(2027, 1, 12, 18, 0, tzinfo=PARIS)
    content = calendar.calendar_file(
        [
            event(
                start,
                sequence=3,
                location="Café du Théâtre",
                organizer=calendar.Person("emile@example.org", "Émile Olivier"),
                attendees=(
                    calendar.Person("emile@example.org", "Émile Olivier"),
                    calendar.Person("ines@example.org", "Inès Amrani"),
                ),
            )
        ],
        method=calendar.Method.REQUEST,
    )
    parsed, vevent = parse(content)
    assert parsed["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == "abc@example.org"
    assert vevent["SEQUENCE"] == 3
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert str(vevent["SUMMARY"]) == "Rencontre de parrainage — Inès Amrani"
    assert str(vevent["LOCATION"]) == "Café du Théâtre"
    assert str(vevent["ORGANIZER"]) == "mailto:emile@example.org"
    assert {str(a) for a in vevent["ATTENDEE"]} == {
        "mailto:emile@example.org",
        "mailto:ines@example.org",
    }
    assert str(vevent["STATUS"]) == "CONFIRMED"


# --- A planned meeting's invitations --------------------------------------------------------


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Inès",
        candidate__user__last_name="Amrani",
        mentor__user__first_name="Émile",
        mentor__user__last_name="Olivier",
    )


def at(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def invitations(user) -> list[tuple[icalendar.Calendar, icalendar.Event, str]]:
    """The calendar files e-mailed to ``user``, oldest first, with their MIME type."""
    found = []
    for message in mail.outbox:
        if message.to != [user.email]:
            continue
        for filename, content, mimetype in message.attachments:
            assert filename.endswith(".ics")
            found.append((*parse(content), mimetype))
    return found


def test_acceptance_e_mails_both_an_invitation_named_after_the_other(
    pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        planned = planning.planned_meeting_propose(
            mentorship=pair,
            by=pair.mentor.user,
            starts_at=at(3),
            duration_minutes=90,
            mode="video",
            video_url="https://visio.example.org/r/1",
        )
    with django_capture_on_commit_callbacks(execute=True):
        planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)
    (parsed, vevent, mimetype), = invitations(pair.candidate.user)  # fmt: skip
    assert mimetype == "text/calendar; method=REQUEST; charset=UTF-8"
    assert parsed["METHOD"] == "REQUEST"
    assert str(vevent["SUMMARY"]) == "Rencontre de parrainage — Émile Olivier"
    assert str(vevent["LOCATION"]) == "https://visio.example.org/r/1"
    assert vevent.end - vevent.start == datetime.timedelta(minutes=90)
    (_parsed, mentor_event, _mimetype), = invitations(pair.mentor.user)  # fmt: skip
    assert str(mentor_event["SUMMARY"]) == "Rencontre de parrainage — Inès Amrani"
    assert mentor_event["UID"] == vevent["UID"]
    # The proposal's e-mail carried no file.
    proposal_mail = [m for m in mail.outbox if "propose" in m.subject]
    assert proposal_mail
    assert not proposal_mail[0].attachments


def test_a_move_updates_the_same_event_and_a_cancellation_cancels_it(
    pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        planned = planning.planned_meeting_propose(
            mentorship=pair, by=pair.mentor.user, starts_at=at(3), duration_minutes=60,
            mode="phone",
        )  # fmt: skip
        planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)
    with django_capture_on_commit_callbacks(execute=True):
        move = planning.planned_meeting_move(
            planned=planned, by=pair.candidate.user, starts_at=at(5, 9), duration_minutes=60,
            mode="in_person", place="Médiathèque du Pontiffroy",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        planning.planned_meeting_accept(planned=move, by=pair.mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        planning.planned_meeting_cancel(planned=move, by=pair.mentor.user)
    first, moved, cancelled = invitations(pair.candidate.user)
    assert first[1]["UID"] == moved[1]["UID"] == cancelled[1]["UID"]
    assert [f[1]["SEQUENCE"] for f in (first, moved, cancelled)] == [0, 1, 2]
    assert moved[1].start == at(5, 9)
    assert str(moved[1]["LOCATION"]) == "Médiathèque du Pontiffroy"
    assert cancelled[0]["METHOD"] == "CANCEL"
    assert str(cancelled[1]["STATUS"]) == "CANCELLED"
    assert cancelled[2] == "text/calendar; method=CANCEL; charset=UTF-8"


def test_an_invitation_moved_before_it_left_is_not_sent(pair, django_capture_on_commit_callbacks):
    """The outbox sends from the row: an acceptance whose meeting was cancelled meanwhile
    sends nothing (the cancellation does)."""
    with django_capture_on_commit_callbacks(execute=True):
        planned = planning.planned_meeting_propose(
            mentorship=pair, by=pair.mentor.user, starts_at=at(3), duration_minutes=60,
            mode="phone",
        )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as accepted:
        planning.planned_meeting_accept(planned=planned, by=pair.candidate.user)
    planned.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as cancelled:
        planning.planned_meeting_cancel(planned=planned, by=pair.candidate.user)
    for callback in [*accepted, *cancelled]:
        callback()
    methods = [parse(c)[0]["METHOD"] for m in mail.outbox for _f, c, _t in m.attachments]
    assert methods == ["CANCEL", "CANCEL"]


def test_the_download_is_for_the_parties_of_an_accepted_meeting(pair, login):
    planned = factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", starts_at=at(2, 10)
    )
    url = reverse("mentoring:planned_meeting_invitation", args=[pair.pk, planned.pk])
    response = login(pair.candidate.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    _parsed, vevent = parse(response.content)
    assert vevent.start == at(2, 10)
    assert str(vevent["SUMMARY"]).endswith(pair.mentor.user.get_full_name())
    proposal = factories.PlannedMeetingFactory(mentorship=pair)
    url = reverse("mentoring:planned_meeting_invitation", args=[pair.pk, proposal.pk])
    assert login(pair.candidate.user).get(url).status_code == 404


def test_the_stamp_is_the_time_of_writing():
    moment = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        content = calendar.calendar_file(
            [event(datetime.datetime(2027, 1, 5, 9, tzinfo=PARIS))], method=calendar.Method.CANCEL
        )
    _parsed, vevent = parse(content)
    assert vevent.decoded("DTSTAMP") == moment
