"""A company contact's data, for the privacy registry (export and erasure, DESIGN §10)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from nqt.core import privacy
from nqt.core.models import Notification

from .models import CompanyContact, Invitation

if TYPE_CHECKING:
    from nqt.core.models import User


def export(user: User) -> dict[str, Any]:
    contact = CompanyContact.objects.select_related("company").filter(user=user).first()
    received = Invitation.objects.filter(
        Q(accepted_by=user) | Q(email__iexact=user.email)
    ).select_related("company")
    return {
        "company_contact": (
            {
                "company": contact.company.name,
                "role": contact.get_role_display(),
                "job_title": contact.job_title,
                "phone": str(contact.phone) if contact.phone else "",
                "since": contact.created_at.isoformat(),
            }
            if contact
            else None
        ),
        "invitations_received": [
            {
                "company": invitation.company.name,
                "kind": invitation.get_kind_display(),
                "sent_at": invitation.last_sent_at.isoformat(),
                "accepted_at": invitation.used_at.isoformat() if invitation.used_at else None,
            }
            for invitation in received
        ],
    }


def erase(user: User) -> None:
    """Forget the contact's details and the address invitations were sent to.

    The contact row stays (it carries no identity once the account is anonymised), so the
    company's history keeps its shape.
    """
    contacts = CompanyContact.objects.filter(user=user)
    privacy.forget_in_admin_log(user, list(contacts))
    contacts.update(job_title="", phone="")
    received = Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email))
    # The invitation e-mails were sent to the address before any account existed.
    Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitation),
        object_id__in=list(received.values_list("pk", flat=True)),
    ).delete()
    received.unanswered().update(revoked_at=timezone.now())
    received.update(
        email=Concat(
            Value("anonymised-invitation-"),
            Cast(F("pk"), output_field=CharField()),
            Value("@invalid.example"),
        )
    )
