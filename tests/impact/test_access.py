"""A company's engagement page and CSR report × every role: they answer its contacts and the
staff of its region; everyone else gets 404, anonymous users the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.mentoring.test_access import NOT_FOUND, check
from tests.test_access import LOGIN, OK, ROLES, user_for

pytestmark = pytest.mark.django_db

# user_for("staff") manages Grand Est, where the factories' companies are.
COMPANY_PAGE = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    "anonymous": LOGIN,
    "owner": OK,
    "staff": OK,
    "national_admin": OK,
}


@pytest.mark.parametrize("role", [*ROLES, "owner"])
@pytest.mark.parametrize("url_name", ["company_engagement", "company_csr_report"])
def test_company_pages(client, role, url_name):
    company = factories.CompanyFactory()
    if role == "owner":
        user = factories.CompanyContactFactory(company=company).user
    else:
        user = user_for(role)
    check(client, user, reverse(f"impact:{url_name}", args=[company.pk]), COMPANY_PAGE[role])
