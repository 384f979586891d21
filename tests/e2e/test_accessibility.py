"""Every page each role reaches, on a desktop screen and on a phone, passes axe-core's WCAG 2.2
A/AA and best-practice rules and does not scroll sideways; so do forms showing their errors.

The pages are those of the demo data (``seed_demo``: every kind of record, long names, full
tables), found by following the links of each person's space as they would.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from mentoring.models import Mentor
from nqt.demo import data as demo
from tests import factories
from tests.e2e.accessibility import SCREENS, check_page, crawl, recheck, shape
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

# More than the kinds of page a person reaches from their space (one page of each kind).
PAGES_PER_ROLE = 40

ROLES = {
    "visitor": None,
    "candidate": demo.CANDIDATE_LOGIN.email,
    "mentor": demo.MENTOR_LOGIN.email,
    "company contact": demo.CONTACT_LOGIN.email,
    "regional staff": demo.STAFF_LOGIN.email,
    "national admin": demo.ADMIN_LOGIN.email,
    # Two more people of the demo data, in states the logins above are past.
    "applicant with a draft": lambda: Candidate.objects.filter(status=Candidate.Status.DRAFT),
    "mentor awaiting activation": lambda: Mentor.objects.filter(status=Mentor.Status.PENDING),
}
VISITOR_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
# Where each crawl starts: a person's space, and what it links to only later (the application's
# last step opens once the earlier ones are done).
START = {
    "visitor": VISITOR_PAGES,
    "applicant with a draft": ["/mon-espace/", "/candidature/cv/"],
}
# Pages every signed-in person shares (legal pages, account settings, notifications): checked
# in the visitor's and the candidate's crawls, left out of the others' to keep the run short.
SHARED_PAGES = re.compile(
    r"^/(mentions-legales|confidentialite|accessibilite|accounts|notifications)/"
)

# Kinds of page (``shape``) each crawl must reach, so that it cannot shrink unnoticed.
REACHED = {
    "visitor": {*VISITOR_PAGES, "/mentions-legales/", "/confidentialite/", "/accessibilite/"},
    "candidate": {
        "/mon-espace/",
        "/candidature/identite/",
        "/candidature/recapitulatif/",
        "/candidature/dossier/N/",
        "/parrainages/N/",
        "/parrainages/N/sortie/",
        "/notifications/",
        "/notifications/preferences/",
        "/accounts/email/",
        "/accounts/password/change/",
    },
    "mentor": {
        "/espace-parrain/",
        "/espace-parrain/profil/",
        "/espace-parrain/parrainages/N/",
        "/charte-du-parrain/",
        "/parrainages/N/",
        "/parrainages/N/rencontres/N/modifier/",
        "/parrainages/N/point-d-etape/month_N/",
    },
    "company contact": {
        "/espace-entreprise/",
        "/entreprises/N/engagement/",
        "/entreprises/N/bilan-rse/",
    },
    "regional staff": {
        "/tableau-de-bord/",
        "/tableau-de-bord/?annee&page&region",
        "/tableau-de-bord/rapport-financeurs/?annee&region",
        "/entreprises/N/engagement/",
    },
    "national admin": {
        "/tableau-de-bord/",
        "/tableau-de-bord/rapport-financeurs/?annee",
        "/entreprises/N/engagement/",
    },
    "applicant with a draft": {
        "/mon-espace/",
        "/candidature/identite/",
        "/candidature/etudes/",
        "/candidature/projet/",
        "/candidature/criteres-sociaux/",
        "/candidature/cv/",
        "/candidature/recapitulatif/",
    },
    "mentor awaiting activation": {"/espace-parrain/", "/espace-parrain/profil/"},
}


def login_of(role: str) -> str | None:
    """The e-mail to sign in with (None: a visitor). A person picked from the demo data gets
    the demo password and a verified address, as the demo logins have."""
    login = ROLES[role]
    if not callable(login):
        return login
    user = login().select_related("user").order_by("pk").first().user
    user.set_password(demo.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user.email


@pytest.fixture
def demo_data(live_db):
    call_command("seed_demo", "--force", verbosity=0)


def problems_of(found: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items() if problems
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_person_reaches_is_accessible(role, demo_data, page, live_server, shoot):
    """Found on a desktop screen, each page is checked there and then on a phone."""
    login = login_of(role)
    if login:
        sign_in(page, live_server, login, demo.DEMO_PASSWORD, "/mon-espace/")
        expect(page).to_have_url(f"{live_server.url}/mon-espace/")
    start = START.get(role, ["/mon-espace/"])
    skip = None if role in ("visitor", "candidate") else SHARED_PAGES
    found = crawl(page, live_server.url, start, limit=PAGES_PER_ROLE, skip=skip)
    page.goto(live_server.url + start[0])
    shoot("desktop-landing")
    page.set_viewport_size(SCREENS["phone"])
    on_phone = recheck(page, live_server.url, found)
    page.goto(live_server.url + start[0])
    shoot("phone-landing")

    assert REACHED[role] <= {shape(path) for path in found}, sorted(found)
    assert problems_of(found) == ""
    assert problems_of(on_phone) == ""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_forms_showing_their_errors_are_accessible(screen, demo_data, page, live_server, shoot):
    """Forms showing errors: a visitor signing up, accepting an invitation or signing in, a
    mentor editing a profile."""
    page.set_viewport_size(SCREENS[screen])
    found = {}

    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    found["signup"] = check_page(page)
    shoot(f"{screen}-signup-errors")

    _invitation, token = factories.invitation_with_token(email="invitee@example.org")
    page.goto(f"{live_server.url}/invitation/{token}/")
    expect(page.get_by_role("heading", name="Créez votre compte")).to_be_visible()
    found["invitation"] = check_page(page)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    found["invitation with errors"] = check_page(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(demo.CANDIDATE_LOGIN.email)
    page.get_by_role("textbox", name="Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("sont incorrects")).to_be_visible()
    found["login"] = check_page(page)

    sign_in(page, live_server, demo.MENTOR_LOGIN.email, demo.DEMO_PASSWORD, "/espace-parrain/")
    page.goto(f"{live_server.url}/espace-parrain/profil/")
    page.get_by_label("Intitulé du poste").fill("")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Saisissez l'intitulé de votre poste.")).to_be_visible()
    found["mentor profile"] = check_page(page)
    shoot(f"{screen}-mentor-profile-errors")

    assert problems_of(found) == ""
