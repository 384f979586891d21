"""On a phone (375 px wide), the mentorship page shows each meeting whole: its notes and its
buttons to change or delete it lie within the screen, and the page never scrolls sideways."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PHONE = {"width": 375, "height": 812}
LONG_NOTE = (
    "Relecture du CV ligne à ligne, préparation de l'entretien avec la Banque du Rhin et "
    "liste des trois personnes à appeler avant vendredi : https://exemple.fr/offres/analyste-"
    "financier-junior-strasbourg-2026"
)


def within_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_meetings_fit_a_phone_screen(page, live_server, shoot):
    pair = factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=60))
    mentor = pair.mentor.user
    for days_ago in (30, 10):
        factories.MeetingFactory(
            mentorship=pair,
            logged_by=mentor,
            date=timezone.localdate() - datetime.timedelta(days=days_ago),
            notes=LONG_NOTE,
        )

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, mentor.email, factories.PASSWORD, f"/parrainages/{pair.pk}/")
    meetings = page.get_by_role("region", name="Rencontres")
    expect(meetings.get_by_text("Relecture du CV ligne à ligne").first).to_be_visible()
    shoot("meetings-on-a-phone")

    notes = meetings.get_by_text("Relecture du CV ligne à ligne")
    # Found by where they lead: their wording is another matter.
    buttons = [
        *meetings.locator("a[href$='/modifier/']").all(),
        *meetings.locator("form[action$='/supprimer/'] button").all(),
    ]
    assert notes.count() == 2
    assert len(buttons) == 4
    # Where they lie as the page opens (scrolling a frame sideways would bring them in).
    for element in [*notes.all(), *buttons]:
        assert within_screen(element), element
    # Nothing to reach by scrolling sideways, neither the page nor a frame inside it.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    scrolling_frames = page.evaluate(
        "[...document.querySelectorAll('#main *')].filter(e =>"
        " ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)"
        " && e.scrollWidth > e.clientWidth + 1).map(e => e.className)"
    )
    assert scrolling_frames == []

    # On a wide screen the same cards lay their parts side by side.
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot("meetings-on-a-wide-screen")
