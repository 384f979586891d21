"""The programme's rules, each defined once (DESIGN §5–§7): its delays, a mentor's load, and
the hard filters a pair must pass before the mentor may be asked.

The ranking SQL, the batch solver, ``why_not_proposable``, the services, the daily sweep, the
KPIs and the texts that quote a delay all read them from here. The matching promise is a
setting (``MATCHING_PROMISE_DAYS``, read by ``promise_days``) since each deployment chooses it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Case, DateTimeField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import CheckIn, Mentor, Mentorship, Message

Status = Mentorship.Status

# --- Delays ------------------------------------------------------------------------------------

SIX_MONTHS = datetime.timedelta(days=182)

# A proposal unanswered for 7 days is reminded to the mentor, and expires at 14; the dashboard
# shows it as "about to expire" two days before.
PROPOSAL_REMINDER_DAYS = 7
PROPOSAL_EXPIRY_DAYS = 14
PROPOSAL_EXPIRING_NOTICE_DAYS = 2
PROPOSAL_REMINDER_AFTER = datetime.timedelta(days=PROPOSAL_REMINDER_DAYS)
PROPOSAL_EXPIRY_AFTER = datetime.timedelta(days=PROPOSAL_EXPIRY_DAYS)
PROPOSAL_EXPIRING_AFTER = PROPOSAL_EXPIRY_AFTER - datetime.timedelta(
    days=PROPOSAL_EXPIRING_NOTICE_DAYS
)

# An active mentorship without a meeting: both parties are reminded at 30 days (the dashboard
# lists it from then), the regional team is alerted at 45.
SILENCE_REMINDER_DAYS = 30
SILENCE_ALERT_DAYS = 45

# Messages (DESIGN §13): a party is e-mailed about a conversation's unread messages once one
# has waited this long unread, at most once per conversation in this interval (the digest,
# mentoring.workspace.digest, run by Celery beat every few minutes). The digest looks at the
# messages of the last day: an older unread message was told already, or is not news.
MESSAGE_DIGEST_DELAY = datetime.timedelta(minutes=10)
MESSAGE_DIGEST_INTERVAL = datetime.timedelta(hours=1)
MESSAGE_DIGEST_LOOKBACK = datetime.timedelta(days=1)

# Check-ins open one and three months after the start, and are asked for during a window.
CHECK_IN_OPENS_AFTER = {
    "month_1": datetime.timedelta(days=30),
    "month_3": datetime.timedelta(days=90),
}
CHECK_IN_WINDOW = datetime.timedelta(days=60)

# Six months in, both parties are asked to declare the outcome; six months after a job
# started, the candidate is asked whether they still hold it: once, within a window of about
# three months after the six (6 to 9 months after the start), never for an older job (a job
# of years ago, declared late or imported, gets no question). The same window opens the answer.
CLOSING_SURVEY_AFTER = SIX_MONTHS
DURABILITY_AFTER = SIX_MONTHS
DURABILITY_WINDOW = datetime.timedelta(days=91)


def durability_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The job start dates whose durability question is open on ``today``: (after, up to],
    i.e. ``after < start_date <= up_to``."""
    up_to = today - DURABILITY_AFTER
    return up_to - DURABILITY_WINDOW, up_to


def durability_open(start_date: datetime.date | None, today: datetime.date) -> bool:
    after, up_to = durability_window(today)
    return start_date is not None and after < start_date <= up_to


# Meetings planned together (DESIGN §13): proposed at most about six months ahead; both parties
# are reminded the day before (the local date), and asked "did it take place?" once its end
# is this far behind; the calendar feed shows the accepted meetings from this many days back.
PLANNED_MEETING_MAX_AHEAD = datetime.timedelta(days=183)
PLANNED_MEETING_REMINDER_DAYS_BEFORE = 1
PLANNED_MEETING_HELD_QUESTION_AFTER = datetime.timedelta(hours=1)
CALENDAR_FEED_PAST_DAYS = 30


# A pause longer than this is a departure: staff deactivate the mentor instead.
MAX_PAUSE_DAYS = 365

# The matching queue flags a candidate whose promise falls due within this many days.
PROMISE_DUE_SOON_DAYS = 3


def promise_days() -> int:
    """Days within which the association promises a mentor after validation (a setting)."""
    return settings.MATCHING_PROMISE_DAYS


def delays() -> dict[str, int]:
    """The delays texts quote, in days, for templates and e-mails."""
    return {
        "proposal_reminder_days": PROPOSAL_REMINDER_DAYS,
        "proposal_expiry_days": PROPOSAL_EXPIRY_DAYS,
        "silence_reminder_days": SILENCE_REMINDER_DAYS,
        "silence_alert_days": SILENCE_ALERT_DAYS,
        "promise_days": promise_days(),
    }


# --- A mentor's load ---------------------------------------------------------------------------

# Mentorships that take one of the mentor's places (a capacity is never lowered below them).
LOAD_STATUSES = (Status.ACTIVE,)
# Mentorships that hold a place, or will if accepted: a mentor is not asked for more
# candidates than they have places.
PLACE_STATUSES = (*LOAD_STATUSES, Status.PROPOSED)
# A mentor who has declined a candidate, or is already asked for or paired with them, is not
# suggested again.
EXCLUDING_STATUSES = (Status.DECLINED, *PLACE_STATUSES)


def places_left(capacity: int, places_taken: int) -> int:
    """The places a mentor has left, ``places_taken`` counting ``PLACE_STATUSES`` (their
    mentees and the proposals waiting for their answer): what the mentor's pages show and
    what matching offers."""
    return max(0, capacity - places_taken)


def has_room(capacity: int, places_taken: int) -> bool:
    """A place left, counting proposals waiting (``PLACE_STATUSES``)."""
    return places_taken < capacity


# --- The hard filters of a pair (DESIGN §6) ----------------------------------------------------
# A mentor may be asked for a candidate only when: the mentor is active and not paused
# (``available``), has a place left (``has_room``), serves the candidate's department or
# mentors remotely (``serves``), and has not declined this candidate nor is already asked for or
# paired with them (``EXCLUDING_STATUSES``). The ORM (the batch pool), the SQL (the ranking)
# and the per-pair check (``why_not_proposable``) are all written from the definitions below.

AVAILABLE_STATUS = Mentor.Status.ACTIVE


def is_paused(paused_until: datetime.date | None, today: datetime.date) -> bool:
    return paused_until is not None and paused_until >= today


def is_available(mentor: Mentor, today: datetime.date) -> bool:
    return mentor.status == AVAILABLE_STATUS and not is_paused(mentor.paused_until, today)


def available_q(today: datetime.date) -> Q:
    """Mentors active and not paused, as a filter on ``Mentor``."""
    return Q(status=AVAILABLE_STATUS) & (Q(paused_until__isnull=True) | Q(paused_until__lt=today))


def available_sql(alias: str, today: datetime.date) -> tuple[str, list]:
    """The same filter as SQL on the mentor table aliased ``alias``, and its parameters."""
    return (
        f"{alias}.status = %s AND ({alias}.paused_until IS NULL OR {alias}.paused_until < %s)",
        [AVAILABLE_STATUS, today],
    )


def serves(*, remote, serves_department):
    """Mentors remotely or serves the candidate's department (booleans or NumPy arrays)."""
    return remote | serves_department


# --- The calendar -----------------------------------------------------------------------------

# The programme started in 2006 (DESIGN §1): the first year the figures and filters offer.
FIRST_YEAR = 2006


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The calendar year in the site's time zone (Europe/Paris), as [start, end)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


# --- Mentorships needing a staff member's attention (the dashboard and the admin's filter) -----

# Staff are alerted at 45 days without a meeting (DESIGN §7); the dashboard shows them from 30,
# when both people are reminded.
NO_MEETING_DAYS = SILENCE_REMINDER_DAYS
# Proposals are shown as about to expire a few days before they do.
PROPOSAL_ATTENTION_AFTER = PROPOSAL_EXPIRING_AFTER


def no_recent_meeting_q(now: datetime.datetime) -> Q:
    """Active mentorships without a meeting for ``NO_MEETING_DAYS`` days or more: the last
    meeting is that old, or there is none and the mentorship started that long ago (the
    reminders' rule, ``Mentorship.silent_q``)."""
    return Mentorship.silent_q(now, NO_MEETING_DAYS)


def expiring_proposal_q(now: datetime.datetime) -> Q:
    """Proposals unanswered long enough to expire within two days."""
    return Q(status=Mentorship.Status.PROPOSED, proposed_at__lte=now - PROPOSAL_ATTENTION_AFTER)


def help_requested_q() -> Q:
    """Active mentorships whose candidate or mentor asked for help in a check-in that staff
    have not handled yet (served by the partial index checkin_open_help_idx). An
    uncorrelated IN: PostgreSQL reads the few open requests once and hashes them, where an
    EXISTS inside the attention filter's OR would probe the check-ins once per mentorship."""
    return Q(status=Mentorship.Status.ACTIVE) & Q(
        pk__in=CheckIn.objects.filter(needs_help=True, help_handled_at__isnull=True).values(
            "mentorship_id"
        )
    )


ATTENTION_REASONS = ("no_recent_meeting", "proposal_expiring", "help_requested")


def attention_reasons(now: datetime.datetime) -> dict[str, Q]:
    """Why a mentorship needs a staff member's attention, by key (the JSON keys)."""
    return {
        "no_recent_meeting": no_recent_meeting_q(now),
        "proposal_expiring": expiring_proposal_q(now),
        "help_requested": help_requested_q(),
    }


def attention_q(now: datetime.datetime) -> Q:
    """Mentorships needing attention, for any reason (also the admin's list filter). The
    statuses the reasons concern are repeated outside the OR, where an index on the status
    can narrow the rows to look at."""
    q = Q(pk__in=[])
    for reason in attention_reasons(now).values():
        q |= reason
    return Q(status__in=[Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED]) & q


# --- The 30-day nudge: a held meeting or a message exchange (DESIGN §7) -------------------------
# "Contact" for the reminder to both parties (``SILENCE_REMINDER_DAYS``) is a held meeting OR a
# message exchange; the staff alert at 45 days, the staff lists' "days without meeting", the
# dashboard's attention rule and the KPIs count held meetings only (``Mentorship.silent_q``).
#
# A message exchange: each party's last message (from the Message rows, never a kept counter)
# exists and the two are at most ``SILENCE_REMINDER_DAYS`` apart, i.e. one answered the other
# within the window; the exchange's moment is the later of the two. It depends on the messages
# alone (not on today), so the reminder's anchor stays put through a silence: one reminder per
# silence, as with meetings.
EXCHANGE_WINDOW = datetime.timedelta(days=SILENCE_REMINDER_DAYS)


def _last_message_of(side: str) -> Subquery:
    return Subquery(
        Message.objects.filter(mentorship=OuterRef("pk"), author_id=OuterRef(f"{side}__user_id"))
        .order_by("-created_at")
        .values("created_at")[:1],
        output_field=DateTimeField(),
    )


def with_last_exchange(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """Annotate ``last_exchange_at``: the moment of the mentorship's last message exchange
    (None without one), from two correlated subqueries on message_conversation_idx."""
    return queryset.annotate(
        candidate_last_message_at=_last_message_of("candidate"),
        mentor_last_message_at=_last_message_of("mentor"),
    ).annotate(
        last_exchange_at=Case(
            When(
                Q(
                    candidate_last_message_at__gte=F("mentor_last_message_at") - EXCHANGE_WINDOW,
                    mentor_last_message_at__gte=F("candidate_last_message_at") - EXCHANGE_WINDOW,
                ),
                then=Greatest("candidate_last_message_at", "mentor_last_message_at"),
            ),
            default=None,
            output_field=DateTimeField(),
        )
    )


def nudge_due_q(now: datetime.datetime) -> Q:
    """Active mentorships due the 30-day reminder (on a queryset ``with_last_exchange``): no
    held meeting for ``SILENCE_REMINDER_DAYS`` (``Mentorship.silent_q``) and no message
    exchange either in that time."""
    return Mentorship.silent_q(now, SILENCE_REMINDER_DAYS) & (
        Q(last_exchange_at__isnull=True) | Q(last_exchange_at__lte=now - EXCHANGE_WINDOW)
    )


def last_contact_for_nudge(mentorship: Mentorship) -> datetime.date | None:
    """The nudge's last contact: the later of the last meeting (or the start) and the last
    message exchange (``last_exchange_at``, annotated by ``with_last_exchange``)."""
    dates = [mentorship.last_contact_on]
    exchange = getattr(mentorship, "last_exchange_at", None)
    if exchange is not None:
        dates.append(timezone.localdate(exchange))
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None
