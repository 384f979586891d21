"""Object URLs of the company pages × every role: only the company's own contact acts on its
invitations; everyone else gets 404 (anonymous users the login page); the invitation link is
public, and answers by its token alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from companies.models import Invitation
from tests import factories
from tests.test_access import LOGIN, ROLES, user_for

pytestmark = pytest.mark.django_db

NOT_FOUND = 404
REDIRECT = 302

OWNER_ONLY = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "owner": REDIRECT}


@pytest.mark.parametrize("role", [*ROLES, "owner"])
@pytest.mark.parametrize("url_name", ["invitation_resend", "invitation_revoke"])
def test_invitation_actions(client, role, url_name):
    invitation = factories.InvitationFactory()
    token_hash = invitation.token_hash
    if role == "owner":
        user = factories.CompanyContactFactory(company=invitation.company).user
    else:
        user = user_for(role)
    if user is not None:
        client.force_login(user)
    response = client.post(reverse(f"companies:{url_name}", args=[invitation.pk]))
    want = OWNER_ONLY[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == want
    invitation.refresh_from_db()
    changed = invitation.revoked_at is not None or invitation.token_hash != token_hash
    assert changed == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_invitation_link_answers_every_visitor_by_its_token(client, role):
    invitation, token = factories.invitation_with_token(kind=Invitation.Kind.MENTOR)
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("companies:invitation_accept", kwargs={"token": token}))
    # Anonymous visitors get the account form; signed-in people with another address are
    # refused (the invitation is bound to its address).
    assert response.status_code == (200 if role == "anonymous" else 403)
    invitation.refresh_from_db()
    assert invitation.used_at is None
