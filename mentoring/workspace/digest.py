"""The e-mail digest of unread messages (DESIGN §7, §13).

Celery beat runs ``send_digests`` every five minutes. It finds, in one query per party, the
active mentorships where a message has waited unread (``unread.unread_q``) for
``rules.MESSAGE_DIGEST_DELAY`` and arrived after the last digest that party got for the
conversation, and where that last digest is older than ``rules.MESSAGE_DIGEST_INTERVAL``. Each
such party gets ONE e-mail for the conversation, through the notification outbox: "Vous avez
3 nouveaux messages de Samir", quoting no message, linking to the conversation. The dedup key
names the last message it covers, so a run repeated (or two at once) sends nothing twice; the
hour is checked against the last digest notification. The kind is optional: a person who turns
it off in their e-mail preferences gets none. Read in time, nothing is sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from nqt.core import notifications
from nqt.core.models import Notification

from .. import rules
from ..models import Mentorship, Message
from . import unread

KIND = "message_digest"


@dataclass(frozen=True)
class Due:
    mentorship_id: int
    side: str


def _due_for(side: str, now: datetime.datetime, mentorships=None):
    """Active mentorships whose ``side`` party is due a digest, annotated with ``waiting``
    (unread for the delay, since the last digest), ``unread_total`` and ``last_unread_id``."""
    recent = Message.objects.filter(
        created_at__gt=now - rules.MESSAGE_DIGEST_LOOKBACK,
        created_at__lte=now - rules.MESSAGE_DIGEST_DELAY,
    ).values("mentorship_id")
    queryset = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, pk__in=recent)
    if mentorships is not None:
        queryset = queryset.filter(pk__in=mentorships)
    last_digest = (
        Notification.objects.filter(
            kind=KIND,
            recipient_id=OuterRef(f"{side}__user_id"),
            content_type=ContentType.objects.get_for_model(Mentorship),
            object_id=OuterRef("pk"),
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    # What has arrived by ``now`` (a run computes as of its own moment).
    messages = unread.unread_messages(side).filter(created_at__lte=now)
    return (
        queryset.filter(**{f"{side}__user__is_active": True})
        .annotate(last_digest_at=Subquery(last_digest, output_field=DateTimeField()))
        .filter(
            Q(last_digest_at__isnull=True)
            | Q(last_digest_at__lte=now - rules.MESSAGE_DIGEST_INTERVAL)
        )
        .annotate(
            waiting=unread.count_of(
                messages.filter(
                    created_at__lte=now - rules.MESSAGE_DIGEST_DELAY,
                    created_at__gt=Coalesce(
                        OuterRef("last_digest_at"),
                        Value(unread.NEVER),
                        output_field=DateTimeField(),
                    ),
                )
            ),
        )
        .filter(waiting__gt=0)
        .annotate(
            unread_total=unread.count_of(messages),
            last_unread_id=Subquery(
                messages.values("mentorship").annotate(last=Max("pk")).values("last"),
                output_field=IntegerField(),
            ),
        )
        .order_by("pk")
    )


def conversations_due(now: datetime.datetime) -> list[Due]:
    """Who is due a digest now, for which conversation (one query per party)."""
    return [
        Due(pk, side)
        for side in unread.SIDES
        for pk in _due_for(side, now).values_list("pk", flat=True)
    ]


def send_digest(due: Due, now: datetime.datetime) -> bool:
    """E-mail one party about one conversation, if still due (rechecked under the
    mentorship's lock: they may have read it meanwhile). Returns whether it was written."""
    with transaction.atomic():
        Mentorship.objects.select_for_update(of=("self",)).filter(pk=due.mentorship_id).first()
        mentorship = (
            _due_for(due.side, now, mentorships=[due.mentorship_id])
            .select_related("candidate__user", "mentor__user")
            .first()
        )
        if mentorship is None:
            return False
        recipient = getattr(mentorship, due.side).user
        if KIND in (recipient.muted_email_kinds or []):
            return False
        sender = (mentorship.mentor if due.side == "candidate" else mentorship.candidate).user
        return (
            notifications.notify(
                recipient=recipient,
                kind=KIND,
                context={"count": mentorship.unread_total, "sender": sender.get_short_name()},
                about=mentorship,
                url=reverse("mentoring:mentorship", args=[mentorship.pk]),
                dedup_key=(
                    f"mentorship:{mentorship.pk}:messages:user:{recipient.pk}"
                    f":upto:{mentorship.last_unread_id}"
                ),
            )
            is not None
        )


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """Send every digest due now; returns how many were written."""
    now = now or timezone.now()
    return sum(send_digest(due, now) for due in conversations_due(now))
