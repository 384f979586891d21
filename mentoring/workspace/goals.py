"""The pair's own goals (DESIGN §13): beside the programme's action plan, the candidate and the
mentor of an active mentorship set goals with an optional due date, tick them, change and delete
them. Read-only once the mentorship has ended, and for the regional team, who see the progress.

Writes (services) lock the mentorship first, so the per-mentorship limit holds under races;
reads (selectors) run a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nqt.core.french import long_date

from ..followup.services import FollowUpError
from ..models import Goal, Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User


# --- Rules ----------------------------------------------------------------------------------


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Goals whose due date has passed and that are not reached (``Goal.is_overdue``), as a
    filter on ``Goal`` (or on a relation to it, ``prefix="goals__"``)."""
    return Q(**{f"{prefix}done_at__isnull": True, f"{prefix}due_on__lt": today})


# --- Services -------------------------------------------------------------------------------


def _lock_for_change(mentorship: Mentorship, by: User) -> Mentorship:
    """The mentorship, locked; only its two parties change its goals, while it is active."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("candidate", "mentor")
        .get(pk=mentorship.pk)
    )
    if mentorship.party_of(by) is None:
        raise FollowUpError(_("Only the candidate and the mentor of this mentorship can do this."))
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise FollowUpError(_("This mentorship is over: its goals can no longer change."))
    return mentorship


def _clean(mentorship: Mentorship, title: str, due_on: datetime.date | None) -> str:
    """The title trimmed, checked with the due date; the errors named by field."""
    title = " ".join((title or "").split())
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the goal a title.")]
    elif len(title) > Goal.TITLE_MAX_LENGTH:
        errors["title"] = [
            _("A goal's title has at most %(max)d characters.") % {"max": Goal.TITLE_MAX_LENGTH}
        ]
    if due_on is not None and mentorship.started_at is not None:
        start = timezone.localdate(mentorship.started_at)
        if due_on < start:
            errors["due_on"] = [
                _("The due date cannot be before the start of the mentorship (%(date)s).")
                % {"date": long_date(start)}
            ]
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def goal_add(
    *, mentorship: Mentorship, by: User, title: str, due_on: datetime.date | None = None
) -> Goal:
    """A new goal of the pair (at most ``Goal.MAX_PER_MENTORSHIP`` per mentorship)."""
    mentorship = _lock_for_change(mentorship, by)
    title = _clean(mentorship, title, due_on)
    if mentorship.goals.count() >= Goal.MAX_PER_MENTORSHIP:
        raise FollowUpError(
            _(
                "This mentorship already has %(max)d goals, the most it can have: delete or "
                "rewrite one that no longer matters."
            )
            % {"max": Goal.MAX_PER_MENTORSHIP}
        )
    return Goal.objects.create(mentorship=mentorship, title=title, due_on=due_on, created_by=by)


def _lock_goal(goal: Goal, by: User) -> tuple[Mentorship, Goal]:
    mentorship = _lock_for_change(goal.mentorship, by)
    goal = Goal.objects.select_for_update().get(pk=goal.pk, mentorship=mentorship)
    return mentorship, goal


@transaction.atomic
def goal_update(*, goal: Goal, by: User, title: str, due_on: datetime.date | None) -> Goal:
    """Rewrite a goal's title or due date (either party)."""
    mentorship, goal = _lock_goal(goal, by)
    goal.title = _clean(mentorship, title, due_on)
    goal.due_on = due_on
    goal.save(update_fields=["title", "due_on"])
    return goal


@transaction.atomic
def goal_set_done(*, goal: Goal, by: User, done: bool) -> Goal:
    """Tick a goal as reached, or untick it (either party). Ticking twice keeps the first date."""
    _mentorship, goal = _lock_goal(goal, by)
    if done and goal.done_at is None:
        goal.done_at, goal.done_by = timezone.now(), by
    elif not done:
        goal.done_at, goal.done_by = None, None
    goal.save(update_fields=["done_at", "done_by"])
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by: User) -> None:
    _mentorship, goal = _lock_goal(goal, by)
    goal.delete()


# --- Selectors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    overdue: bool


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


def page_context(*, mentorship: Mentorship, today: datetime.date | None = None) -> dict:
    """What the goals part of the mentorship page shows, in one query."""
    today = today or timezone.localdate()
    goals = list(mentorship.goals.order_by("created_at", "pk"))
    rows = [GoalRow(goal, goal.is_overdue(today)) for goal in goals]
    return {
        "goals": rows,
        "goal_progress": Progress(sum(1 for g in goals if g.done_at), len(goals)),
        "goal_overdue_count": sum(1 for row in rows if row.overdue),
        "goals_full": len(goals) >= Goal.MAX_PER_MENTORSHIP,
    }


def with_goal_counts(queryset: QuerySet[Mentorship], today: datetime.date | None = None):
    """Annotate each mentorship with ``goals_total``, ``goals_done`` and ``goals_overdue``
    (one aggregate over the goals, joined once, so a list stays at one query)."""
    today = today or timezone.localdate()
    return queryset.annotate(
        goals_total=Count("goals", distinct=True),
        goals_done=Count("goals", filter=Q(goals__done_at__isnull=False), distinct=True),
        goals_overdue=Count("goals", filter=overdue_q(today, "goals__"), distinct=True),
    )


def progress_of(mentorship: Mentorship) -> Progress:
    """One mentorship's progress (the admin's change page)."""
    counts = mentorship.goals.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False))
    )
    return Progress(counts["done"], counts["total"])


def overdue_counts(mentorship_ids, today: datetime.date | None = None) -> dict[int, int]:
    """{mentorship id: overdue goals} for the given mentorships, in one query."""
    today = today or timezone.localdate()
    rows = (
        Goal.objects.filter(overdue_q(today), mentorship_id__in=list(mentorship_ids))
        .values_list("mentorship_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)
