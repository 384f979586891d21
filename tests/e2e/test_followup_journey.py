"""Inside a mentorship: both parties log meetings, the mentor records an introduction, the
candidate declares the job found, staff confirm it and the mentorship completes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate
from mentoring.models import Mentorship
from tests import factories
from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def log_meeting(page, *, days_ago: int, note: str) -> None:
    page.get_by_text("Enregistrer une rencontre").click()
    form = page.locator("form[action$='/rencontres/']")
    day = (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()
    form.locator("input[name=date]").fill(day)
    form.get_by_role("combobox", name="Format").select_option("in_person")
    form.get_by_role("checkbox", name="CV", exact=True).check()
    form.get_by_label("Note courte").fill(note)
    form.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(page.get_by_text("La rencontre est enregistrée")).to_be_visible()


def test_a_mentorship_from_first_meeting_to_confirmed_job(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    pair = factories.MentorshipFactory(
        started_at=timezone.now() - datetime.timedelta(days=45),
        candidate__user__first_name="Yasmine",
        candidate__user__last_name="Haddad",
        mentor__user__first_name="Claire",
        mentor__user__last_name="Marchal",
    )
    path = f"/parrainages/{pair.pk}/"

    # 1. The candidate logs their first meeting.
    sign_in(page, live_server, pair.candidate.user.email, factories.PASSWORD, path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Yasmine Haddad avec Claire Marchal"
    )
    log_meeting(page, days_ago=20, note="Premier échange sur le projet et relecture du CV")
    shoot("candidate-logged-meeting")
    sign_out(page)

    # 2. The mentor logs the next one, ticks the plan and records an introduction.
    sign_in(page, live_server, pair.mentor.user.email, factories.PASSWORD, path)
    log_meeting(page, days_ago=5, note="Simulation d'entretien")
    page.get_by_role("listitem").filter(has_text="CV relu").get_by_role(
        "button", name="Fait"
    ).click()
    page.get_by_text("Enregistrer une mise en relation").click()
    form = page.locator("form[action$='/mises-en-relation/']")
    form.get_by_role("textbox", name="Entreprise", exact=True).fill("Banque du Rhin")
    form.get_by_role("textbox", name="Fonction du contact").fill("Responsable du recrutement")
    form.get_by_role("combobox", name="Résultat").select_option("interview")
    form.get_by_role("button", name="Enregistrer la mise en relation").click()
    expect(page.get_by_text("La mise en relation est enregistrée")).to_be_visible()
    shoot("mentor-introduction")
    sign_out(page)

    # 3. The candidate declares the job found.
    sign_in(page, live_server, pair.candidate.user.email, factories.PASSWORD, path)
    page.get_by_role("link", name="Déclarer la sortie").click()
    page.get_by_role("combobox", name="Situation").select_option("cdi")
    page.get_by_role("textbox", name="Intitulé du poste").fill("Analyste financière")
    page.get_by_role("textbox", name="Employeur").fill("Banque du Rhin")
    page.locator("input[name=start_date]").fill(timezone.localdate().isoformat())
    page.get_by_label("Le poste est au niveau du diplôme").check()
    page.get_by_label("Trouvé grâce au réseau").check()
    shoot("candidate-declares-job")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("En attente de la confirmation de l'équipe régionale")).to_be_visible()
    shoot("outcome-waiting")
    sign_out(page)

    # 4. Staff confirm the outcome from the admin; the mentorship completes.
    sign_in(page, live_server, staff.email, factories.PASSWORD, "/admin/mentoring/mentorship/")
    row = page.get_by_role("row").filter(has_text="Haddad")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("confirm_outcomes")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("1 sortie confirmée")).to_be_visible()
    shoot("staff-confirmed")
    page.goto(f"{live_server.url}/admin/mentoring/mentorship/{pair.pk}/chronologie/")
    expect(page.get_by_text("Sortie confirmée par l'équipe")).to_be_visible()
    shoot("timeline")
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED
    assert Candidate.objects.get(pk=pair.candidate_id).status == Candidate.Status.PLACED
