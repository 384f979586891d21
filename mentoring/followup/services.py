"""Inside a mentorship (DESIGN §4, §5, §7): meetings, introductions, the action plan,
check-ins, closure with the outcome, interruption, and the durability check.

The candidate and the mentor are the two parties; each function checks who acts and the
mentorship's state, writes in one transaction and records the notifications it causes.
``Mentorship.last_meeting_on`` caches the latest meeting date (recomputed from the meetings in
the same transaction as any change to them) so that staff lists and the daily sweep read a
column instead of aggregating every meeting.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates import services as candidate_services
from candidates.models import Candidate
from nqt.core import notifications

from ..models import ActionItem, CheckIn, Introduction, Meeting, Mentorship, Outcome
from ..services import alerts

if TYPE_CHECKING:
    from nqt.core.models import User

Status = Mentorship.Status
EndReason = Mentorship.EndReason
Contract = Outcome.ContractType

# Interruptions after which the candidate still needs a mentor and goes back to the queue.
BACK_TO_QUEUE = frozenset({EndReason.MENTOR_UNAVAILABLE, EndReason.MISMATCH})


class FollowUpError(Exception):
    """An action the mentorship's state or the user's part in it does not allow."""


def page_url(mentorship: Mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk])


def _require_party(mentorship: Mentorship, user: User) -> str:
    role = mentorship.party_of(user)
    if role is None:
        raise FollowUpError(_("Only the candidate and the mentor of this mentorship can do this."))
    return role


def _require_active(mentorship: Mentorship) -> None:
    if mentorship.status != Status.ACTIVE:
        raise FollowUpError(_("This mentorship is over: its log can no longer change."))


def _lock(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("candidate__user", "candidate__department", "mentor__user")
        .get(pk=mentorship.pk)
    )


def _lock_with_candidate(mentorship: Mentorship) -> Mentorship:
    """For a change that moves the candidate's status too: the candidate's row is locked
    before the mentorship's (the lock order of ``mentoring.services.proposals``)."""
    Candidate.objects.select_for_update().get(pk=mentorship.candidate_id)
    return _lock(mentorship)


# --- Meetings -------------------------------------------------------------------------------


def _check_meeting(
    mentorship: Mentorship, *, date: datetime.date, duration_minutes: int, topics: list[str]
) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if date > today:
        errors["date"] = [_("A meeting cannot be in the future: log it once it has taken place.")]
    elif mentorship.started_at and date < timezone.localdate(mentorship.started_at):
        errors["date"] = [_("This date is before the start of the mentorship.")]
    if not 1 <= duration_minutes <= Meeting.MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [_("A meeting lasts between 1 minute and 8 hours.")]
    unknown = set(topics) - set(Meeting.Topic.values)
    if unknown:
        errors["topics"] = [_("Unknown topic.")]
    if errors:
        raise ValidationError(errors)


def _refresh_last_meeting(mentorship: Mentorship) -> None:
    latest = Meeting.objects.filter(mentorship=mentorship).aggregate(latest=Max("date"))["latest"]
    Mentorship.objects.filter(pk=mentorship.pk).update(last_meeting_on=latest)
    mentorship.last_meeting_on = latest


@transaction.atomic
def meeting_log(
    *,
    mentorship: Mentorship,
    by: User,
    date: datetime.date,
    duration_minutes: int,
    mode: str,
    topics: list[str],
    notes: str = "",
) -> Meeting:
    mentorship = _lock(mentorship)
    _require_party(mentorship, by)
    _require_active(mentorship)
    _check_meeting(mentorship, date=date, duration_minutes=duration_minutes, topics=topics)
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        date=date,
        duration_minutes=duration_minutes,
        mode=mode,
        topics=sorted(set(topics)),
        notes=notes.strip(),
        logged_by=by,
    )
    _refresh_last_meeting(mentorship)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    date: datetime.date,
    duration_minutes: int,
    mode: str,
    topics: list[str],
    notes: str = "",
) -> Meeting:
    mentorship = _lock(meeting.mentorship)
    if meeting.logged_by_id != by.pk:
        raise FollowUpError(_("Only the person who logged a meeting can change it."))
    _require_active(mentorship)
    _check_meeting(mentorship, date=date, duration_minutes=duration_minutes, topics=topics)
    meeting.date, meeting.duration_minutes, meeting.mode = date, duration_minutes, mode
    meeting.topics, meeting.notes = sorted(set(topics)), notes.strip()
    meeting.save(update_fields=["date", "duration_minutes", "mode", "topics", "notes"])
    _refresh_last_meeting(mentorship)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User) -> None:
    mentorship = _lock(meeting.mentorship)
    if meeting.logged_by_id != by.pk:
        raise FollowUpError(_("Only the person who logged a meeting can delete it."))
    _require_active(mentorship)
    meeting.delete()
    _refresh_last_meeting(mentorship)


# --- Introductions and the action plan ------------------------------------------------------


@transaction.atomic
def introduction_record(
    *,
    mentorship: Mentorship,
    by: User,
    date: datetime.date,
    contact_company: str,
    contact_role: str,
    result: str = Introduction.Result.NOTHING_YET,
    notes: str = "",
) -> Introduction:
    """The mentor put the candidate in touch with a professional of their network."""
    mentorship = _lock(mentorship)
    if mentorship.party_of(by) != CheckIn.Role.MENTOR:
        raise FollowUpError(_("Introductions are recorded by the mentor."))
    _require_active(mentorship)
    if date > timezone.localdate():
        raise ValidationError({"date": [_("An introduction cannot be in the future.")]})
    return Introduction.objects.create(
        mentorship=mentorship,
        date=date,
        contact_company=contact_company.strip(),
        contact_role=contact_role.strip(),
        result=result,
        notes=notes.strip(),
        created_by=by,
    )


@transaction.atomic
def introduction_set_result(*, introduction: Introduction, by: User, result: str) -> Introduction:
    """Either party says what came of an introduction (an interview, an offer...)."""
    mentorship = _lock(introduction.mentorship)
    _require_party(mentorship, by)
    _require_active(mentorship)
    if result not in Introduction.Result.values:
        raise ValidationError({"result": [_("Unknown result.")]})
    introduction.result = result
    introduction.save(update_fields=["result"])
    return introduction


@transaction.atomic
def action_set(*, mentorship: Mentorship, by: User, step: str, done: bool) -> None:
    """Tick or untick a step of the action plan (either party)."""
    mentorship = _lock(mentorship)
    _require_party(mentorship, by)
    _require_active(mentorship)
    if step not in ActionItem.Step.values:
        raise ValidationError({"step": [_("Unknown step.")]})
    if done:
        ActionItem.objects.get_or_create(mentorship=mentorship, step=step, defaults={"done_by": by})
    else:
        ActionItem.objects.filter(mentorship=mentorship, step=step).delete()


# --- Check-ins ------------------------------------------------------------------------------


@transaction.atomic
def check_in_submit(
    *,
    mentorship: Mentorship,
    by: User,
    period: str,
    score: int,
    comment: str = "",
    needs_help: bool = False,
) -> CheckIn:
    """How it is going (1–5), in a few words, and whether the pair needs the staff's help."""
    mentorship = _lock(mentorship)
    role = _require_party(mentorship, by)
    if period not in CheckIn.Period.values:
        raise ValidationError({"period": [_("Unknown check-in.")]})
    if not mentorship.check_in_open(period):
        raise FollowUpError(_("This check-in is not open yet."))
    if not 1 <= score <= 5:
        raise ValidationError({"score": [_("Choose a score between 1 and 5.")]})
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                mentorship=mentorship,
                author=by,
                role=role,
                period=period,
                score=score,
                comment=comment.strip(),
                needs_help=needs_help,
            )
    except IntegrityError:
        raise FollowUpError(_("You have already answered this check-in.")) from None
    if needs_help:
        alerts.notify_staff(
            mentorship, kind="check_in_help", event=f"help:{check_in.pk}", check_in=check_in
        )
    return check_in


@transaction.atomic
def help_requests_handled(*, mentorships: QuerySet[Mentorship], by: User) -> int:
    """Staff took care of the open requests for help of these mentorships: they no longer
    flag them. One conditional update; returns how many requests it closed."""
    return CheckIn.objects.filter(
        mentorship__in=mentorships, needs_help=True, help_handled_at__isnull=True
    ).update(help_handled_at=timezone.now(), help_handled_by=by)


# --- Closure ----------------------------------------------------------------------------------


def _check_outcome(
    mentorship: Mentorship,
    *,
    contract_type: str,
    start_date: datetime.date | None,
    job_title: str,
    employer: str,
) -> None:
    errors: dict[str, list[str]] = {}
    if contract_type not in Contract.values:
        errors["contract_type"] = [_("Unknown contract.")]
    elif contract_type in Outcome.JOB_CONTRACTS:
        if start_date is None:
            errors["start_date"] = [_("Give the date the job starts.")]
        elif mentorship.started_at and start_date < timezone.localdate(mentorship.started_at):
            errors["start_date"] = [
                _("This job starts before the mentorship: it is not an outcome of it.")
            ]
        elif start_date > timezone.localdate() + datetime.timedelta(days=366):
            errors["start_date"] = [_("A job starting more than a year from now is too far.")]
        if not job_title.strip():
            errors["job_title"] = [_("Give the job title.")]
        if not employer.strip() and contract_type != Contract.BUSINESS_CREATION:
            errors["employer"] = [_("Give the employer.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def outcome_declare(
    *,
    mentorship: Mentorship,
    by: User,
    contract_type: str,
    job_title: str = "",
    employer: str = "",
    start_date: datetime.date | None = None,
    at_level: bool = False,
    through_network: bool = False,
) -> Outcome:
    """The candidate or the mentor declares the outcome; staff confirm it to close."""
    mentorship = _lock(mentorship)
    _require_party(mentorship, by)
    _require_active(mentorship)
    _check_outcome(
        mentorship,
        contract_type=contract_type,
        start_date=start_date,
        job_title=job_title,
        employer=employer,
    )
    is_job = contract_type in Outcome.JOB_CONTRACTS
    outcome, _created = Outcome.objects.update_or_create(
        mentorship=mentorship,
        defaults={
            "contract_type": contract_type,
            "job_title": job_title.strip() if is_job else "",
            "employer": employer.strip() if is_job else "",
            "start_date": start_date if is_job else None,
            "at_level": at_level and is_job,
            "through_network": through_network and is_job,
            "declared_by": by,
            "declared_at": timezone.now(),
            "confirmed_by": None,
            "confirmed_at": None,
        },
    )
    alerts.notify_staff(
        mentorship,
        kind="outcome_declared",
        event=f"outcome-declared:{int(outcome.declared_at.timestamp())}",
    )
    return outcome


@transaction.atomic
def outcome_confirm(*, outcome: Outcome, by: User) -> Outcome:
    """Staff confirm the declared outcome: the mentorship completes; with a job the candidate
    is placed, otherwise they become an alumnus."""
    mentorship = _lock_with_candidate(outcome.mentorship)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.confirmed_at is not None:
        raise FollowUpError(_("This outcome is already confirmed."))
    _require_active(mentorship)
    now = timezone.now()
    outcome.confirmed_by, outcome.confirmed_at = by, now
    outcome.save(update_fields=["confirmed_by", "confirmed_at"])
    is_job = outcome.contract_type in Outcome.JOB_CONTRACTS
    mentorship.status = Status.COMPLETED
    mentorship.ended_at = now
    mentorship.end_reason = EndReason.JOB_FOUND if is_job else EndReason.OTHER
    mentorship.save(update_fields=["status", "ended_at", "end_reason"])
    candidate_services.candidate_set_status(
        candidate=mentorship.candidate,
        status=Candidate.Status.PLACED if is_job else Candidate.Status.ALUMNI,
        by=by,
        note=outcome.get_contract_type_display(),
    )
    notifications.notify_many(
        recipients=[mentorship.candidate.user, mentorship.mentor.user],
        kind="mentorship_completed",
        context={"mentorship": mentorship, "outcome": outcome},
        about=mentorship,
        url=page_url(mentorship),
        dedup_prefix=f"mentorship:{mentorship.pk}:completed",
    )
    return outcome


@transaction.atomic
def mentorship_interrupt(
    *, mentorship: Mentorship, by: User, reason: str, note: str = ""
) -> Mentorship:
    """End a mentorship early, with its reason. The candidate goes back to the queue when they
    still need a mentor (the mentor is unavailable, the pair did not work out)."""
    mentorship = _lock_with_candidate(mentorship)
    role = mentorship.party_of(by)
    if role is None and not by.is_staff:
        raise FollowUpError(_("Only the two parties and the regional team can end a mentorship."))
    _require_active(mentorship)
    if reason not in EndReason.values or reason == EndReason.JOB_FOUND:
        raise ValidationError(
            {
                "reason": [
                    _("Choose why the mentorship stops (a job found is declared as the outcome).")
                ]
            }
        )
    if reason == EndReason.OTHER and not note.strip():
        raise ValidationError({"note": [_("Say in a few words why the mentorship stops.")]})
    mentorship.status = Status.INTERRUPTED
    mentorship.ended_at = timezone.now()
    mentorship.end_reason = reason
    mentorship.end_note = note.strip()
    mentorship.save(update_fields=["status", "ended_at", "end_reason", "end_note"])
    back = reason in BACK_TO_QUEUE
    candidate_services.candidate_set_status(
        candidate=mentorship.candidate,
        status=Candidate.Status.ELIGIBLE if back else Candidate.Status.ALUMNI,
        by=by,
        note=Mentorship.EndReason(reason).label,
    )
    recipients = [mentorship.candidate.user, mentorship.mentor.user]
    notifications.notify_many(
        recipients=[user for user in recipients if user.pk != by.pk],
        kind="mentorship_interrupted",
        context={"mentorship": mentorship, "back_to_queue": back},
        about=mentorship,
        url=page_url(mentorship),
        dedup_prefix=f"mentorship:{mentorship.pk}:interrupted",
    )
    if role is not None:
        alerts.notify_staff(
            mentorship, kind="mentorship_interrupted_staff", event="interrupted-staff"
        )
    return mentorship


@transaction.atomic
def durability_answer(*, outcome: Outcome, by: User, still_employed: bool) -> Outcome:
    """Six months after the job started, the candidate says whether they still hold it."""
    outcome = (
        Outcome.objects.select_for_update(of=("self",))
        .select_related("mentorship__candidate")
        .get(pk=outcome.pk)
    )
    if outcome.mentorship.candidate.user_id != by.pk:
        raise FollowUpError(_("Only the candidate answers this question."))
    if not outcome.durability_question_open():
        raise FollowUpError(_("This question is not open, or was already answered."))
    outcome.still_employed = still_employed
    outcome.durability_checked_at = timezone.now()
    outcome.save(update_fields=["still_employed", "durability_checked_at"])
    return outcome
