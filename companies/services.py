"""Every change to companies, contacts and invitations goes through these functions.

Invitations are single-use and bound to the invited address: the link carries a random token
whose SHA-256 alone is stored, so a database leak reveals no usable link, and accepting claims
the invitation with a conditional update, so two submits cannot use it twice.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nqt.core import notifications, roles
from nqt.core.french import elide
from nqt.core.models import User
from nqt.core.staff import manages_region

from .models import Company, CompanyContact, Invitation
from .tokens import new_token

if TYPE_CHECKING:
    from nqt.core.models import User as UserType


class InvitationProblem(StrEnum):
    """Why an invitation link cannot be used; each has its own explanation page."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"
    FORWARDED = "forwarded"  # signed in with another address than the invited one
    AGREEMENT_ENDED = "agreement_ended"
    ALREADY_CONTACT = "already_contact"
    ALREADY_MENTOR = "already_mentor"
    ACCOUNT_EXISTS = "account_exists"  # the visitor must sign in with the invited address


class InvitationRefused(Exception):
    def __init__(self, problem: InvitationProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def normalize_email(email: str) -> str:
    return User.objects.normalize_email(email)


def _agreement_error(company: Company) -> ValidationError:
    return ValidationError(
        elide(
            _(
                "The partnership agreement of %(company)s is not in force, so no one can be "
                "invited on its behalf. Contact the association's regional team to renew it."
            )
            % {"company": company.name}
        ),
        code="agreement_not_in_force",
    )


def _send(invitation: Invitation, token: str) -> None:
    """E-mail the link; the notification service sends it after commit."""
    path = reverse("companies:invitation_accept", kwargs={"token": token})
    inviter = invitation.invited_by
    notifications.notify_address(
        email=invitation.email,
        kind=f"invitation_{invitation.kind}",
        context={
            "company": invitation.company,
            "inviter_name": (inviter.get_full_name() or inviter.email) if inviter else "",
            "action_url": notifications.absolute_url(path),
            "expires_at": invitation.expires_at,
        },
        about=invitation,
    )


def _already_has_role(*, email: str, kind: str) -> bool:
    user = User.objects.filter(email=email).first()
    if user is None:
        return False
    wanted = roles.COMPANY_CONTACT if kind == Invitation.Kind.CONTACT else roles.MENTOR
    return wanted in user.roles


def _check_daily_limit(inviter: UserType | None, now: datetime.datetime) -> None:
    """A company contact sends (or sends again) at most ``INVITATIONS_PER_DAY`` invitations
    in 24 hours; staff are not limited."""
    if inviter is None or roles.STAFF in inviter.roles:
        return
    limit = settings.INVITATIONS_PER_DAY
    since = now - datetime.timedelta(days=1)
    if Invitation.objects.filter(invited_by=inviter, last_sent_at__gt=since).count() >= limit:
        raise ValidationError(
            ngettext(
                "You have sent %(count)d invitation in the last 24 hours, the most allowed: "
                "please try again tomorrow.",
                "You have sent %(count)d invitations in the last 24 hours, the most allowed: "
                "please try again tomorrow.",
                limit,
            )
            % {"count": limit},
            code="too_many_invitations",
        )


@transaction.atomic
def invitation_create(
    *, company: Company, email: str, kind: str, invited_by: UserType | None
) -> Invitation:
    """Invite ``email`` to join ``company`` as a contact or a mentor, and e-mail the link."""
    if kind not in Invitation.Kind.values:
        raise ValueError(f"Unknown invitation kind {kind!r}.")
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.agreement_in_force():
        raise _agreement_error(company)
    email = normalize_email(email)
    # Staff invite contacts, and may know who has an account. A contact inviting a mentor
    # learns nothing of another company's mentors: the invitation goes as to anyone, and its
    # link tells the person they are already a mentor (``invitation_problem``).
    if kind == Invitation.Kind.CONTACT and _already_has_role(email=email, kind=kind):
        raise ValidationError(
            _("This person is already a company contact on the platform."),
            code="already_member",
        )
    now = timezone.now()
    _check_daily_limit(invited_by, now)
    unanswered = (
        Invitation.objects.unanswered()
        .select_for_update()
        .annotate(email_lower=Lower("email"))
        .filter(company=company, kind=kind, email_lower=email)
        .first()
    )
    if unanswered is not None:
        if unanswered.state == Invitation.State.SENT:
            raise ValidationError(
                _(
                    "An invitation sent to this address is still waiting for an answer: "
                    "send it again from the list instead."
                ),
                code="already_invited",
            )
        # An expired invitation stays in the list as expired; only one may be unanswered.
        unanswered.revoked_at = now
        unanswered.save(update_fields=["revoked_at"])
    token, token_hash = new_token()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                company=company,
                kind=kind,
                email=email,
                token_hash=token_hash,
                invited_by=invited_by,
                created_at=now,
                last_sent_at=now,
                expires_at=now + datetime.timedelta(days=settings.INVITATION_VALIDITY_DAYS),
            )
    except IntegrityError:
        # Someone invited the same address at the same moment.
        raise ValidationError(
            _("An invitation to this address was just sent."), code="already_invited"
        ) from None
    _send(invitation, token)
    return invitation


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("company", "invited_by")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: UserType | None) -> Invitation:
    """Send a new link (the old one stops working) valid for a fresh period."""
    invitation = _lock(invitation)
    if invitation.state not in (Invitation.State.SENT, Invitation.State.EXPIRED):
        raise ValidationError(
            _("This invitation was accepted or revoked: it cannot be sent again."),
            code="not_open",
        )
    if not invitation.company.agreement_in_force():
        raise _agreement_error(invitation.company)
    now = timezone.now()
    _check_daily_limit(by, now)
    token, invitation.token_hash = new_token()
    invitation.last_sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    invitation.save(update_fields=["token_hash", "last_sent_at", "expires_at"])
    # E-mails of earlier sendings still waiting are dropped by ``_invitation_still_open``.
    _send(invitation, token)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: UserType | None) -> Invitation:
    """Make the link unusable; the invitation stays in the list as revoked."""
    invitation = _lock(invitation)
    if invitation.state not in (Invitation.State.SENT, Invitation.State.EXPIRED):
        raise ValidationError(
            _("This invitation was already accepted or revoked."), code="not_open"
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


_STATE_PROBLEM = {
    Invitation.State.REVOKED: InvitationProblem.REVOKED,
    Invitation.State.ACCEPTED: InvitationProblem.USED,
    Invitation.State.EXPIRED: InvitationProblem.EXPIRED,
}


def invitation_problem(
    *, invitation: Invitation, user: UserType | None
) -> InvitationProblem | None:
    """What stops ``user`` (None: an anonymous visitor) from accepting, or None.

    An anonymous visitor whose address already has an account is asked to sign in first.
    """
    if problem := _STATE_PROBLEM.get(invitation.state):
        return problem
    if not invitation.company.agreement_in_force():
        return InvitationProblem.AGREEMENT_ENDED
    if user is None:
        if User.objects.filter(email=normalize_email(invitation.email)).exists():
            return InvitationProblem.ACCOUNT_EXISTS
        return None
    if normalize_email(user.email) != normalize_email(invitation.email):
        return InvitationProblem.FORWARDED
    if invitation.kind == Invitation.Kind.CONTACT and roles.COMPANY_CONTACT in user.roles:
        return InvitationProblem.ALREADY_CONTACT
    if invitation.kind == Invitation.Kind.MENTOR and roles.MENTOR in user.roles:
        return InvitationProblem.ALREADY_MENTOR
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: UserType) -> Invitation:
    """``user`` (signed in with the invited address) accepts; a contact joins the company.

    A mentor's profile is created afterwards by the onboarding form (mentoring).
    """
    problem = invitation_problem(invitation=invitation, user=user)
    if problem is not None:
        raise InvitationRefused(problem)
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now, accepted_by=user)
    if claimed != 1:
        invitation.refresh_from_db()
        raise InvitationRefused(
            invitation_problem(invitation=invitation, user=user) or InvitationProblem.USED
        )
    if invitation.kind == Invitation.Kind.CONTACT:
        try:
            with transaction.atomic():
                CompanyContact.objects.create(user=user, company=invitation.company)
        except IntegrityError:
            raise InvitationRefused(InvitationProblem.ALREADY_CONTACT) from None
    invitation.refresh_from_db()
    _notify_inviter(invitation)
    return invitation


def _inviter_url(invitation: Invitation, inviter: UserType) -> str | None:
    """Where the inviter follows the company's invitations, or None if they no longer can:
    the company space for its contacts, the company's admin page for staff of its region."""
    company = invitation.company
    if CompanyContact.objects.filter(user=inviter, company=company).exists():
        return reverse("companies:company_space")
    if manages_region(inviter, company.region_id, perm="companies.view_company"):
        return reverse("admin:companies_company_change", args=[company.pk])
    return None


def _notify_inviter(invitation: Invitation) -> None:
    """Tell whoever sent the invitation that it was accepted, and by whom.

    Only someone who can still follow the company's invitations is told: not a deleted or
    deactivated account, nor a contact who has since left the company.
    """
    inviter, person = invitation.invited_by, invitation.accepted_by
    if inviter is None or not inviter.is_active or inviter.pk == person.pk:
        return
    url = _inviter_url(invitation, inviter)
    if url is None:
        return
    notifications.notify(
        recipient=inviter,
        kind="invitation_accepted",
        context={
            "company": invitation.company,
            "person_name": str(person),
            "person_email": person.email,
            "as_mentor": invitation.kind == Invitation.Kind.MENTOR,
        },
        about=invitation,
        url=url,
        dedup_key=f"invitation:{invitation.pk}:accepted",
    )


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> UserType:
    """Create the account of the invited address (the token proves it) and accept.

    The address is the invitation's, never one typed by the visitor; it is marked verified.
    Everything is undone if the invitation turns out to be unusable.
    """
    email = normalize_email(invitation.email)
    if User.objects.filter(email=email).exists():
        raise InvitationRefused(InvitationProblem.ACCOUNT_EXISTS)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
    except IntegrityError:
        raise InvitationRefused(InvitationProblem.ACCOUNT_EXISTS) from None
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user
