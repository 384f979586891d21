"""The daily sweep (DESIGN §7): each rule finds, in PostgreSQL, what is due today and acts on it.

No reminder is a long-countdown task: Celery beat runs ``sweep`` once a day and
``python manage.py send_reminders [--dry-run]`` runs it on demand. Each rule's action is
idempotent (a unique notification key, or a conditional update), so a sweep run twice — or a
worker that died half-way — never sends a message twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services import proposals


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    due: Callable[[datetime.datetime], Iterable]
    act: Callable[[object, datetime.datetime], bool]


RULES: list[Rule] = [
    Rule(
        "proposal_reminder",
        _("Proposal unanswered for 7 days: remind the mentor"),
        proposals.proposals_to_remind,
        lambda mentorship, now: proposals.proposal_remind(mentorship),
    ),
    Rule(
        "proposal_expiry",
        _("Proposal unanswered for 14 days: expire it and tell staff"),
        proposals.proposals_to_expire,
        lambda mentorship, now: proposals.proposal_expire(mentorship, now=now),
    ),
]


def register(rule: Rule) -> None:
    RULES.append(rule)


@dataclass
class RuleRun:
    rule: Rule
    due: int = 0
    acted: int = 0


def sweep(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list[RuleRun]:
    """Run every rule; with ``dry_run`` only count what is due."""
    now = now or timezone.now()
    runs = []
    for rule in RULES:
        run = RuleRun(rule)
        for item in rule.due(now):
            run.due += 1
            if dry_run:
                continue
            with transaction.atomic():
                if rule.act(item, now):
                    run.acted += 1
        runs.append(run)
    return runs
