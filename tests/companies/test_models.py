"""The company and invitation rules are written once as filters and once for a loaded row:
these tests keep both forms in step."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from companies.models import Company, Invitation
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)
BEFORE, AFTER = DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "start", "end", "in_force"),
    [
        (Company.Partnership.ACTIVE, None, None, True),
        (Company.Partnership.ACTIVE, DAY, DAY, True),
        (Company.Partnership.ACTIVE, BEFORE, AFTER, True),
        (Company.Partnership.ACTIVE, AFTER, None, False),
        (Company.Partnership.ACTIVE, None, BEFORE, False),
        (Company.Partnership.PROSPECT, None, None, False),
        (Company.Partnership.SUSPENDED, BEFORE, AFTER, False),
        (Company.Partnership.ENDED, BEFORE, AFTER, False),
    ],
)
def test_companies_in_force_on_a_day_are_those_whose_agreement_is_in_force(
    status, start, end, in_force
):
    company = factories.CompanyFactory(
        partnership_status=status, agreement_start=start, agreement_end=end
    )
    assert company.agreement_in_force(DAY) is in_force
    assert Company.objects.in_force(DAY).filter(pk=company.pk).exists() is in_force


def _one_invitation_per_state() -> dict[str, Invitation]:
    now = timezone.now()
    past = now - datetime.timedelta(days=30)
    return {
        Invitation.State.SENT: factories.InvitationFactory(),
        Invitation.State.ACCEPTED: factories.InvitationFactory(used_at=now),
        Invitation.State.EXPIRED: factories.InvitationFactory(
            created_at=past, expires_at=past + datetime.timedelta(days=14)
        ),
        Invitation.State.REVOKED: factories.InvitationFactory(revoked_at=now),
    }


def test_open_invitations_are_exactly_those_in_the_sent_state():
    invitations = _one_invitation_per_state()
    assert {state: invitation.state for state, invitation in invitations.items()} == {
        state: state for state in invitations
    }
    assert list(Invitation.objects.open(timezone.now())) == [invitations[Invitation.State.SENT]]
    assert set(Invitation.objects.unanswered()) == {
        invitations[Invitation.State.SENT],
        invitations[Invitation.State.EXPIRED],
    }


def test_an_invitation_is_no_longer_open_once_its_expiry_passes():
    invitation = factories.InvitationFactory()
    assert Invitation.objects.open(invitation.expires_at - datetime.timedelta(seconds=1)).exists()
    assert not Invitation.objects.open(invitation.expires_at).exists()


def test_state_counts_count_each_state_in_one_query(django_assert_num_queries):
    _one_invitation_per_state()
    factories.InvitationFactory()
    with django_assert_num_queries(1):
        counts = Invitation.objects.state_counts()
    assert counts == {"sent": 2, "accepted": 1, "expired": 1, "revoked": 1}
