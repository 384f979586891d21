"""A young graduate applies online and a regional staff member validates the file:
sign-up, e-mail verification from the outbox, the application's steps with a real PDF and a
PNG, the pre-check and submission, then the decision in the admin's review queue."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates.models import Candidate
from tests import factories
from tests.e2e.helpers import sign_in
from tests.support.documents import pdf_bytes, png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PASSWORD = "Un-mot-de-passe-solide-2026"


def save_step(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()


def test_candidate_applies_and_staff_validate_the_file(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")

    # --- Sign-up and e-mail verification ------------------------------------------------
    page.goto(live_server.url)
    page.get_by_role("link", name="Candidater", exact=True).click()
    page.get_by_role("textbox", name="Prénom").fill("Nour")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Benali")
    page.get_by_label("Adresse e-mail").fill("nour.benali@example.org")
    page.get_by_role("textbox", name="Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_label(re.compile("politique de confidentialité")).check()
    shoot("signup")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmez votre adresse e-mail")

    [message] = mail.outbox
    assert message.to == ["nour.benali@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()
    expect(page.get_by_text("Brouillon").first).to_be_visible()
    shoot("my-space-draft")

    # --- The application, step by step ---------------------------------------------------
    page.get_by_role("link", name="Compléter mon dossier").click()
    expect(page.get_by_role("heading", name="Identité et coordonnées")).to_be_visible()
    page.get_by_label("Date de naissance").fill("1999-05-12")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Code postal").fill("67100")
    page.get_by_label("Ville").fill("Strasbourg")
    shoot("step-identity")
    save_step(page)

    expect(page.get_by_role("heading", name="Études")).to_be_visible()
    page.get_by_label("Niveau de diplôme").select_option(label="Bac+5")
    page.get_by_label("Intitulé du diplôme").fill("Master Finance d'entreprise")
    page.get_by_label("Domaine d'études").select_option(
        label="Finance, comptabilité, contrôle de gestion"
    )
    page.get_by_label("École ou université").fill("Université de Strasbourg")
    page.get_by_label("Année d'obtention").fill("2025")
    shoot("step-studies")
    save_step(page)

    expect(page.get_by_role("heading", name="Projet professionnel")).to_be_visible()
    page.get_by_label("Trouver un emploi").check()
    page.get_by_label("Banque, assurance, finance").check()
    page.get_by_label("Fonction visée").select_option(
        label="Finance, comptabilité, contrôle de gestion"
    )
    page.get_by_label("Métier visé").fill("Contrôleuse de gestion")
    page.get_by_label("Mobilité").select_option(label="Ma région")
    page.get_by_label("Anglais").check()
    shoot("step-project")
    save_step(page)

    expect(page.get_by_role("heading", name="Critères sociaux")).to_be_visible()
    page.get_by_label("Vous habitez un quartier prioritaire (QPV)").check()
    page.get_by_label("Nom de votre quartier (QPV)").fill("Neuhof")
    page.get_by_label("Justificatif de domicile en QPV").set_input_files(
        files=[{"name": "justificatif.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    shoot("step-social-criteria")
    save_step(page)

    expect(page.get_by_role("heading", name="CV", exact=True)).to_be_visible()
    page.get_by_label("CV").set_input_files(
        files=[
            {
                "name": "CV Nour Benali.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes("Nour Benali - CV"),
            }
        ]
    )
    shoot("step-cv")
    save_step(page)

    # --- Summary, pre-check and submission ------------------------------------------------
    expect(page.get_by_role("heading", name="Récapitulatif et envoi")).to_be_visible()
    expect(page.get_by_text("Vous avez moins de 30 ans")).to_be_visible()
    expect(page.get_by_text("Vous remplissez au moins un critère social")).to_be_visible()
    expect(page.get_by_role("link", name="CV Nour Benali.pdf")).to_be_visible()
    shoot("summary")
    page.get_by_role("button", name="Envoyer mon dossier").click()
    expect(page.get_by_text("Votre dossier est envoyé")).to_be_visible()
    expect(page.get_by_text("Déposé").first).to_be_visible()
    shoot("my-space-submitted")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["nour.benali@example.org"]
    assert confirmation.subject == "Votre candidature nous est parvenue"

    # --- Staff validate the file in the admin ---------------------------------------------
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Adresse e-mail").fill(staff.email)
    page.get_by_role("textbox", name="Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Dossiers à examiner").first.click()
    expect(page.get_by_role("link", name="Nour Benali")).to_be_visible()
    shoot("admin-queue")
    page.get_by_role("link", name="Nour Benali").click()
    expect(page.get_by_role("heading", name="Décision d'éligibilité")).to_be_visible()
    expect(page.get_by_text("Neuhof")).to_be_visible()
    expect(page.get_by_role("link", name="justificatif.png")).to_be_visible()
    shoot("admin-decision")
    page.get_by_label("Éligible", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée pour Nour Benali")).to_be_visible()
    shoot("admin-decided")

    candidate = Candidate.objects.get(user__email="nour.benali@example.org")
    assert candidate.status == Candidate.Status.ELIGIBLE
    assert candidate.decided_by == staff
    assert candidate.department.code == "67"
    assert set(candidate.documents.values_list("kind", "content_type")) == {
        ("cv", "application/pdf"),
        ("proof_qpv", "image/png"),
    }
    decision = mail.outbox[-1]
    assert decision.to == ["nour.benali@example.org"]
    assert decision.subject == "Votre candidature est validée"


def test_staff_revise_a_refusal_and_the_candidate_sees_it(page, live_server, shoot):
    staff = factories.StaffFactory(email="delegue@example.org")
    refused = factories.IneligibleCandidateFactory(
        user__first_name="Inès", user__last_name="Haddad", user__email="ines@example.org"
    )

    sign_in(page, live_server, staff.email, factories.PASSWORD, "/admin/")
    page.goto(f"{live_server.url}/admin/candidates/candidate/{refused.pk}/decision/")
    expect(page.get_by_role("heading", name="Réviser la décision")).to_be_visible()
    expect(page.get_by_text("Diplôme de niveau Bac+2.").first).to_be_visible()
    revision = page.get_by_role("form", name="Réviser la décision")
    revision.get_by_role("button", name="Réviser la décision").click()
    expect(revision.get_by_text("Motif de la révision")).to_be_visible()
    revision.get_by_label("Éligible", exact=True).check()
    revision.get_by_label("Motif de la révision").fill(
        "Le diplôme est un Bac+3 : l'attestation jointe le montre."
    )
    shoot("admin-revision")
    revision.get_by_role("button", name="Réviser la décision").click()
    expect(page.get_by_text("Décision révisée pour Inès Haddad")).to_be_visible()
    shoot("admin-revised")

    message = mail.outbox[-1]
    assert message.to == ["ines@example.org"]
    assert "Votre dossier a été réexaminé" in message.body

    page.context.clear_cookies()
    sign_in(page, live_server, "ines@example.org", factories.PASSWORD, "/mon-espace/")
    expect(page.get_by_text("Éligible").first).to_be_visible()
    expect(page.get_by_text("l'attestation jointe le montre").first).to_be_visible()
    shoot("candidate-space")
