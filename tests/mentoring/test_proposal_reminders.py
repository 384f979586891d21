"""Unanswered proposals: a reminder after 7 days, expiry after 14 days, each exactly once
(DESIGN §7). Time is frozen on the day before, of and after each trigger."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.followup import reminders
from mentoring.models import Mentorship
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

PROPOSED_AT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def proposal(staff):
    return factories.MentorshipFactory(
        status=Mentorship.Status.PROPOSED,
        proposed_at=PROPOSED_AT,
        started_at=None,
        answered_at=None,
        candidate__status="eligible",
    )


def sweep_on(day: int, **kwargs):
    with time_machine.travel(PROPOSED_AT + datetime.timedelta(days=day, hours=1), tick=False):
        return {run.rule.code: run for run in reminders.sweep(**kwargs)}


@pytest.mark.parametrize(("day", "reminded"), [(6, 0), (7, 1), (8, 1)])
def test_reminder_after_seven_days(proposal, day, reminded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep_on(day)
    sent = Notification.objects.filter(kind="proposal_reminder", recipient=proposal.mentor.user)
    assert sent.count() == reminded


@pytest.mark.parametrize(("day", "expired"), [(13, False), (14, True), (15, True)])
def test_expiry_after_fourteen_days(proposal, staff, day, expired):
    sweep_on(day)
    proposal.refresh_from_db()
    assert (proposal.status == Mentorship.Status.EXPIRED) is expired
    told = Notification.objects.filter(kind="proposal_expired", recipient=staff).exists()
    assert told is expired


def test_running_the_sweep_twice_sends_nothing_twice(
    proposal, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_on(7)
        second = sweep_on(7)
    assert first["proposal_reminder"].acted == 1
    assert second["proposal_reminder"].acted == 0
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        sweep_on(14)
        sweep_on(14)
    assert Notification.objects.filter(kind="proposal_expired").count() == 1


def test_a_reminder_for_an_answered_proposal_is_not_sent(proposal):
    with time_machine.travel(PROPOSED_AT + datetime.timedelta(days=7, hours=1), tick=False):
        reminders.sweep()  # the row is written; the e-mail would go after commit
    Mentorship.objects.filter(pk=proposal.pk).update(status=Mentorship.Status.DECLINED)
    reminder = Notification.objects.get(kind="proposal_reminder")
    from nqt.core import notifications

    assert notifications.deliver(reminder.pk) == notifications.Delivery.CANCELLED
    assert mail.outbox == []


def test_send_reminders_dry_run_changes_nothing(proposal):
    out = io.StringIO()
    with time_machine.travel(PROPOSED_AT + datetime.timedelta(days=15), tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    assert "1 due" in out.getvalue()
    proposal.refresh_from_db()
    assert proposal.status == Mentorship.Status.PROPOSED
    assert not Notification.objects.exists()


def test_propose_matches_dry_run_prints_json_and_writes_nothing(mentor):
    candidate = factories.EligibleCandidateFactory()
    out = io.StringIO()
    call_command(
        "propose_matches", "--region", "grand-est", "--dry-run", "--format", "json", stdout=out
    )
    [pair] = json.loads(out.getvalue())
    assert pair["candidate_id"] == candidate.pk
    assert pair["mentor_id"] == mentor.pk
    assert pair["score"] == pytest.approx(sum(pair["criteria"].values()), abs=0.5)
    assert set(pair["criteria"]) == {
        "sector",
        "function",
        "geography",
        "field_of_study",
        "business",
        "languages",
        "load",
        "waiting",
    }
    assert not Mentorship.objects.exists()


def test_propose_matches_saves_drafts_without_dry_run(mentor):
    factories.EligibleCandidateFactory()
    out = io.StringIO()
    call_command("propose_matches", "--region", "grand-est", stdout=out)
    assert "Pairs: 1," in out.getvalue()
    assert Mentorship.objects.get().status == Mentorship.Status.DRAFT


def test_propose_matches_refuses_an_unknown_region():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="grand-est"):
        call_command("propose_matches", "--region", "atlantide", "--dry-run")


def test_daily_sweep_task_runs_the_rules(proposal):
    from mentoring.tasks import daily_sweep

    with time_machine.travel(timezone.now() + datetime.timedelta(days=400), tick=False):
        result = daily_sweep.apply().get()
    assert result["proposal_expiry"] == 1
