"""The pair's messages, in two browsers: the candidate writes (markup stays text, a link
becomes one), the mentor sees it counted unread in the header, opens it and replies, and the
reply reaches the candidate's open page by polling, without a reload. The candidate then
reports a message, which the region's staff read in the admin (the read logged); screenshots
on a wide screen and a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import SensitiveAccess
from mentoring.models import Message
from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}
# The page polls every 15 seconds: a reply shows within one period and a bit.
POLL_WAIT_MS = 25_000


@pytest.fixture
def second_page(browser):
    """A second person's browser, French, with its console errors caught like the first."""
    context = browser.new_context(locale="fr-FR", viewport=WIDE)
    other = context.new_page()
    errors: list[str] = []
    other.on(
        "console",
        lambda message: message.type == "error" and errors.append(f"{other.url}: {message.text}"),
    )
    other.on("pageerror", lambda error: errors.append(str(error)))
    other.set_default_timeout(10_000)
    yield other
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def fits(page, size) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= size["width"]


def test_the_pair_writes_reads_replies_and_reports(page, second_page, live_server, shoot):
    pair = factories.MentorshipFactory(
        started_at=timezone.now() - datetime.timedelta(days=12),
        candidate__user__first_name="Inès",
        candidate__user__last_name="Amrani",
        mentor__user__first_name="Émile",
        mentor__user__last_name="Olivier",
    )
    staff = factories.StaffFactory(email="delegue@example.org")
    path = f"/parrainages/{pair.pk}/"

    # The candidate writes the first message, on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, pair.candidate.user.email, factories.PASSWORD, path)
    conversation = page.get_by_role("list", name="Messages, du plus ancien au plus récent")
    expect(conversation.get_by_text("Pas encore de message : écrivez le premier.")).to_be_visible()
    assert fits(page, PHONE)
    folder = shoot("candidate-empty-conversation-phone").parent
    page.get_by_label("Votre message").fill(
        "Bonjour ! <b>Merci</b> d'avoir accepté. Mon CV : https://cv.example.org/ines"
    )
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(conversation.get_by_text("<b>Merci</b>", exact=False)).to_be_visible()
    expect(page.locator("#conversation-status")).to_have_text("Message envoyé.")
    expect(page.get_by_label("Votre message")).to_have_value("")
    expect(conversation.get_by_text("Pas encore de message")).to_have_count(0)
    link = conversation.get_by_role("link", name="https://cv.example.org/ines")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    assert page.locator("#conversation-messages b").count() == 0  # markup shown as text
    shoot("candidate-wrote-phone")

    # The mentor sees it counted in the header and opens it.
    mentor = second_page
    sign_in(mentor, live_server, pair.mentor.user.email, factories.PASSWORD, "/mon-espace/")
    header = mentor.get_by_role("navigation").get_by_role("link", name="1 message non lu")
    expect(header).to_be_visible()
    header.click()
    expect(mentor).to_have_url(f"{live_server.url}{path}")
    expect(mentor.get_by_text("Nouveaux messages")).to_be_visible()
    expect(mentor.get_by_text("<b>Merci</b>", exact=False)).to_be_visible()
    mentor.screenshot(path=folder / "mentor-01-reads.png", full_page=True)
    mentor.reload()
    header = mentor.get_by_role("navigation").get_by_role("link", name="1 message non lu")
    expect(header).to_have_count(0)  # read now

    # ... and replies; the candidate's open page shows it by polling, with no reload.
    mentor.get_by_label("Votre message").fill("Avec plaisir, Inès ! Jeudi 18 h, cela vous va ?")
    mentor.get_by_role("button", name="Envoyer", exact=True).click()
    expect(mentor.locator("#conversation-status")).to_have_text("Message envoyé.")
    mentor.screenshot(path=folder / "mentor-02-replied.png", full_page=True)
    reply = conversation.get_by_text("Jeudi 18 h, cela vous va ?")
    expect(reply).to_be_visible(timeout=POLL_WAIT_MS)
    expect(page.locator("#conversation-status")).to_have_text("1 nouveau message")
    assert fits(page, PHONE)
    shoot("candidate-sees-the-reply-phone")
    page.set_viewport_size(WIDE)
    shoot("candidate-sees-the-reply-wide")

    # The candidate reports the reply; the mentor is not told.
    page.get_by_role("link", name="Signaler ce message").click()
    expect(page.get_by_role("heading", name="Signaler un message")).to_be_visible()
    page.get_by_label("Pourquoi signalez-vous ce message ? (facultatif)").fill(
        "Je voulais seulement vérifier le fonctionnement."
    )
    shoot("candidate-reports")
    page.get_by_role("button", name="Signaler le message").click()
    expect(page.get_by_text("Le message est signalé")).to_be_visible()
    expect(page.get_by_text("Signalé à l'équipe régionale")).to_be_visible()
    reported = Message.objects.get(reported_at__isnull=False)
    assert reported.author == pair.mentor.user
    mentor.reload()
    expect(mentor.get_by_text("Signalé à l'équipe régionale")).to_have_count(0)

    # The region's staff read it in the admin, and the read is logged.
    mentor.context.clear_cookies()
    sign_in(mentor, live_server, staff.email, factories.PASSWORD, "/admin/")
    mentor.goto(f"{live_server.url}/admin/mentoring/reportedmessage/")
    mentor.get_by_role("link", name=str(pair), exact=False).first.click()
    expect(mentor.get_by_text("Jeudi 18 h, cela vous va ?")).to_be_visible()
    expect(mentor.get_by_text("Je voulais seulement vérifier le fonctionnement.")).to_be_visible()
    mentor.screenshot(path=folder / "staff-01-reads-the-report.png", full_page=True)
    assert SensitiveAccess.objects.filter(
        staff=staff, what=SensitiveAccess.What.MESSAGE, candidate=pair.candidate
    ).exists()

    # Staff's mentorship page shows how much the pair writes, never what.
    mentor.goto(f"{live_server.url}{path}")
    expect(mentor.get_by_text("1 message du ou de la candidat·e", exact=False)).to_be_visible()
    expect(mentor.get_by_text("Jeudi 18 h")).to_have_count(0)
