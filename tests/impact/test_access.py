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


# --- The staff pages check model permissions, not only is_staff (DESIGN §10) ------------------

DASHBOARD = reverse("impact:kpi_dashboard")
SENSITIVE_EXPORT = f"{reverse('impact:export_candidates')}?donnees=sensibles"
STAFF_PAGES = [
    DASHBOARD,
    reverse("impact:funder_report"),
    reverse("impact:export_candidates"),
    SENSITIVE_EXPORT,
    reverse("impact:export_mentorships"),
    reverse("impact:export_outcomes"),
]
STAFF_PAGE_IDS = ["dashboard", "funder", "candidates", "sensitive", "mentorships", "outcomes"]


@pytest.mark.parametrize("url", STAFF_PAGES, ids=STAFF_PAGE_IDS)
def test_a_staff_account_outside_the_staff_group_is_refused(client, url):
    # is_staff and a managed region, but its group was removed: no permission.
    check(client, factories.StaffFactory(group=False), url, 403)


@pytest.mark.parametrize("url", STAFF_PAGES, ids=STAFF_PAGE_IDS)
def test_regional_staff_have_every_staff_page(client, url):
    check(client, factories.StaffFactory(), url, OK)


def restricted_staff():
    """Staff of a custom group: the regional staff's permissions but the sensitive data."""
    group = factories.staff_group_without("view_sensitive_data")
    return factories.StaffFactory(group=group)


@pytest.mark.parametrize(
    ("url", "want"),
    [(reverse("impact:export_candidates"), OK), (SENSITIVE_EXPORT, 403)],
    ids=["plain", "sensitive"],
)
def test_the_sensitive_columns_need_their_own_permission(client, url, want):
    check(client, restricted_staff(), url, want)


def test_the_dashboard_offers_only_the_exports_the_staff_member_may_download(client):
    client.force_login(restricted_staff())
    page = client.get(DASHBOARD).content.decode()
    assert f"{reverse('impact:export_candidates')}?" in page
    assert "donnees=sensibles" not in page
    client.force_login(factories.StaffFactory())
    assert "donnees=sensibles" in client.get(DASHBOARD).content.decode()


def test_the_dashboard_is_not_linked_for_a_staff_account_without_its_permission(client):
    for user, shown in [
        (factories.StaffFactory(group=False), False),
        (factories.StaffFactory(), True),
    ]:
        client.force_login(user)
        page = client.get(reverse("my_space")).content.decode()
        assert (DASHBOARD in page) is shown
