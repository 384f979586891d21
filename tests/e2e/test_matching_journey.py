"""Staff open an eligible candidate's suggestions and propose the best mentor; the mentor
reads the proposal in their space and accepts; the candidate then sees their mentor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from candidates.models import Document
from mentoring.models import Mentorship
from tests import factories
from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


def test_staff_propose_the_mentor_accepts_the_candidate_sees_the_mentor(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    candidate = factories.EligibleCandidateFactory(
        user__first_name="Yasmine", user__last_name="Haddad", user__email="yasmine@example.org"
    )
    factories.DocumentFactory(candidate=candidate, kind=Document.Kind.CV)
    mentor = factories.MentorFactory(
        user__first_name="Claire",
        user__last_name="Marchal",
        user__email="claire.marchal@example.org",
        company__name="Banque du Rhin",
    )
    factories.MentorFactory(  # a weaker match, ranked below
        user__last_name="Lemoine", sectors=[factories.sector("industry")]
    )

    # 1. Staff find the candidate in the matching queue and open the suggestions.
    sign_in(
        page, live_server, staff.email, factories.PASSWORD, "/admin/mentoring/candidatetomatch/"
    )
    expect(page.get_by_text("Haddad")).to_be_visible()
    shoot("queue")
    page.get_by_role("link", name="Suggestions").click()
    expect(page.get_by_role("heading", name="Parrains et marraines suggérés")).to_be_visible()
    first_row = page.locator("table.suggestion-table tbody tr").first
    expect(first_row).to_contain_text("Claire Marchal")
    first_row.get_by_text("Détail").click()
    shoot("suggestions")

    # 2. Staff propose the best mentor with a message.
    first_row.get_by_label("Message au parrain ou à la marraine (facultatif)").fill(
        "Même secteur et même projet : je pense que vous vous entendrez bien."
    )
    first_row.get_by_role("button", name="Proposer").click()
    expect(page.get_by_text("Proposition envoyée à Claire Marchal")).to_be_visible()
    shoot("proposed")
    sign_out(page)

    # 3. The mentor reads the proposal in their space and accepts.
    sign_in(page, live_server, mentor.user.email, factories.PASSWORD, "/espace-parrain/")
    proposal = page.get_by_role("article").filter(has_text="Yasmine Haddad")
    expect(proposal).to_contain_text("je pense que vous vous entendrez bien")
    expect(proposal.get_by_role("link", name="Télécharger le CV")).to_be_visible()
    shoot("mentor-proposal")
    proposal.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("Vous accompagnez désormais Yasmine Haddad")).to_be_visible()
    shoot("mentor-accepted")
    assert Mentorship.objects.get(candidate=candidate).status == Mentorship.Status.ACTIVE
    sign_out(page)

    # 4. The candidate sees their mentor and how to reach her.
    sign_in(page, live_server, candidate.user.email, factories.PASSWORD, "/mon-espace/")
    section = page.get_by_role("region", name="Mon parrain ou ma marraine")
    expect(section).to_contain_text("Claire Marchal")
    expect(section).to_contain_text("Banque du Rhin")
    expect(section.get_by_role("link", name="claire.marchal@example.org")).to_be_visible()
    shoot("candidate-sees-mentor")
