"""The admin timeline of a mentorship: meetings and introductions have a date and no time, so
they show as dates and come, on their day, after the start and before the closure."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CLOSURE_DAY = datetime.date(2026, 3, 12)


def rows(html: str) -> list[str]:
    """The timeline's rows, as their text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in body.split("</tr>")
        if "<t" in row
    ]


@time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=PARIS), tick=False)
def test_on_the_closure_day_the_days_meeting_comes_before_the_end(login, staff):
    started = datetime.datetime(2026, 2, 1, 9, 15, tzinfo=PARIS)
    ended = datetime.datetime.combine(CLOSURE_DAY, datetime.time(9, 30), tzinfo=PARIS)
    pair = factories.MentorshipFactory(
        started_at=started,
        proposed_at=started - datetime.timedelta(days=2),
        answered_at=started,
        status=Mentorship.Status.COMPLETED,
        ended_at=ended,
    )
    factories.MeetingFactory(mentorship=pair, date=CLOSURE_DAY)
    factories.IntroductionFactory(mentorship=pair, date=CLOSURE_DAY, contact_role="Directrice RH")
    url = reverse("admin:mentoring_mentorship_timeline", args=[pair.pk])

    timeline = rows(login(staff).get(url).content.decode())

    [meeting] = [row for row in timeline if "Rencontre" in row]
    [introduction] = [row for row in timeline if "Directrice RH" in row]
    [end] = [row for row in timeline if "Fin du parrainage" in row]
    assert timeline.index(meeting) < timeline.index(end)
    assert timeline.index(introduction) < timeline.index(end)
    # Dates without an invented time; the closure keeps its time.
    assert meeting.startswith("12/03/2026 Rencontre")
    assert introduction.startswith("12/03/2026 Mise en relation")
    assert "12:00" not in " ".join(timeline)
    assert end.startswith("12/03/2026 09:30 Fin du parrainage (terminé)")


@time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=PARIS), tick=False)
def test_on_the_first_day_the_days_meeting_comes_after_the_start(login, staff):
    started = datetime.datetime(2026, 2, 1, 18, 0, tzinfo=PARIS)
    pair = factories.MentorshipFactory(
        started_at=started, proposed_at=started - datetime.timedelta(days=2), answered_at=started
    )
    factories.MeetingFactory(mentorship=pair, date=started.date())
    url = reverse("admin:mentoring_mentorship_timeline", args=[pair.pk])

    timeline = rows(login(staff).get(url).content.decode())

    [start] = [row for row in timeline if "Accepté" in row]
    [meeting] = [row for row in timeline if "Rencontre" in row]
    assert timeline.index(start) < timeline.index(meeting)
