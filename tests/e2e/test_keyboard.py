"""With the keyboard alone, on a phone: skip to the content, open the menu and follow a link;
change the dashboard's filters; scroll a table wider than the screen."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import SCREENS
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def focused(page) -> str:
    """The focused element's accessible text (its label, or its text)."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.getAttribute('aria-label') || e.innerText || e.id || '').trim(); }"
    )


def test_a_visitor_skips_to_the_content_and_uses_the_menu_by_keyboard(page, live_server, shoot):
    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shoot("skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"{live_server.url}/")
    for _ in range(3):  # the skip link, the site's name, the menu button
        page.keyboard.press("Tab")
    menu = page.get_by_role("button", name="Ouvrir le menu")
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert focused(page) == "Le programme"
    page.keyboard.press("Tab")
    assert focused(page) == "Se connecter"
    shoot("menu-open")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_staff_change_the_dashboard_and_scroll_its_tables_by_keyboard(page, live_server, shoot):
    staff = factories.StaffFactory(email="clavier@example.org")
    last_year = timezone.localdate().year - 1
    started = datetime.datetime(last_year, 3, 1, 12, tzinfo=datetime.UTC)
    factories.MentorshipFactory(started_at=started)
    page.set_viewport_size(SCREENS["phone"])
    sign_in(page, live_server, staff.email, factories.PASSWORD, "/tableau-de-bord/")
    expect(page.get_by_role("heading", name="Tableau de bord du programme")).to_be_visible()

    # Tab through the page until the year filter, as a keyboard user does.
    year = page.get_by_label("Année", exact=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if year.evaluate("element => element === document.activeElement"):
            break
    expect(year).to_be_focused()
    page.keyboard.press("ArrowDown")  # the year before this one (the newest comes first)
    expect(year).to_have_value(str(last_year))
    page.keyboard.press("Tab")  # the company filter
    page.keyboard.press("Tab")  # "Afficher"
    expect(page.get_by_role("button", name="Afficher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{live_server.url}/tableau-de-bord/?region=grand-est&annee={last_year}&entreprise="
    )
    expect(page.locator("#year-title")).to_have_text(f"Parrainages commencés en {last_year}")

    # The company table is wider than a phone: its frame takes the focus and scrolls by arrows.
    table = page.locator("[data-companies]")
    frame = page.get_by_role("region", name=table.locator("caption").inner_text())
    expect(frame).to_have_attribute("tabindex", "0")
    frame.focus()
    assert frame.evaluate("element => element.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function(
        "element => element.scrollLeft > 0", arg=frame.element_handle(), timeout=2_000
    )
    shoot("company-table-scrolled")
