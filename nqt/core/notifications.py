"""The single notification service (DESIGN §7).

``notify`` writes a ``Notification`` row in the caller's transaction — the in-app message and
the e-mail outbox entry — and, after commit, enqueues the task that e-mails it. The row, not
the broker, is the source of truth: ``resend_unsent`` re-enqueues what is still waiting, so a
Redis outage delays messages but loses none. ``deliver`` claims the row with a conditional
update before sending, so a retried or duplicated task never sends twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Notification

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotificationKind:
    code: str
    email: bool = True
    in_app: bool = True
    # Bodies carrying a secret (an invitation link, a reset key) are blanked once sent.
    redact_after_send: bool = False
    # What staff read for it in the outbox, and, for an optional reminder (which its recipient
    # may turn off), what the e-mail preferences call it.
    label: str = ""
    optional: bool = False
    # Called before sending: False means the object's state moved on and the e-mail is moot.
    still_relevant: Callable[[Notification], bool] | None = None
    # Files the e-mail carries, computed when it is sent from the notification (its ``about``
    # object as it is then): a list of (file name, content, MIME type).
    attachments: Callable[[Notification], list[tuple[str, str | bytes, str]]] | None = None

    @property
    def template_prefix(self) -> str:
        return f"emails/{self.code}"


_kinds: dict[str, NotificationKind] = {}


def register_kind(code: str, *, label: str, **options: Any) -> NotificationKind:
    kind = NotificationKind(code=code, label=label, **options)
    _kinds[code] = kind
    return kind


def kind_choices() -> list[tuple[str, str]]:
    """(code, label) of every kind, in the label's French order: the outbox's filter."""
    from .collation import sort_key

    return sorted(
        ((kind.code, kind.label) for kind in _kinds.values()), key=lambda c: sort_key(str(c[1]))
    )


def kind_label(code: str) -> str:
    """The label of a kind; the code itself for a kind no longer registered (old rows)."""
    kind = _kinds.get(code)
    return kind.label if kind else code


def optional_kinds() -> list[NotificationKind]:
    """The reminders people may choose not to receive by e-mail."""
    return [kind for kind in _kinds.values() if kind.optional]


def email_preferences_set(*, user: User, muted: Iterable[str]) -> User:
    """Turn off the e-mail of the given optional reminders (and on for the others)."""
    allowed = {kind.code for kind in optional_kinds()}
    user.muted_email_kinds = sorted(set(muted) & allowed)
    user.save(update_fields=["muted_email_kinds"])
    return user


def get_kind(code: str) -> NotificationKind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"Unknown notification kind {code!r}; register it first.") from None


class Delivery(StrEnum):
    SENT = "sent"
    BUSY = "busy"  # another worker holds a fresh claim on the row
    SKIPPED = "skipped"  # already sent, cancelled or not an e-mail
    CANCELLED = "cancelled"  # the object is gone or its state changed


def render_email(template_prefix: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render the three templates of an e-mail: subject, text body and HTML body.

    The subject is a plain-text header, so it is rendered without HTML escaping; it is then
    given to the bodies as ``subject`` (the HTML body escapes it in its ``<title>``).
    """
    subject_template = get_template(f"{template_prefix}/subject.txt").template
    # One line, its runs of white space made one space; but not the non-breaking spaces of
    # French punctuation ("Aide demandée : …"), which ``str.split()`` would take too.
    rendered = subject_template.render(Context(context, autoescape=False))
    subject = re.sub(r"[ \t\r\n\f\v]+", " ", rendered).strip()
    body_context = {**context, "subject": subject}
    text = render_to_string(f"{template_prefix}/body.txt", body_context)
    html = render_to_string(f"{template_prefix}/body.html", body_context)
    return subject, text, html


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def notify(
    *,
    recipient: User,
    kind: str,
    context: dict[str, Any] | None = None,
    about: models.Model | None = None,
    url: str = "",
    dedup_key: str | None = None,
) -> Notification | None:
    """Notify ``recipient``; call it inside the transaction of the change that causes it.

    Returns None when a notification with ``dedup_key`` already exists (nothing is sent twice).
    """
    spec = get_kind(kind)
    wants_email = spec.email and recipient.is_active and bool(recipient.email)
    if spec.optional and kind in (recipient.muted_email_kinds or []):
        wants_email = False
    return _compose(
        spec=spec,
        recipient=recipient,
        email=recipient.email if wants_email else "",
        language=recipient.language,
        context=context,
        about=about,
        url=url,
        dedup_key=dedup_key,
    )


def notify_address(
    *,
    email: str,
    kind: str,
    context: dict[str, Any] | None = None,
    about: models.Model | None = None,
    dedup_key: str | None = None,
    language: str | None = None,
) -> Notification | None:
    """E-mail someone who has no account yet (an invitation); nothing is shown in the site."""
    return _compose(
        spec=get_kind(kind),
        recipient=None,
        email=email,
        language=language,
        context=context,
        about=about,
        dedup_key=dedup_key,
    )


def _compose(
    *,
    spec: NotificationKind,
    recipient: User | None,
    email: str,
    language: str | None,
    context: dict[str, Any] | None,
    about: models.Model | None,
    dedup_key: str | None,
    url: str = "",
) -> Notification | None:
    """Render the e-mail in ``language`` (the site's by default) and record it."""
    if dedup_key and Notification.objects.filter(dedup_key=dedup_key).exists():
        return None
    with translation.override(language or settings.LANGUAGE_CODE):
        full_context = {
            "recipient": recipient,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "action_url": absolute_url(url),
            **(context or {}),
        }
        subject, text, html = render_email(spec.template_prefix, full_context)
    return record(
        recipient=recipient,
        email=email,
        kind=spec.code,
        title=subject,
        body_text=text,
        body_html=html,
        url=url,
        in_app=spec.in_app,
        about=about,
        dedup_key=dedup_key,
    )


def notify_many(
    *, recipients: Iterable[User], kind: str, dedup_prefix: str | None = None, **kwargs: Any
) -> list[Notification]:
    """``notify`` each recipient; the dedup key, if any, is made per recipient."""
    created = []
    for recipient in recipients:
        dedup_key = f"{dedup_prefix}:user:{recipient.pk}" if dedup_prefix else None
        notification = notify(recipient=recipient, kind=kind, dedup_key=dedup_key, **kwargs)
        if notification is not None:
            created.append(notification)
    return created


def record(
    *,
    recipient: User | None,
    email: str,
    kind: str,
    title: str,
    body_text: str,
    body_html: str = "",
    url: str = "",
    in_app: bool = True,
    about: models.Model | None = None,
    dedup_key: str | None = None,
) -> Notification | None:
    """Write an already rendered message and enqueue its e-mail after commit."""
    status = Notification.EmailStatus.PENDING if email else Notification.EmailStatus.NONE
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                email=email,
                kind=kind,
                title=title[:255],
                body_text=body_text,
                body_html=body_html,
                url=url,
                in_app=in_app and recipient is not None,
                content_type=ContentType.objects.get_for_model(about) if about else None,
                object_id=about.pk if about else None,
                dedup_key=dedup_key,
                email_status=status,
            )
    except IntegrityError:
        if dedup_key and Notification.objects.filter(dedup_key=dedup_key).exists():
            return None
        raise
    if email:
        transaction.on_commit(partial(enqueue_delivery, notification.pk))
    return notification


def enqueue_delivery(notification_id: int) -> None:
    """Hand the e-mail to Celery; if the broker is down the row waits for the periodic resend."""
    from .tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:
        logger.warning(
            "Could not enqueue notification %s; the periodic resend will retry it.",
            notification_id,
            exc_info=True,
        )


def deliver(notification_id: int) -> Delivery:
    """Send one notification's e-mail at most once.

    The conditional update claims the row: only a pending row, or one whose sender has held it
    longer than the lease (a worker that died mid-send), can be claimed.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS)
    claimed = (
        Notification.objects.filter(pk=notification_id)
        .filter(
            Q(email_status=Notification.EmailStatus.PENDING)
            | Q(email_status=Notification.EmailStatus.SENDING, claimed_at__lt=now - lease)
        )
        .update(
            email_status=Notification.EmailStatus.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        status = (
            Notification.objects.filter(pk=notification_id)
            .values_list("email_status", flat=True)
            .first()
        )
        return Delivery.BUSY if status == Notification.EmailStatus.SENDING else Delivery.SKIPPED

    notification = Notification.objects.select_related("content_type").get(pk=notification_id)
    mine = Notification.objects.filter(
        pk=notification_id, email_status=Notification.EmailStatus.SENDING, claimed_at=now
    )
    if not _still_relevant(notification):
        mine.update(email_status=Notification.EmailStatus.CANCELLED)
        return Delivery.CANCELLED

    message = EmailMultiAlternatives(
        subject=notification.title,
        body=notification.body_text,
        to=[notification.email],
        headers={"X-Notification-Id": str(notification.pk)},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for filename, content, mimetype in _attachments(notification):
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception as error:
        exhausted = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        mine.update(
            email_status=(
                Notification.EmailStatus.FAILED if exhausted else Notification.EmailStatus.PENDING
            ),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    sent = {
        "email_status": Notification.EmailStatus.SENT,
        "sent_at": timezone.now(),
        "last_error": "",
    }
    if _redacts(notification.kind):
        sent.update(body_text=REDACTED, body_html="")
    mine.update(**sent)
    return Delivery.SENT


REDACTED = "[content removed after sending: it contained a single-use link]"


def _redacts(kind: str) -> bool:
    try:
        return get_kind(kind).redact_after_send
    except LookupError:
        return False


def _attachments(notification: Notification) -> list[tuple[str, str | bytes, str]]:
    try:
        spec = get_kind(notification.kind)
    except LookupError:
        return []
    return list(spec.attachments(notification)) if spec.attachments else []


def _still_relevant(notification: Notification) -> bool:
    if notification.content_type_id and notification.about is None:
        return False
    try:
        spec = get_kind(notification.kind)
    except LookupError:
        return True
    return spec.still_relevant is None or spec.still_relevant(notification)


def unsent_ids(*, older_than: timedelta = timedelta(minutes=1), limit: int = 500) -> list[int]:
    """E-mails still waiting: pending rows, and rows whose sender's lease has run out."""
    now = timezone.now()
    lease = timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS)
    return list(
        Notification.objects.filter(
            Q(email_status=Notification.EmailStatus.PENDING, created_at__lt=now - older_than)
            | Q(email_status=Notification.EmailStatus.SENDING, claimed_at__lt=now - lease),
            attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def resend_unsent(*, older_than: timedelta = timedelta(minutes=1), limit: int = 500) -> int:
    """Enqueue every e-mail still waiting; returns how many were enqueued."""
    ids = unsent_ids(older_than=older_than, limit=limit)
    for notification_id in ids:
        enqueue_delivery(notification_id)
    return len(ids)


def requeue(queryset: models.QuerySet) -> int:
    """Give pending or failed e-mails of ``queryset`` a fresh set of attempts and enqueue them."""
    ids = list(
        queryset.filter(
            email_status__in=[Notification.EmailStatus.PENDING, Notification.EmailStatus.FAILED]
        ).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(
        email_status=Notification.EmailStatus.PENDING, attempts=0
    )
    for notification_id in ids:
        transaction.on_commit(partial(enqueue_delivery, notification_id))
    return len(ids)


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s in-app notifications as read (all of them when no ids are given)."""
    queryset = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


def staff_of_region(region_id: int) -> models.QuerySet:
    """Active staff who manage the region: the recipients of staff alerts about it."""
    from .models import User

    return User.objects.filter(is_active=True, is_staff=True, managed_regions=region_id)


register_kind(
    "account",
    label=_("Account e-mail (address confirmation, password)"),
    in_app=False,
    redact_after_send=True,
)
register_kind("second_factor_reset", label=_("Two-factor authentication reset"))
