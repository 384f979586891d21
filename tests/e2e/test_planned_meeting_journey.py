"""A meeting planned together, in the browser: the mentor proposes it, the candidate accepts
and downloads the invitation (parsed back), and once its time has passed the candidate
confirms it took place, which logs it for both; screenshots on a wide screen and a phone."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Meeting, PlannedMeeting
from tests import factories
from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}


def test_a_meeting_is_proposed_accepted_added_to_a_calendar_and_confirmed(page, live_server, shoot):
    pair = factories.MentorshipFactory(
        started_at=timezone.now() - datetime.timedelta(days=20),
        candidate__user__first_name="Inès",
        candidate__user__last_name="Amrani",
        mentor__user__first_name="Émile",
        mentor__user__last_name="Olivier",
    )
    path = f"/parrainages/{pair.pk}/"
    day = timezone.localdate() + datetime.timedelta(days=5)

    # The mentor proposes a meeting.
    sign_in(page, live_server, pair.mentor.user.email, factories.PASSWORD, path)
    planning = page.get_by_role("region", name="Prochaine rencontre")
    expect(planning.get_by_text("Pas encore prévue.")).to_be_visible()
    form = page.locator("form[action$='/rendez-vous/proposer/']")
    form.get_by_label("Date").fill(day.isoformat())
    form.get_by_label("Heure").fill("18:30")
    form.get_by_label("Durée").select_option("90")
    form.get_by_label("En présentiel").check()
    form.get_by_label("Lieu").fill("Médiathèque du Pontiffroy, Metz")
    shoot("mentor-proposes")
    form.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_text("Votre proposition est envoyée")).to_be_visible()
    expect(page.get_by_text("Vos propositions en attente de réponse")).to_be_visible()
    shoot("mentor-waits")
    for size, name in ((PHONE, "phone"), (WIDE, "wide")):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        shoot(f"mentor-waits-{name}")
    sign_out(page)

    # The candidate accepts it, on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, pair.candidate.user.email, factories.PASSWORD, path)
    expect(page.get_by_text("En attente de votre réponse")).to_be_visible()
    shoot("candidate-is-asked-phone")
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("La rencontre est acceptée")).to_be_visible()
    planning = page.get_by_role("region", name="Prochaine rencontre")
    expect(planning.get_by_text("Médiathèque du Pontiffroy, Metz")).to_be_visible()
    expect(planning.get_by_text("18:30")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot("candidate-accepted-phone")

    # ... and adds it to a calendar.
    with page.expect_download() as download_info:
        planning.get_by_role("link", name="Ajouter à mon agenda").click()
    download = download_info.value
    assert download.suggested_filename == f"rencontre-{day.isoformat()}.ics"
    with open(download.path(), "rb") as file:
        parsed = icalendar.Calendar.from_ical(file.read())
    (event,) = parsed.walk("VEVENT")
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["SUMMARY"]) == "Rencontre de parrainage — Émile Olivier"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert timezone.localtime(event.start).time() == datetime.time(18, 30)
    assert event.end - event.start == datetime.timedelta(minutes=90)
    page.set_viewport_size(WIDE)
    shoot("candidate-accepted-wide")

    # The date passes (moved into the past in the database): both are asked.
    planned = PlannedMeeting.objects.get(mentorship=pair, status="accepted")
    planned.starts_at = timezone.now() - datetime.timedelta(days=1, hours=2)
    planned.save(update_fields=["starts_at"])
    page.reload()
    asked = page.get_by_text("Cette rencontre a-t-elle eu lieu ?")
    expect(asked).to_be_visible()
    shoot("candidate-is-asked-whether-it-took-place")
    assert not Meeting.objects.exists()  # never counted before someone confirms it
    page.get_by_role("link", name="Oui").click()
    expect(page.get_by_role("heading", name="La rencontre a eu lieu")).to_be_visible()
    expect(page.get_by_label("Durée")).to_have_value("90")
    page.get_by_label("Préparation aux entretiens").check()
    shoot("candidate-confirms")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("la rencontre est enregistrée")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.duration_minutes == 90
    assert meeting.topics == ["interview"]
    page.set_viewport_size(PHONE)
    shoot("candidate-meeting-logged-phone")
    sign_out(page)

    # The mentor finds it logged, with nothing left to confirm.
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, pair.mentor.user.email, factories.PASSWORD, path)
    meetings = page.get_by_role("list", name="Rencontres, les plus récentes d'abord")
    expect(meetings.get_by_text("Préparation aux entretiens")).to_be_visible()
    expect(page.get_by_text("Cette rencontre a-t-elle eu lieu ?")).to_have_count(0)
    shoot("mentor-sees-it-logged")
    page.set_viewport_size(PHONE)
    shoot("mentor-sees-it-logged-phone")
