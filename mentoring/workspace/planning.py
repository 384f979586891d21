"""Meetings the pair plans together (DESIGN §13): services and selectors.

Either party proposes a time; only the other answers: accept, decline, or propose another
time (the proposal is then *replaced* by the new one). An accepted meeting sends both parties
an invitation (``.ics``, ``METHOD:REQUEST``); cancelling it sends ``METHOD:CANCEL``; moving it
is a new proposal which, once accepted, replaces it. Every step of one meeting keeps the
calendar event's ``uid``, and each change sent raises its ``sequence``, so calendars update
the event in place. A planned meeting never counts as held: a party confirms it took place,
which logs the ``Meeting`` (``followup.services.meeting_log``), or says it did not.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nqt.core import notifications

from .. import rules
from ..followup import services as followup
from ..models import CalendarFeed, Meeting, Mentorship, PlannedMeeting
from . import calendar

if TYPE_CHECKING:
    from nqt.core.models import Notification, User

Status = PlannedMeeting.Status
Mode = Meeting.Mode
FollowUpError = followup.FollowUpError

# What the page lists at most of each kind (a pair has a handful; the bound keeps it flat).
PAGE_LIMIT = 50
FEED_LIMIT = 500


# --- Checks ---------------------------------------------------------------------------------


def check_slot(
    *,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    place: str,
    video_url: str,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """A time and a way to meet, normalised; a ``ValidationError`` naming the field at fault
    (the start's errors go to its date)."""
    now = now or timezone.now()
    place, video_url = place.strip(), video_url.strip()
    errors: dict[str, list[str]] = {}
    if starts_at <= now:
        errors["date"] = [_("Choose a date and time to come.")]
    elif starts_at > now + rules.PLANNED_MEETING_MAX_AHEAD:
        errors["date"] = [_("A meeting is planned at most six months ahead.")]
    if not (
        PlannedMeeting.MIN_DURATION_MINUTES
        <= duration_minutes
        <= PlannedMeeting.MAX_DURATION_MINUTES
    ):
        errors["duration_minutes"] = [_("A meeting lasts between 15 minutes and 4 hours.")]
    if mode not in Mode.values:
        errors["mode"] = [_("Choose how you will meet.")]
    if mode == Mode.IN_PERSON and not place:
        errors["place"] = [_("Say where you will meet.")]
    if mode == Mode.VIDEO and not video_url.lower().startswith("https://"):
        errors["video_url"] = [_("Give the video call's link, starting with https://.")]
    if errors:
        raise ValidationError(errors)
    return {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        # Only what the mode needs is kept.
        "place": place if mode == Mode.IN_PERSON else "",
        "video_url": video_url if mode == Mode.VIDEO else "",
    }


def _other(mentorship: Mentorship, user: User) -> User:
    if mentorship.candidate.user_id == user.pk:
        return mentorship.mentor.user
    return mentorship.candidate.user


def _lock_planned(mentorship: Mentorship, planned: PlannedMeeting) -> PlannedMeeting:
    """The planned meeting's row, locked after its mentorship's (one lock order)."""
    return PlannedMeeting.objects.select_for_update().get(pk=planned.pk, mentorship=mentorship)


def _require_answerable(planned: PlannedMeeting, by: User) -> None:
    if planned.status != Status.PROPOSED:
        raise FollowUpError(_("This proposal has already been answered."))
    if planned.proposed_by_id == by.pk:
        raise FollowUpError(_("You cannot answer your own proposal: the other person does."))


def _page(mentorship: Mentorship) -> str:
    return followup.page_url(mentorship)


def _tell(
    planned: PlannedMeeting, *, kind: str, recipients: list[User], event: str, **context
) -> None:
    notifications.notify_many(
        recipients=recipients,
        kind=kind,
        context={"planned": planned, "mentorship": planned.mentorship, **context},
        about=planned,
        url=_page(planned.mentorship),
        dedup_prefix=f"planned:{planned.uid}:{planned.pk}:{event}",
    )


def _parties(mentorship: Mentorship) -> list[User]:
    return [mentorship.candidate.user, mentorship.mentor.user]


# --- Services -------------------------------------------------------------------------------


def _create(
    mentorship: Mentorship, by: User, slot: dict[str, Any], note: str, **chain: Any
) -> PlannedMeeting:
    return PlannedMeeting.objects.create(
        mentorship=mentorship,
        proposed_by=by,
        note=note.strip()[: PlannedMeeting.NOTE_MAX_LENGTH],
        **slot,
        **chain,
    )


@transaction.atomic
def planned_meeting_propose(
    *,
    mentorship: Mentorship,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    place: str = "",
    video_url: str = "",
    note: str = "",
) -> PlannedMeeting:
    """Either party proposes a meeting; the other is told and answers."""
    mentorship = followup._lock(mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    slot = check_slot(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        video_url=video_url,
    )
    planned = _create(mentorship, by, slot, note)
    _tell(
        planned,
        kind="planned_meeting_proposed",
        recipients=[_other(mentorship, by)],
        event="proposed",
        proposer=by,
    )
    return planned


@transaction.atomic
def planned_meeting_accept(*, planned: PlannedMeeting, by: User) -> PlannedMeeting:
    """The other party accepts: both receive the invitation. When the proposal moves an
    accepted meeting, that one is replaced and the invitation updates it (same UID)."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    planned = _lock_planned(mentorship, planned)
    _require_answerable(planned, by)
    now = timezone.now()
    if planned.starts_at <= now:
        raise FollowUpError(_("This time has passed: propose another one."))
    moved = list(
        PlannedMeeting.objects.select_for_update().filter(uid=planned.uid, status=Status.ACCEPTED)
    )
    for previous in moved:
        previous.status = Status.REPLACED
        previous.save(update_fields=["status"])
    planned.status, planned.answered_by, planned.answered_at = Status.ACCEPTED, by, now
    planned.save(update_fields=["status", "answered_by", "answered_at"])
    planned.mentorship = mentorship
    _tell(
        planned,
        kind="planned_meeting_accepted",
        recipients=_parties(mentorship),
        event=f"accepted:{planned.sequence}",
        moved=bool(moved),
        answered_by=by,
    )
    return planned


@transaction.atomic
def planned_meeting_decline(*, planned: PlannedMeeting, by: User) -> PlannedMeeting:
    """The other party declines; a meeting it would have moved stays as it was."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    planned = _lock_planned(mentorship, planned)
    _require_answerable(planned, by)
    planned.status, planned.answered_by, planned.answered_at = (
        Status.DECLINED,
        by,
        timezone.now(),
    )
    planned.save(update_fields=["status", "answered_by", "answered_at"])
    planned.mentorship = mentorship
    kept = (
        PlannedMeeting.objects.filter(uid=planned.uid, status=Status.ACCEPTED)
        .exclude(pk=planned.pk)
        .first()
    )
    if planned.proposed_by_id:
        _tell(
            planned,
            kind="planned_meeting_declined",
            recipients=[planned.proposed_by],
            event="declined",
            answered_by=by,
            kept=kept,
        )
    return planned


@transaction.atomic
def planned_meeting_counter(
    *,
    planned: PlannedMeeting,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    place: str = "",
    video_url: str = "",
    note: str = "",
) -> PlannedMeeting:
    """The other party proposes another time: the proposal is replaced by theirs, which
    keeps its calendar event (uid and sequence); the first proposer now answers."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    planned = _lock_planned(mentorship, planned)
    _require_answerable(planned, by)
    slot = check_slot(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        video_url=video_url,
    )
    planned.status, planned.answered_by, planned.answered_at = (
        Status.REPLACED,
        by,
        timezone.now(),
    )
    planned.save(update_fields=["status", "answered_by", "answered_at"])
    counter = _create(
        mentorship, by, slot, note, uid=planned.uid, sequence=planned.sequence, replaces=planned
    )
    _tell(
        counter,
        kind="planned_meeting_proposed",
        recipients=[_other(mentorship, by)],
        event="proposed",
        proposer=by,
        counter=True,
    )
    return counter


@transaction.atomic
def planned_meeting_move(
    *,
    planned: PlannedMeeting,
    by: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    mode: str,
    place: str = "",
    video_url: str = "",
    note: str = "",
) -> PlannedMeeting:
    """Either party proposes a new time for an accepted meeting. The meeting stays as it is
    until the other accepts; then the invitation is updated (same UID, SEQUENCE + 1)."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    planned = _lock_planned(mentorship, planned)
    if planned.status != Status.ACCEPTED or planned.starts_at <= timezone.now():
        raise FollowUpError(_("Only a meeting accepted and still to come can be moved."))
    if PlannedMeeting.objects.filter(uid=planned.uid, status=Status.PROPOSED).exists():
        raise FollowUpError(_("A new time for this meeting is already waiting for an answer."))
    slot = check_slot(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        video_url=video_url,
    )
    move = _create(
        mentorship,
        by,
        slot,
        note,
        uid=planned.uid,
        sequence=planned.sequence + 1,
        replaces=planned,
    )
    _tell(
        move,
        kind="planned_meeting_proposed",
        recipients=[_other(mentorship, by)],
        event="proposed",
        proposer=by,
        moves=planned,
    )
    return move


@transaction.atomic
def planned_meeting_cancel(*, planned: PlannedMeeting, by: User) -> PlannedMeeting:
    """Cancel an accepted meeting (either party: both receive the cancellation, same UID) or
    withdraw one's own proposal (the other is told)."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    planned = _lock_planned(mentorship, planned)
    planned.mentorship = mentorship
    if planned.status == Status.PROPOSED:
        if planned.proposed_by_id != by.pk:
            raise FollowUpError(_("Answer this proposal: only its author can withdraw it."))
        planned.status = Status.CANCELLED
        planned.save(update_fields=["status"])
        _tell(
            planned,
            kind="planned_meeting_withdrawn",
            recipients=[_other(mentorship, by)],
            event="withdrawn",
            by=by,
        )
        return planned
    if planned.status != Status.ACCEPTED or planned.ends_at <= timezone.now():
        raise FollowUpError(_("Only a meeting accepted and still to come can be cancelled."))
    # A new time waiting for an answer goes with it.
    PlannedMeeting.objects.filter(uid=planned.uid, status=Status.PROPOSED).update(
        status=Status.CANCELLED
    )
    planned.status, planned.sequence = Status.CANCELLED, planned.sequence + 1
    planned.save(update_fields=["status", "sequence"])
    _tell(
        planned,
        kind="planned_meeting_cancelled",
        recipients=_parties(mentorship),
        event=f"cancelled:{planned.sequence}",
        by=by,
    )
    return planned


def require_to_confirm(planned: PlannedMeeting, now: datetime.datetime | None = None) -> None:
    """Refuse unless ``planned`` is accepted, over, and nobody has said whether it took place."""
    now = now or timezone.now()
    if planned.status != Status.ACCEPTED:
        raise FollowUpError(_("Only an accepted meeting can be confirmed."))
    if planned.meeting_id is not None or planned.not_held_at is not None:
        raise FollowUpError(_("Someone has already said whether this meeting took place."))
    if planned.ends_at > now:
        raise FollowUpError(_("This meeting has not taken place yet."))


@transaction.atomic
def planned_meeting_confirm(
    *,
    planned: PlannedMeeting,
    by: User,
    date: datetime.date,
    duration_minutes: int,
    mode: str,
    topics: list[str],
    notes: str = "",
) -> Meeting:
    """A party confirms the meeting took place: it is logged (and only now counts as held)."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    planned = _lock_planned(mentorship, planned)
    require_to_confirm(planned)
    meeting = followup.meeting_log(
        mentorship=mentorship,
        by=by,
        date=date,
        duration_minutes=duration_minutes,
        mode=mode,
        topics=topics,
        notes=notes,
    )
    planned.meeting = meeting
    planned.save(update_fields=["meeting"])
    return meeting


@transaction.atomic
def planned_meeting_not_held(*, planned: PlannedMeeting, by: User) -> PlannedMeeting:
    """A party says the meeting did not take place: nothing is logged, nobody asked again."""
    mentorship = followup._lock(planned.mentorship)
    followup._require_party(mentorship, by)
    followup._require_active(mentorship)
    planned = _lock_planned(mentorship, planned)
    require_to_confirm(planned)
    planned.not_held_at = timezone.now()
    planned.save(update_fields=["not_held_at"])
    return planned


# --- The calendar feed ----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Create the person's feed, or give it a new secret: the old URL stops answering."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not created:
        feed.token, feed.created_at = secrets.token_urlsafe(32), timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_delete(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


# --- Selectors ------------------------------------------------------------------------------


def planning_page(*, mentorship: Mentorship, user: User, role: str | None) -> dict[str, Any]:
    """The planning part of the mentorship page, in two queries whatever the number of
    planned meetings: the proposals to come, the accepted meetings not confirmed yet."""
    now = timezone.now()
    rows = list(
        mentorship.planned_meetings.filter(
            Q(status=Status.PROPOSED, starts_at__gt=now)
            | Q(status=Status.ACCEPTED, meeting__isnull=True, not_held_at__isnull=True)
        )
        .select_related("proposed_by")
        .order_by("starts_at", "pk")[:PAGE_LIMIT]
    )
    accepted = {row.uid: row for row in rows if row.status == Status.ACCEPTED}
    upcoming = [row for row in rows if row.status == Status.ACCEPTED and row.ends_at > now]
    proposals = [row for row in rows if row.status == Status.PROPOSED]
    for proposal in proposals:
        # A proposal that moves an accepted meeting (the page says which).
        proposal.moves = accepted.get(proposal.uid)
    pending_move = {proposal.uid for proposal in proposals if proposal.moves}
    for meeting in upcoming:
        meeting.move_pending = meeting.uid in pending_move
    feed = None
    if role is not None:
        feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "next_planned": upcoming[0] if upcoming else None,
        "upcoming_planned": upcoming[1:],
        "proposals_to_answer": [p for p in proposals if p.proposed_by_id != user.pk],
        "my_proposals": [p for p in proposals if p.proposed_by_id == user.pk],
        "planned_to_confirm": [
            row for row in rows if row.status == Status.ACCEPTED and row.ends_at <= now
        ],
        "calendar_feed": feed,
    }


def feed_meetings(user: User, *, now: datetime.datetime | None = None) -> QuerySet:
    """The accepted meetings of all ``user``'s mentorships, recent and to come: their feed."""
    now = now or timezone.now()
    return (
        PlannedMeeting.objects.filter(
            Q(mentorship__candidate__user=user) | Q(mentorship__mentor__user=user),
            # What is to come only while the mentorship goes on; what was, whatever since.
            Q(mentorship__status=Mentorship.Status.ACTIVE) | Q(starts_at__lt=now),
            status=Status.ACCEPTED,
            starts_at__gte=now - datetime.timedelta(days=rules.CALENDAR_FEED_PAST_DAYS),
            mentorship__status__in=Mentorship.STARTED_STATUSES,
        )
        .select_related("mentorship__candidate__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


def accepted_starting_between(start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Accepted meetings of active mentorships starting in [start, end): the day before's
    reminder."""
    return (
        PlannedMeeting.objects.filter(
            status=Status.ACCEPTED,
            starts_at__gte=start,
            starts_at__lt=end,
            reminded_at__isnull=True,
            mentorship__status=Mentorship.Status.ACTIVE,
        )
        .select_related("mentorship__candidate__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
    )


def ended_to_ask(now: datetime.datetime) -> list[PlannedMeeting]:
    """Accepted meetings of active mentorships whose end has passed (by the rule's delay),
    neither confirmed nor marked not held, not asked yet. The database narrows them by their
    start (the shortest meeting's end); the end itself is checked here, which every database
    of the project can do (SQLite cannot multiply an interval)."""
    delay = rules.PLANNED_MEETING_HELD_QUESTION_AFTER
    shortest = datetime.timedelta(minutes=PlannedMeeting.MIN_DURATION_MINUTES)
    rows = (
        PlannedMeeting.objects.filter(
            status=Status.ACCEPTED,
            starts_at__lte=now - delay - shortest,
            meeting__isnull=True,
            not_held_at__isnull=True,
            held_asked_at__isnull=True,
            mentorship__status=Mentorship.Status.ACTIVE,
        )
        .select_related("mentorship__candidate__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
    )
    return [row for row in rows if row.ends_at + delay <= now]


# --- The daily sweep's actions (mentoring.followup.reminders) -------------------------------


def _claim_and_tell(planned: PlannedMeeting, *, claim: str, now, kind: str, url: str, key: str):
    """Both parties, once: the planned meeting's ``claim`` column (still empty) is set by a
    conditional update before anyone is told, so a second sweep finds nothing to do."""
    claimed = PlannedMeeting.objects.filter(pk=planned.pk, **{f"{claim}__isnull": True}).update(
        **{claim: now}
    )
    if not claimed:
        return False
    return bool(
        notifications.notify_many(
            recipients=_parties(planned.mentorship),
            kind=kind,
            context={"planned": planned, "mentorship": planned.mentorship},
            about=planned,
            url=url,
            dedup_prefix=f"planned:{key}",
        )
    )


def remind_day_before(planned: PlannedMeeting, now: datetime.datetime) -> bool:
    """Both parties, once per version of the meeting (its uid and sequence)."""
    return _claim_and_tell(
        planned,
        claim="reminded_at",
        now=now,
        kind="planned_meeting_reminder",
        url=_page(planned.mentorship),
        key=f"{planned.uid}:{planned.sequence}:day-before",
    )


def ask_whether_held(planned: PlannedMeeting, now: datetime.datetime) -> bool:
    return _claim_and_tell(
        planned,
        claim="held_asked_at",
        now=now,
        kind="planned_meeting_held_question",
        url=reverse("mentoring:planned_meeting_held", args=[planned.mentorship_id, planned.pk]),
        key=f"{planned.uid}:{planned.pk}:held-question",
    )


# --- Calendar files -------------------------------------------------------------------------


def _person(user: User | None) -> calendar.Person | None:
    if user is None or not user.email:
        return None
    return calendar.Person(email=user.email, name=user.get_full_name())


def planned_event(
    planned: PlannedMeeting, *, for_user: User, with_addresses: bool = True
) -> calendar.Event:
    """``planned`` as the calendar event ``for_user`` receives (named after the other party).

    ``with_addresses`` adds the organiser and attendees (an invitation's e-mail addresses);
    the feed leaves them out (the two names and the place or link only)."""
    mentorship = planned.mentorship
    other = _other(mentorship, for_user)
    with translation.override(for_user.language or None):
        summary = _("Mentorship meeting — %(name)s") % {"name": other.get_full_name()}
        if planned.mode == Mode.VIDEO:
            location = planned.video_url
        elif planned.mode == Mode.PHONE:
            location = str(Mode.PHONE.label)
        else:
            location = planned.place
        description = "\n".join(filter(None, [str(planned.get_mode_display()), planned.note]))
    attendees: tuple[calendar.Person, ...] = ()
    organizer = None
    if with_addresses:
        attendees = tuple(filter(None, (_person(user) for user in _parties(mentorship))))
        organizer = _person(planned.proposed_by) or (attendees[0] if attendees else None)
    return calendar.Event(
        uid=calendar.uid_for(planned.uid),
        sequence=planned.sequence,
        start=planned.starts_at,
        end=planned.ends_at,
        summary=summary,
        location=location,
        url=notifications.absolute_url(_page(mentorship)),
        description=description,
        organizer=organizer,
        attendees=attendees,
        cancelled=planned.status == Status.CANCELLED,
    )


def invitation_method(planned: PlannedMeeting) -> str:
    """An invitation (or its update), or the cancellation once cancelled."""
    if planned.status == Status.CANCELLED:
        return calendar.Method.CANCEL
    return calendar.Method.REQUEST


def invitation_file(planned: PlannedMeeting, *, for_user: User) -> bytes:
    return calendar.calendar_file(
        [planned_event(planned, for_user=for_user)], method=invitation_method(planned)
    )


def feed_file(user: User) -> bytes:
    events = [
        planned_event(planned, for_user=user, with_addresses=False)
        for planned in feed_meetings(user)
    ]
    with translation.override(user.language or None):
        name = _("Mentorship meetings")
    return calendar.calendar_file(events, method=calendar.Method.PUBLISH, name=name)


INVITATION_NAME = "rencontre.ics"


def _invitation_attachment(notification: Notification) -> list[tuple[str, bytes, str]]:
    planned = notification.about
    if planned is None or notification.recipient is None:
        return []
    content = invitation_file(planned, for_user=notification.recipient)
    mimetype = f"text/calendar; method={invitation_method(planned)}; charset=UTF-8"
    return [(INVITATION_NAME, content, mimetype)]


# --- Notification kinds ---------------------------------------------------------------------


def _still_proposed(notification: Notification) -> bool:
    planned = notification.about
    return planned is not None and planned.status == Status.PROPOSED


def _still_accepted(notification: Notification) -> bool:
    """An invitation moved or cancelled before it left is not sent: the later one is."""
    planned = notification.about
    return planned is not None and planned.status == Status.ACCEPTED


def _still_cancelled(notification: Notification) -> bool:
    planned = notification.about
    return planned is not None and planned.status == Status.CANCELLED


def _still_to_confirm(notification: Notification) -> bool:
    planned = notification.about
    return (
        planned is not None
        and planned.status == Status.ACCEPTED
        and planned.meeting_id is None
        and planned.not_held_at is None
    )


def register_kinds() -> None:
    """The notifications of planned meetings (called from ``MentoringConfig.ready``)."""
    register = notifications.register_kind
    register(
        "planned_meeting_proposed",
        label=gettext_lazy("Meeting proposed"),
        still_relevant=_still_proposed,
    )
    register(
        "planned_meeting_accepted",
        label=gettext_lazy("Meeting accepted: the calendar invitation"),
        still_relevant=_still_accepted,
        attachments=_invitation_attachment,
    )
    register("planned_meeting_declined", label=gettext_lazy("Meeting proposal declined"))
    register("planned_meeting_withdrawn", label=gettext_lazy("Meeting proposal withdrawn"))
    register(
        "planned_meeting_cancelled",
        label=gettext_lazy("Meeting cancelled: the calendar cancellation"),
        still_relevant=_still_cancelled,
        attachments=_invitation_attachment,
    )
    register(
        "planned_meeting_reminder",
        label=gettext_lazy("Reminder of a planned meeting the day before"),
        optional=True,
        still_relevant=_still_accepted,
    )
    register(
        "planned_meeting_held_question",
        label=gettext_lazy("After a planned meeting: did it take place?"),
        optional=True,
        still_relevant=_still_to_confirm,
    )
