"""The candidate reads their own answers in the second person ("vous", "Ma région"); staff read
the same file in the third person ("Moins de 30 ans", "Mobilité : région de résidence")."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from candidates.models import Candidate
from tests import factories

pytestmark = pytest.mark.django_db


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def file():
    return factories.CandidateFactory(mobility=Candidate.Mobility.REGION, qpv=True)


def test_the_candidate_form_asks_in_the_second_person(login, file):
    client = login(file.user)
    social = page_text(client, reverse("candidates:step", kwargs={"slug": "criteres-sociaux"}))
    assert "Vous habitez un quartier prioritaire (QPV)" in social
    assert "Vous percevez le RSA" in social
    assert "Habite un quartier prioritaire" not in social
    project = page_text(client, reverse("candidates:step", kwargs={"slug": "projet"}))
    assert ">Ma région<" in project
    assert "Région de résidence" not in project


def test_the_candidate_precheck_says_vous(login, file):
    summary = page_text(login(file.user), reverse("candidates:summary"))
    assert "Vous avez moins de 30 ans" in summary
    assert "Vous remplissez au moins un critère social" in summary


def test_staff_read_the_file_in_the_third_person(login, staff, file):
    content = page_text(login(staff), reverse("candidates:file", kwargs={"pk": file.pk}))
    assert "Moins de 30 ans le" in content
    assert "Remplit au moins un critère social" in content
    assert "Région de résidence" in content
    for second_person in ("Vous avez moins", "Vous remplissez", "Votre diplôme", "Ma région"):
        assert second_person not in content


def test_staff_decision_page_reads_in_the_third_person(login, staff, file):
    content = page_text(login(staff), reverse("admin:candidates_candidate_decide", args=[file.pk]))
    assert "Moins de 30 ans le" in content
    assert "Diplôme (Bac+5) au niveau minimum de la région" in content
    for second_person in ("Vous avez moins", "Vous remplissez", "Votre diplôme", "Ma région"):
        assert second_person not in content
