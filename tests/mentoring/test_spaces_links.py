"""'Mon espace' panels and the navigation bar lead mentors and company contacts to their spaces."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

MENTOR_SPACE = reverse("mentoring:mentor_space")
COMPANY_SPACE = reverse("companies:company_space")


def test_mentor_finds_their_space_from_my_space_and_the_navbar(login, mentor):
    page = unescape(login(mentor.user).get(reverse("my_space")).content.decode())
    assert f'href="{MENTOR_SPACE}"' in page
    assert "Ouvrir mon espace parrainage" in page
    assert "Mon espace parrainage" in page
    assert f'href="{COMPANY_SPACE}"' not in page


def test_company_contact_finds_the_company_space_and_engagement(login, company_contact):
    page = unescape(login(company_contact.user).get(reverse("my_space")).content.decode())
    assert f'href="{COMPANY_SPACE}"' in page
    assert "Espace entreprise" in page
    engagement = reverse("impact:company_engagement", args=[company_contact.company.pk])
    assert f'href="{engagement}"' in page
    assert f'href="{MENTOR_SPACE}"' not in page


def test_other_roles_see_no_role_link(login):
    page = login(factories.CandidateFactory().user).get(reverse("my_space")).content.decode()
    assert MENTOR_SPACE not in page
    assert COMPANY_SPACE not in page
