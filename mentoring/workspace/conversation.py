"""The pair's conversation: writing, reading, reporting a message, and what staff may see.

Messages are private to the candidate and the mentor of a mentorship (DESIGN §10, §13). Staff
of the region see that the pair writes (counts and the last date, ``conversation_stats``) and
read a message only once one of the two reported it, in the admin, each read logged. Only the
two parties of an active mentorship write; afterwards the conversation is read-only, and it is
deleted 12 months after the end (``conversations_purge``, run daily).

Unread messages, for a party, are the other party's messages (erased authors included) created
after the party's ``candidate_read_at`` / ``mentor_read_at`` (all of them when it is None):
viewing the conversation (the page, or the polled partial bringing new messages) sets it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates import services as candidate_services
from candidates.models import SensitiveAccess
from candidates.uploads import CheckedUpload
from nqt.core import notifications

from ..models import CheckIn, Mentorship, Message

if TYPE_CHECKING:
    from nqt.core.models import User

# How many messages a page shows at once (the latest; older ones a page further).
PAGE_SIZE = 50
# How many new messages one poll brings at most (the rest come with the next one).
POLL_LIMIT = 100
# At most this many messages per person within the window (all their conversations).
RATE_LIMIT = 30
RATE_WINDOW = datetime.timedelta(hours=1)
# Conversations are deleted this long after their mentorship ended (DESIGN §10).
RETENTION = datetime.timedelta(days=365)
REPORT_KIND = "message_reported"

READ_FIELDS = {
    CheckIn.Role.CANDIDATE: "candidate_read_at",
    CheckIn.Role.MENTOR: "mentor_read_at",
}


class ConversationClosed(ValidationError):
    """The mentorship has ended (or the person is not a party): nobody writes any more."""


# --- Writing ---------------------------------------------------------------------------------


def _rate_limit_error(count: int) -> ValidationError:
    return ValidationError(
        ngettext(
            "You have sent %(count)d message in the last hour, the most one may send: wait a "
            "little before writing again.",
            "You have sent %(count)d messages in the last hour, the most one may send: wait a "
            "little before writing again.",
            count,
        )
        % {"count": count},
        code="rate_limit",
    )


@transaction.atomic
def message_send(
    *,
    mentorship: Mentorship,
    author: User,
    body: str,
    attachment: CheckedUpload | None = None,
    now: datetime.datetime | None = None,
) -> Message:
    """Write ``author``'s message in ``mentorship``'s conversation.

    Refused (a ValidationError naming the field) when the mentorship is not active, the author
    is not one of its two parties, the text is empty or too long, or the author has already
    sent ``RATE_LIMIT`` messages within the last hour. The author's read mark moves to now:
    they saw the conversation when they wrote.
    """
    now = now or timezone.now()
    # The row lock orders concurrent writes of a pair and re-reads the status.
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    role = locked.party_of(author)
    if role is None or locked.status != Mentorship.Status.ACTIVE:
        raise ConversationClosed(
            _("This mentorship has ended: its conversation can be read but no longer written."),
            code="closed",
        )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your message before sending it.")})
    if len(body) > Message.MAX_LENGTH:
        raise ValidationError(
            {
                "body": _(
                    "A message may hold up to %(limit)d characters (this one has %(count)d): "
                    "split it in two."
                )
                % {"limit": Message.MAX_LENGTH, "count": len(body)}
            }
        )
    # The author's row is locked (after the mentorship, as the erasure does), so two tabs of
    # the same person cannot both slip under the limit.
    get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk").get()
    sent = Message.objects.filter(author=author, created_at__gt=now - RATE_WINDOW).count()
    if sent >= RATE_LIMIT:
        raise _rate_limit_error(sent)
    message = Message(mentorship=locked, author=author, body=body, created_at=now)
    if attachment is not None:
        message.attachment_name = attachment.original_name
        # Under a server-made name: nothing of the user's file name reaches the disk.
        message.attachment.save(attachment.storage_name(), attachment.file, save=False)
    try:
        message.save()
        Mentorship.objects.filter(pk=locked.pk).update(**{READ_FIELDS[role]: now})
    except Exception:
        # No row points at the file: it goes with the failed write.
        if message.attachment:
            default_storage.delete(message.attachment.name)
        raise
    return message


def conversation_read(
    *, mentorship: Mentorship, user: User, at: datetime.datetime | None = None
) -> bool:
    """Mark the conversation read by ``user`` (a party) up to ``at`` (now by default):
    taken before the messages shown were read, so a message written meanwhile stays unread.
    Returns whether a mark was written (staff reading the page write none)."""
    role = mentorship.party_of(user)
    if role is None:
        return False
    at = at or timezone.now()
    field = READ_FIELDS[role]
    # Never backwards (two tabs polling).
    updated = (
        Mentorship.objects.filter(pk=mentorship.pk)
        .filter(Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": at}))
        .update(**{field: at})
    )
    setattr(mentorship, field, at)
    return bool(updated)


# --- Reading ---------------------------------------------------------------------------------


def _with_authors(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.select_related("author")


@dataclass
class ConversationPage:
    """What the conversation shows: ``messages`` oldest first, whether older ones exist, the
    first unread one (where the "new messages" marker goes), the last id shown (what the
    polling asks after)."""

    messages: list[Message]
    has_older: bool
    first_unread_id: int | None
    last_id: int
    before: int | None = None

    @property
    def first_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None


def _unread_after(mentorship: Mentorship, user: User) -> datetime.datetime | bool | None:
    """The party's read mark (None: never read); False when ``user`` is not a party."""
    role = mentorship.party_of(user)
    if role is None:
        return False
    return getattr(mentorship, READ_FIELDS[role])


def _is_unread(message: Message, user: User, read_at) -> bool:
    if read_at is False or message.author_id == user.pk:
        return False
    return read_at is None or message.created_at > read_at


def conversation_page(
    *, mentorship: Mentorship, user: User, before: int | None = None
) -> ConversationPage:
    """The latest ``PAGE_SIZE`` messages (or those before the message ``before``), in two
    queries whatever the conversation's length."""
    messages = _with_authors(mentorship.messages.all())
    if before is not None:
        messages = messages.filter(pk__lt=before)
    # The newest first to take a page, one more to know whether older ones exist.
    rows = list(messages.order_by("-created_at", "-pk")[: PAGE_SIZE + 1])
    has_older = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE][::-1]
    read_at = _unread_after(mentorship, user)
    first_unread = next((m.pk for m in rows if _is_unread(m, user, read_at)), None)
    if before is None:
        last_id = rows[-1].pk if rows else 0
    else:
        last_id = mentorship.messages.aggregate(last=Max("pk"))["last"] or 0
    return ConversationPage(
        messages=rows,
        has_older=has_older,
        first_unread_id=first_unread,
        last_id=last_id,
        before=before,
    )


def messages_after(*, mentorship: Mentorship, user: User, after: int) -> ConversationPage:
    """The messages newer than the message ``after`` (what polling brings), oldest first."""
    rows = list(_with_authors(mentorship.messages.filter(pk__gt=after)).order_by("pk")[:POLL_LIMIT])
    return ConversationPage(
        messages=rows,
        has_older=False,
        # The page already marks where the unread messages began: new ones follow it.
        first_unread_id=None,
        last_id=rows[-1].pk if rows else after,
    )


@dataclass(frozen=True)
class ConversationStats:
    """What staff see of a conversation: how much each party wrote and when last."""

    candidate_messages: int
    mentor_messages: int
    erased_messages: int
    last_message_at: datetime.datetime | None

    @property
    def total(self) -> int:
        return self.candidate_messages + self.mentor_messages + self.erased_messages


def conversation_stats(mentorship: Mentorship) -> ConversationStats:
    """Counts per party and the last message's date, in one query, never a text."""
    figures = mentorship.messages.aggregate(
        candidate=Count("pk", filter=Q(author_id=mentorship.candidate.user_id)),
        mentor=Count("pk", filter=Q(author_id=mentorship.mentor.user_id)),
        erased=Count("pk", filter=Q(author__isnull=True)),
        last=Max("created_at"),
    )
    return ConversationStats(
        candidate_messages=figures["candidate"],
        mentor_messages=figures["mentor"],
        erased_messages=figures["erased"],
        last_message_at=figures["last"],
    )


def author_role(message: Message, mentorship: Mentorship) -> str:
    """ "candidate", "mentor", or "" for an erased author."""
    if message.author_id is None:
        return ""
    return mentorship.party_of(message.author) or ""


# --- Access to one message -------------------------------------------------------------------


def get_message_for_party(user: User, mentorship: Mentorship, message_pk: int) -> Message:
    """A message of ``mentorship`` for one of its two parties; 404 for anyone else."""
    if mentorship.party_of(user) is None:
        raise Http404
    message = mentorship.messages.select_related("author").filter(pk=message_pk).first()
    if message is None:
        raise Http404
    return message


def get_attachment_for_user(user: User, mentorship: Mentorship, message_pk: int) -> Message:
    """A message's document: for the two parties, and for the staff who reached the
    mentorship (``access.get_mentorship_page_for_user``) once the message was reported (their
    read is logged); 404 otherwise, as for a message that does not exist."""
    message = mentorship.messages.filter(pk=message_pk).exclude(attachment="").first()
    if message is None:
        raise Http404
    if mentorship.party_of(user) is not None:
        return message
    if message.reported_at is None:
        raise Http404
    log_staff_read(staff=user, message=message, detail="document")
    return message


def log_staff_read(*, staff: User, message: Message, detail: str) -> None:
    """Record that a staff member read a reported message (the candidates' access log)."""
    candidate_services.log_sensitive_access(
        staff=staff,
        candidate=message.mentorship.candidate,
        what=SensitiveAccess.What.MESSAGE,
        detail=f"message {message.pk}: {detail}",
    )


# --- Reporting -------------------------------------------------------------------------------


def report_url(message: Message) -> str:
    return reverse("admin:mentoring_reportedmessage_change", args=[message.pk])


@transaction.atomic
def message_report(*, message: Message, by: User, reason: str = "") -> Message:
    """``by`` reports the other party's ``message`` to the regional team, who may then read
    it; they are told at once. A message is reported once; one's own, or an erased
    person's, cannot be."""
    locked = (
        Message.objects.select_for_update(of=("self",))
        .select_related("mentorship__candidate__user", "mentorship__mentor__user")
        .get(pk=message.pk)
    )
    mentorship = locked.mentorship
    if mentorship.party_of(by) is None:
        raise Http404
    if locked.author_id is None or locked.author_id == by.pk:
        raise ValidationError(_("Only a message of the other person can be reported."))
    if locked.reported_at is not None:
        raise ValidationError(_("This message is already reported to the regional team."))
    locked.reported_at = timezone.now()
    locked.reported_by = by
    locked.report_reason = (reason or "").strip()[:1000]
    locked.save(update_fields=["reported_at", "reported_by", "report_reason"])
    region_id = mentorship.candidate.region_id
    if region_id is not None:
        notifications.notify_many(
            recipients=notifications.staff_of_region(region_id),
            kind=REPORT_KIND,
            context={"mentorship": mentorship, "by_role": mentorship.party_of(by)},
            about=locked,
            url=report_url(locked),
            dedup_prefix=f"message:{locked.pk}:reported",
        )
    return locked


# --- Retention and erasure -------------------------------------------------------------------


def _delete_files_after_commit(names: list[str]) -> None:
    """Remove stored documents once the rows that pointed at them are gone for good."""
    names = [name for name in names if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def conversations_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the messages (and their documents) of mentorships ended more than 12 months
    ago. Returns how many messages went."""
    now = now or timezone.now()
    old = Message.objects.filter(
        mentorship__status__in=Mentorship.ENDED_STATUSES,
        mentorship__ended_at__lt=now - RETENTION,
    )
    files = list(old.exclude(attachment="").values_list("attachment", flat=True))
    deleted, _per_model = old.delete()
    _delete_files_after_commit(files)
    return deleted


def export_messages(mentorship: Mentorship) -> list[dict[str, Any]]:
    """A conversation as a person's export holds it (prefetched ``messages``)."""
    return [
        {
            "author": author_role(message, mentorship),
            "text": message.body,
            "sent_at": message.created_at.isoformat(),
            "document": message.attachment_name,
        }
        for message in mentorship.messages.all()
    ]


def erase_messages(
    *, user: User, mentorships: QuerySet[Mentorship], forms: list[str], replacement: str
) -> list[str]:
    """Erase ``user`` from the conversations of ``mentorships``: their messages lose their
    author, text and document; the other party's keep theirs, the person's names scrubbed.
    Returns the erased texts (notifications may quote them)."""
    from nqt.core import privacy

    messages = Message.objects.filter(mentorship__in=mentorships)
    own = messages.filter(author=user)
    texts = list(own.values_list("body", flat=True))
    files = list(own.exclude(attachment="").values_list("attachment", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        deleted = _("Message deleted")
    own.update(author=None, body=deleted, attachment="", attachment_name="")
    # What the person wrote when reporting the other's message is theirs too.
    messages.filter(reported_by=user).update(reported_by=None, report_reason="")
    changed = []
    texts_fields = ["body", "attachment_name", "report_reason"]
    for message in messages.exclude(author=None).only("pk", *texts_fields):
        before = (message.body, message.attachment_name, message.report_reason)
        message.body = privacy.scrub(message.body, forms, replacement)
        message.attachment_name = privacy.scrub(message.attachment_name, forms, replacement)
        message.report_reason = privacy.scrub(message.report_reason, forms, replacement)
        if (message.body, message.attachment_name, message.report_reason) != before:
            changed.append(message)
    Message.objects.bulk_update(changed, texts_fields, batch_size=500)
    _delete_files_after_commit(files)
    return texts
