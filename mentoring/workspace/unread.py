"""Unread messages, defined once (DESIGN §13): the site's header, "Mon espace" and the e-mail
digest all count them from ``unread_q``.

A person's unread messages are, in each mentorship where they are the candidate or the mentor,
the messages they did not write (the other party's, or those of an erased account, whose author
is None) written after their last read of the conversation (``Mentorship.candidate_read_at`` /
``mentor_read_at``; all of them when they never opened it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from candidates.models import Candidate

from ..models import Mentor, Mentorship, Message

if TYPE_CHECKING:
    from django.db.models import Expression, QuerySet

    from nqt.core.models import User

# The two parties of a mentorship: the prefix of their relation and of their read_at column.
SIDES = ("candidate", "mentor")
# Before any message: "never read" compares as read at this moment.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def unread_q(*, reader_id: int | Expression, read_at: datetime.datetime | Expression | None) -> Q:
    """THE rule, as a filter on ``Message``: the messages a reader has not read yet — not
    written by them (``author`` None counts: an erased account's), written after ``read_at``
    (every message when it is None). ``reader_id`` and ``read_at`` are values, or expressions
    such as ``OuterRef("candidate__user_id")`` and ``OuterRef("candidate_read_at")`` when a
    query counts them for many mentorships at once (served by message_conversation_idx)."""
    after = Coalesce(read_at, Value(NEVER), output_field=DateTimeField())
    return (Q(author__isnull=True) | ~Q(author_id=reader_id)) & Q(created_at__gt=after)


def unread_messages(side: str, *, reader_id: int | None = None) -> QuerySet[Message]:
    """The messages of the outer query's mentorship (``OuterRef("pk")``) unread by its ``side``
    party; ``reader_id``: that party's user id when the caller knows it, saving a join."""
    reader = OuterRef(f"{side}__user_id") if reader_id is None else reader_id
    return Message.objects.filter(
        unread_q(reader_id=reader, read_at=OuterRef(f"{side}_read_at")),
        mentorship=OuterRef("pk"),
    ).order_by()


def count_of(messages: QuerySet[Message]) -> Coalesce:
    """A correlated count of ``messages`` (of one mentorship), for an annotation."""
    counted = messages.values("mentorship").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unread_subquery(side: str, *, reader_id: int | None = None) -> Coalesce:
    """The count of a mentorship's messages unread by its ``side`` party, for an annotation."""
    return count_of(unread_messages(side, reader_id=reader_id))


def _sides_of(user: User) -> tuple[Q, Q]:
    """The user's mentorships as the candidate, and as the mentor: their candidate or mentor
    row is found by a scalar subquery run once (each is at most one row), so PostgreSQL reads
    the mentorship indexes on candidate and on mentor rather than the whole table."""
    candidate = Subquery(Candidate.objects.filter(user_id=user.pk).values("pk")[:1])
    mentor = Subquery(Mentor.objects.filter(user_id=user.pk).values("pk")[:1])
    return Q(candidate_id=candidate), Q(mentor_id=mentor)


def unread_by_mentorship(user: User) -> dict[int, int]:
    """{mentorship id: unread messages} of the user's started mentorships that have some, in
    one query whatever the number of mentorships and messages."""
    if not user.is_authenticated:
        return {}
    as_candidate, as_mentor = _sides_of(user)
    rows = (
        Mentorship.objects.filter(as_candidate | as_mentor, status__in=Mentorship.STARTED_STATUSES)
        .annotate(
            unread=Case(
                When(as_candidate, then=unread_subquery("candidate", reader_id=user.pk)),
                default=unread_subquery("mentor", reader_id=user.pk),
            )
        )
        .values_list("pk", "unread")
    )
    return {pk: count for pk, count in rows if count}


@dataclass(frozen=True)
class Unread:
    """What the header shows: how many unread messages, and where to read them (the one
    conversation that has some, or "Mon espace" when several do)."""

    count: int
    url: str

    def __bool__(self) -> bool:
        return self.count > 0


def header_unread(user: User) -> Unread:
    by_mentorship = unread_by_mentorship(user)
    if len(by_mentorship) == 1:
        (pk,) = by_mentorship
        url = reverse("mentoring:mentorship", args=[pk])
    else:
        url = reverse("my_space")
    return Unread(sum(by_mentorship.values()), url)


def context(request) -> dict:
    """The header's unread messages (a context processor): lazy, so only the pages that show
    the header run its one query (the admin's do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": SimpleLazyObject(lambda: header_unread(user))}


def mark_workspace_counts(user: User, mentorships) -> None:
    """Set ``unread_messages`` and ``overdue_goals`` on each of ``mentorships`` (the user's,
    for "Mon espace"): two queries whatever their number."""
    from .goals import overdue_counts  # goals and unread are read together only here

    mentorships = list(mentorships)
    if not mentorships:
        return
    unread = unread_by_mentorship(user)
    overdue = overdue_counts(m.pk for m in mentorships)
    for mentorship in mentorships:
        mentorship.unread_messages = unread.get(mentorship.pk, 0)
        mentorship.overdue_goals = overdue.get(mentorship.pk, 0)
