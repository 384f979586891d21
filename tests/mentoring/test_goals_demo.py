"""The demo's active pairs have goals of their own: some reached, exactly one overdue, each
due date on or after its mentorship's start."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Goal, Mentorship
from mentoring.workspace import goals

pytestmark = pytest.mark.django_db


def test_the_demo_sets_goals_on_active_pairs():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    rows = list(Goal.objects.select_related("mentorship"))
    assert rows
    assert {g.mentorship.status for g in rows} == {Mentorship.Status.ACTIVE}
    assert any(g.done_at for g in rows)
    assert Goal.objects.filter(goals.overdue_q(timezone.localdate())).count() == 1
    for goal in rows:
        assert goal.due_on is None or goal.due_on >= timezone.localdate(goal.mentorship.started_at)
