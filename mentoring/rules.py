"""The programme's rules, each defined once (DESIGN §5–§7): its delays, a mentor's load, and
the hard filters a pair must pass before the mentor may be asked.

The ranking SQL, the batch solver, ``why_not_proposable``, the services, the daily sweep, the
KPIs and the texts that quote a delay all read them from here. The matching promise is a
setting (``MATCHING_PROMISE_DAYS``, read by ``promise_days``) since each deployment chooses it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q

from .models import Mentor, Mentorship

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

# Check-ins open one and three months after the start, and are asked for during a window.
CHECK_IN_OPENS_AFTER = {
    "month_1": datetime.timedelta(days=30),
    "month_3": datetime.timedelta(days=90),
}
CHECK_IN_WINDOW = datetime.timedelta(days=60)

# Six months in, both parties are asked to declare the outcome; six months after a job
# started, the candidate is asked whether they still hold it.
CLOSING_SURVEY_AFTER = SIX_MONTHS
DURABILITY_AFTER = SIX_MONTHS

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
