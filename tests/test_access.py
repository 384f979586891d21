"""Every role × every URL: the expected answer (STYLE: a table drives the access test).

Later capabilities add their URLs to ``ACCESS`` so no page ships without its access rule.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "candidate",
    "mentor",
    "company_contact",
    "staff",
    # is_staff with a managed region but in no group: no model permission (DESIGN §10).
    "staff_without_group",
    "national_admin",
]

LOGIN = "login"  # anonymous users are sent to the login page
OK = 200
FORBIDDEN = 403

PUBLIC = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
STAFF_ONLY = {
    **dict.fromkeys(ROLES, FORBIDDEN),
    "anonymous": LOGIN,
    "staff": OK,
    "national_admin": OK,
}
NATIONAL_ONLY = {**STAFF_ONLY, "staff": FORBIDDEN}
# A candidate's own application pages: other signed-in people have no application (404).
CANDIDATE_ONLY = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "candidate": OK}
CONTACT_ONLY = {
    **dict.fromkeys(ROLES, FORBIDDEN),
    "anonymous": LOGIN,
    "company_contact": OK,
}
MENTOR_ONLY = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "mentor": OK}
# Only someone who accepted a mentor invitation fills the form; a mentor is sent to their space.
MENTOR_ONBOARDING = MENTOR_ONLY

ACCESS = [
    ("home", PUBLIC),
    ("legal_notice", PUBLIC),
    ("privacy", PUBLIC),
    ("accessibility", PUBLIC),
    ("healthz", PUBLIC),
    ("account_login", PUBLIC),
    ("my_space", SIGNED_IN),
    ("notifications", SIGNED_IN),
    ("email_preferences", SIGNED_IN),
    ("account_email", SIGNED_IN),
    ("account_change_password", SIGNED_IN),
    # Any staff account opens the admin's index; it lists what their permissions cover.
    ("admin:index", {**STAFF_ONLY, "staff_without_group": OK}),
    ("admin:candidates_candidate_changelist", STAFF_ONLY),
    ("admin:companies_company_changelist", STAFF_ONLY),
    ("admin:mentoring_mentor_changelist", STAFF_ONLY),
    ("admin:mentoring_mentorship_changelist", STAFF_ONLY),
    ("admin:mentoring_reportedmessage_changelist", STAFF_ONLY),
    ("admin:mentoring_candidatetomatch_changelist", STAFF_ONLY),
    ("admin:mentoring_candidatetomatch_batch", STAFF_ONLY),
    ("admin:core_user_changelist", NATIONAL_ONLY),
    ("admin:core_notification_changelist", NATIONAL_ONLY),
    ("candidates:application", CANDIDATE_ONLY),
    ("candidates:summary", CANDIDATE_ONLY),
    ("mentoring:application_pause", CANDIDATE_ONLY),
    ("mentoring:application_withdraw", CANDIDATE_ONLY),
    ("my_data_export", SIGNED_IN),
    ("account_delete", SIGNED_IN),
    ("admin:candidates_candidatetoreview_changelist", STAFF_ONLY),
    ("admin:candidates_sensitiveaccess_changelist", NATIONAL_ONLY),
    ("companies:company_space", CONTACT_ONLY),
    ("mentoring:mentor_space", MENTOR_ONLY),
    ("mentoring:mentor_profile", MENTOR_ONLY),
    ("mentoring:mentor_onboarding", MENTOR_ONBOARDING),
    ("mentoring:mentor_charter", PUBLIC),
    ("admin:companies_invitation_changelist", STAFF_ONLY),
    ("impact:kpi_dashboard", STAFF_ONLY),
    ("impact:funder_report", STAFF_ONLY),
    ("impact:export_candidates", STAFF_ONLY),
    ("impact:export_mentorships", STAFF_ONLY),
    ("impact:export_outcomes", STAFF_ONLY),
]


def user_for(role: str):
    if role == "anonymous":
        return None
    if role == "no_role":
        return factories.UserFactory()
    if role == "candidate":
        return factories.CandidateFactory().user
    if role == "mentor":
        return factories.MentorFactory().user
    if role == "company_contact":
        return factories.CompanyContactFactory().user
    if role == "staff":
        return factories.StaffFactory()
    if role == "staff_without_group":
        return factories.StaffFactory(group=False)
    return factories.NationalAdminFactory()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url_name", "expected"), ACCESS, ids=[name for name, _ in ACCESS])
def test_access(client, role, url_name, expected):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(url_name), follow=True)
    want = expected[role]
    if want == LOGIN:
        assert response.redirect_chain
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert response.status_code == 200
    else:
        assert response.status_code == want, response.redirect_chain


# Pages whose URL takes arguments, and forms that only take a POST (followed to their page).
ACCESS_WITH_ARGS = [
    ("candidates:step", {"slug": "identite"}, "get", CANDIDATE_ONLY),
    ("notifications_mark_read", {}, "post", SIGNED_IN),
    # Open to all; without a sign-up in progress it sends to the sign-in page (and from there
    # a signed-in person goes on to "Mon espace").
    ("account_verification_resend", {}, "post", SIGNED_IN),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "kwargs", "method", "expected"),
    ACCESS_WITH_ARGS,
    ids=[row[0] for row in ACCESS_WITH_ARGS],
)
def test_access_with_args(client, role, url_name, kwargs, method, expected):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(reverse(url_name, kwargs=kwargs), follow=True)
    want = expected[role]
    if want == LOGIN:
        assert response.redirect_chain
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert response.status_code == 200
    else:
        assert response.status_code == want, response.redirect_chain
