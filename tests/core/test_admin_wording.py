"""The admin staff use all day reads as written in French: list titles, filter headings,
links, actions and empty values, never Django's literal translations or setting names."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from companies.models import Company
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    """The page's visible text, scripts dropped, tags as spaces, spaces collapsed."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_list_is_titled_by_what_it_lists(login, staff):
    html = page(login(staff), reverse("admin:mentoring_mentorship_changelist"))
    assert "<h1>Parrainages</h1>" in html
    assert "<title>Parrainages | Administration</title>" in html
    assert "Sélectionnez" not in html
    assert "à changer" not in html


def test_a_list_with_its_own_title_keeps_it(login, staff):
    html = page(login(staff), reverse("admin:candidates_candidatetoreview_changelist"))
    assert "<h1>Dossiers à examiner, du plus ancien au plus récent</h1>" in html


def test_filters_are_headed_by_their_subject_without_par(login, staff):
    client = login(staff)
    mentors = text_of(page(client, reverse("admin:mentoring_mentor_changelist")))
    candidates = text_of(page(client, reverse("admin:candidates_candidate_changelist")))
    assert "Parraine à distance" in mentors
    assert "Habite un quartier prioritaire (QPV)" in candidates
    assert " Par " not in mentors + candidates


def test_the_index_offers_to_modify_and_has_no_parenthesised_endings(login, staff):
    text = text_of(page(login(staff), reverse("admin:index")))
    assert "Modifier" in text
    assert "Changer " not in text.replace("Changer de thème", "")
    assert "(e)" not in text
    assert "Aucune action pour l'instant" in text


def test_actions_and_titles_read_naturally(login, national_admin):
    factories.IntroductionFactory()
    company = factories.CompanyFactory()
    client = login(national_admin)
    introductions = text_of(page(client, reverse("admin:mentoring_introduction_changelist")))
    assert "Supprimer la sélection (mises en relation)" in introductions
    assert "sélectionnés" not in introductions.replace("Tous les", "")
    companies = text_of(page(client, reverse("admin:companies_company_changelist")))
    assert "Ajouter : entreprise partenaire" in companies
    change = text_of(page(client, reverse("admin:companies_company_change", args=[company.pk])))
    assert "Modification : entreprise partenaire" in change
    assert "Modification de entreprise" not in change


def test_empty_values_show_as_a_dash(login, staff):
    pair = factories.MentorshipFactory(score=None)
    html = page(login(staff), reverse("admin:mentoring_mentorship_change", args=[pair.pk]))
    # The proposal's author, the reason for declining...: an em dash, not a hyphen.
    assert '<div class="readonly">—</div>' in html
    assert '<div class="readonly">-</div>' not in html


def test_the_selector_widgets_read_naturally(login, staff):
    catalogue = page(login(staff), reverse("admin:jsi18n"))
    assert "%s disponibles" in catalogue
    assert "disponible(s)" not in catalogue


def test_the_matching_weights_are_explained_without_a_setting_name(login, staff):
    candidate = factories.EligibleCandidateFactory()
    url = reverse("admin:mentoring_candidatetomatch_suggestions", args=[candidate.pk])
    html = page(login(staff), url)
    assert "MATCHING_WEIGHTS" not in html
    assert "pondérations" in text_of(html).lower() or "poids" in text_of(html).lower()


def test_saving_and_deleting_are_confirmed_in_plain_french(login, staff, national_admin):
    client = login(staff)
    add = reverse("admin:companies_company_add")
    data = {
        "name": "Banque du Rhin",
        "siren": "552 100 554",
        "sector": str(factories.sector().pk),
        "size": "large",
        "region": str(factories.region().pk),
        "website": "",
        "partnership_status": "active",
        "agreement_start": "01/01/2026",
        "agreement_end": "31/12/2027",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }
    added = text_of(client.post(add, data, follow=True).content.decode())
    assert "Ajout enregistré : entreprise partenaire « Banque du Rhin »." in added
    company = Company.objects.get(name="Banque du Rhin")
    change = reverse("admin:companies_company_change", args=[company.pk])
    changed = text_of(client.post(change, data, follow=True).content.decode())
    assert "Modifications enregistrées : entreprise partenaire « Banque du Rhin »." in changed
    introduction = factories.IntroductionFactory(contact_company="Hamon")
    delete = reverse("admin:mentoring_introduction_delete", args=[introduction.pk])
    admin_client = login(national_admin)
    confirm = text_of(admin_client.get(delete).content.decode())
    assert "Voulez-vous vraiment supprimer « " in confirm
    assert "» (mise en relation) ?" in confirm
    deleted = text_of(admin_client.post(delete, {"post": "yes"}, follow=True).content.decode())
    assert "Suppression effectuée : mise en relation" in deleted
    for text in (added, changed, confirm, deleted):
        assert "objet" not in text.lower()
        assert "avec succès" not in text
