"""Proposals: staff ask a mentor to take a candidate; the mentor accepts or declines (DESIGN §5).

Every transition locks the rows it depends on, checks the current state, writes the change with
its timestamps and records the notifications in the same transaction (they are e-mailed after
commit). Accepting locks the mentor row and re-counts the active mentorships inside the
transaction, so two accepts racing for a mentor's last place cannot both win; it locks the
candidate row too, so two mentors accepting the same candidate cannot both win either.

Lock order, for every transaction of the mentoring and candidates services that locks more
than one of these rows: the mentor, then the candidate, then the mentorship(s). A transaction
may skip a level, never go back up one; several rows of one kind that no lock above them
covers are locked in primary-key order, and the rows hanging on a mentorship (its outcome) come
after it. Inserting a mentorship counts as
touching its mentor and candidate (the foreign-key check takes a share lock on them), so it
comes after their locks. The follow-up services and the erasure of a person's data keep it
too. Should PostgreSQL still report a deadlock on accepting, the mentor is told the candidate
has just been paired, never an error.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from psycopg2 import errors as database_errors

from candidates import services as candidate_services
from candidates.models import Candidate
from nqt.core import notifications

from .. import rules
from ..matching import batch, ranking
from ..models import Mentor, Mentorship
from . import alerts

if TYPE_CHECKING:
    from nqt.core.models import Region, User

logger = logging.getLogger(__name__)

Status = Mentorship.Status


class ProposalError(Exception):
    """A proposal, an acceptance or a refusal the current state does not allow (for users)."""


class CapacityReached(ProposalError):
    pass


def _paired_elsewhere() -> ProposalError:
    return ProposalError(_("This candidate has just been paired with another mentor."))


def _mentor_space_url() -> str:
    return reverse("mentoring:mentor_space")


def why_not_proposable(
    *, candidate: Candidate, mentor: Mentor, today: datetime.date | None = None
) -> list[str]:
    """The hard filters (DESIGN §6) this pair fails, as sentences for staff; empty if none."""
    today = today or timezone.localdate()
    reasons = []
    if candidate.status != Candidate.Status.ELIGIBLE:
        reasons.append(
            _("The candidate's file is “%(status)s”, not eligible.")
            % {"status": candidate.get_status_display()}
        )
    if mentor.status != rules.AVAILABLE_STATUS:
        reasons.append(_("The mentor is not active."))
    if rules.is_paused(mentor.paused_until, today):
        reasons.append(
            _("The mentor is paused until %(date)s.")
            % {"date": date_format(mentor.paused_until, "SHORT_DATE_FORMAT")}
        )
    taken = mentor.mentorships.filter(status__in=rules.PLACE_STATUSES).count()
    if not rules.has_room(mentor.capacity, taken):
        reasons.append(_("The mentor has no place left (proposals waiting count)."))
    serves = mentor.departments.filter(pk=candidate.department_id).exists()
    if not rules.serves(remote=mentor.remote, serves_department=serves):
        reasons.append(_("The mentor does not serve the candidate's department nor work remotely."))
    history = set(
        Mentorship.objects.filter(
            candidate=candidate, mentor=mentor, status__in=rules.EXCLUDING_STATUSES
        ).values_list("status", flat=True)
    )
    if Status.DECLINED in history:
        reasons.append(_("The mentor has already declined this candidate."))
    if history & {Status.PROPOSED, Status.ACTIVE}:
        reasons.append(_("This mentor is already asked for, or paired with, this candidate."))
    if candidate.mentorships.filter(status=Status.ACTIVE).exists():
        reasons.append(_("The candidate already has a mentor."))
    return reasons


@dataclass(frozen=True)
class PairScore:
    score: int
    details: dict


def _score(candidate: Candidate, mentor: Mentor) -> PairScore | None:
    """This pair's score and explanation, or None when a hard filter fails."""
    [ranked] = ranking.rank_mentors(candidate, limit=1, mentor_ids=[mentor.pk]) or [None]
    if ranked is None:
        return None
    return PairScore(
        score=round(ranked.score),
        details={
            "values": ranked.values,
            "points": {c.code: c.points for c in ranked.contributions},
        },
    )


def _lock_pair(candidate: Candidate, mentor: Mentor) -> tuple[Candidate, Mentor]:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("department", "user")
        .get(pk=candidate.pk)
    )
    return candidate, mentor


def _lock_many(*, mentor_ids: set[int], candidate_ids: set[int]) -> None:
    """Lock these mentors, then these candidates, each in primary-key order (the lock order)."""
    list(Mentor.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk").values("pk"))
    list(
        Candidate.objects.select_for_update()
        .filter(pk__in=candidate_ids)
        .order_by("pk")
        .values("pk")
    )


def _notify_mentor_of_proposal(mentorship: Mentorship) -> None:
    notifications.notify(
        recipient=mentorship.mentor.user,
        kind="proposal_received",
        context={
            "mentorship": mentorship,
            "candidate_first_name": mentorship.candidate.user.first_name,
            **rules.delays(),
        },
        about=mentorship,
        url=_mentor_space_url(),
        dedup_key=f"mentorship:{mentorship.pk}:proposed",
    )


@transaction.atomic
def mentorship_propose(
    *, candidate: Candidate, mentor: Mentor, proposed_by: User, message: str = ""
) -> Mentorship:
    """Ask ``mentor`` to accompany ``candidate``; a draft for the candidate is replaced."""
    candidate, mentor = _lock_pair(candidate, mentor)
    reasons = why_not_proposable(candidate=candidate, mentor=mentor)
    pair = _score(candidate, mentor) if not reasons else None
    if reasons or pair is None:
        raise ProposalError(" ".join(reasons) or _("This mentor cannot be proposed."))
    Mentorship.objects.filter(candidate=candidate, status=Status.DRAFT).delete()
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        candidate=candidate,
        mentor=mentor,
        status=Status.PROPOSED,
        message=message.strip(),
        score=pair.score,
        score_details=pair.details,
        proposed_by=proposed_by,
        proposed_at=now,
        created_at=now,
    )
    _notify_mentor_of_proposal(mentorship)
    return mentorship


@transaction.atomic
def drafts_prepare(*, region: Region, today: datetime.date | None = None) -> list[batch.DraftPair]:
    """Replace the region's draft pairs with the optimal batch (staff review them before
    sending); nothing is shown to mentors yet. Returns the pairs saved."""
    today = today or timezone.localdate()
    # The pool does not read drafts: the new pairs are computed before the old drafts go.
    pairs = batch.draft_pairs(batch.region_pool(region, today=today))
    old_drafts = Mentorship.objects.filter(status=Status.DRAFT, region=region)
    pair_ids = [
        *old_drafts.values_list("mentor_id", "candidate_id"),
        *((pair.mentor_id, pair.candidate_id) for pair in pairs),
    ]
    # Deleting a draft locks it, inserting one touches its mentor and candidate: they are all
    # locked first, so that sending or accepting meanwhile waits instead of deadlocking.
    _lock_many(
        mentor_ids={mentor_id for mentor_id, candidate_id in pair_ids},
        candidate_ids={candidate_id for mentor_id, candidate_id in pair_ids},
    )
    old_drafts.delete()
    now = timezone.now()
    Mentorship.objects.bulk_create(
        Mentorship(
            candidate_id=pair.candidate_id,
            mentor_id=pair.mentor_id,
            status=Status.DRAFT,
            score=round(pair.score),
            score_details={"values": pair.values, "points": pair.points},
            created_at=now,
        )
        for pair in pairs
    )
    return pairs


@transaction.atomic
def draft_send(*, draft: Mentorship, sent_by: User, message: str = "") -> Mentorship:
    """Send one reviewed draft to its mentor, if the pair still passes every hard filter."""
    candidate, mentor = _lock_pair(draft.candidate, draft.mentor)
    draft = Mentorship.objects.select_for_update().get(pk=draft.pk)
    if draft.status != Status.DRAFT:
        raise ProposalError(_("This draft has already been sent or removed."))
    reasons = why_not_proposable(candidate=candidate, mentor=mentor)
    pair = _score(candidate, mentor) if not reasons else None
    if reasons or pair is None:
        raise ProposalError(" ".join(reasons) or _("This mentor cannot be proposed."))
    now = timezone.now()
    draft.status = Status.PROPOSED
    draft.message = message.strip()
    draft.score, draft.score_details = pair.score, pair.details
    draft.proposed_by, draft.proposed_at = sent_by, now
    draft.save(
        update_fields=["status", "message", "score", "score_details", "proposed_by", "proposed_at"]
    )
    _notify_mentor_of_proposal(draft)
    return draft


def drafts_send(*, drafts, sent_by: User) -> tuple[list[Mentorship], list[tuple[Mentorship, str]]]:
    """Send each draft on its own (one refusal does not stop the others)."""
    sent, refused = [], []
    for draft in drafts:
        try:
            sent.append(draft_send(draft=draft, sent_by=sent_by))
        except ProposalError as error:
            refused.append((draft, str(error)))
    return sent, refused


def _lock_own(mentorship: Mentorship, mentor: Mentor) -> Mentorship | None:
    """The mentor's mentorship, locked; None if it is not theirs."""
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("candidate__user", "candidate__department")
        .filter(pk=mentorship.pk, mentor=mentor)
        .first()
    )


def _no_longer_waiting() -> ProposalError:
    return ProposalError(_("This proposal is no longer waiting for your answer."))


def _lock_pending(mentorship: Mentorship, mentor: Mentor) -> Mentorship:
    """The mentor's proposal, locked, if it still waits for their answer."""
    mentorship = _lock_own(mentorship, mentor)
    if mentorship is None or mentorship.status != Status.PROPOSED:
        raise _no_longer_waiting()
    return mentorship


def _is_deadlock(error: OperationalError) -> bool:
    return isinstance(error.__cause__, database_errors.DeadlockDetected)


def mentorship_accept(*, mentorship: Mentorship, mentor: Mentor) -> Mentorship:
    """The mentor takes the candidate: the mentorship starts, if a place is still free.

    A deadlock (see the module's lock order) rolls the attempt back and, for the mentor, reads
    as what it almost always is: another mentor took the candidate at the same moment.
    """
    try:
        return _accept(mentorship=mentorship, mentor=mentor)
    except OperationalError as error:
        if not _is_deadlock(error):
            raise
        logger.warning("Deadlock on accepting mentorship %s: refused as paired.", mentorship.pk)
        raise _paired_elsewhere() from error


@transaction.atomic
def _accept(*, mentorship: Mentorship, mentor: Mentor) -> Mentorship:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.status != Mentor.Status.ACTIVE:
        # Deactivating a mentor withdraws their proposals under this same lock; this also
        # covers a proposal left waiting by an earlier deactivation.
        raise ProposalError(
            _(
                "Your mentor profile is no longer active, so this proposal cannot be accepted. "
                "To mentor again, contact the association's regional team."
            )
        )
    # The candidate's lock before the proposal's (the module's lock order): a second mentor
    # accepting the same candidate waits here, then finds their proposal withdrawn.
    candidate = Candidate.objects.select_for_update().get(pk=mentorship.candidate_id)
    locked = _lock_own(mentorship, mentor)
    if locked is None:
        raise _no_longer_waiting()
    paired = Mentorship.objects.filter(candidate=candidate, status=Status.ACTIVE).exclude(
        pk=locked.pk
    )
    if locked.status in (Status.PROPOSED, Status.CANCELLED) and paired.exists():
        raise _paired_elsewhere()
    if locked.status != Status.PROPOSED:
        raise _no_longer_waiting()
    mentorship = locked
    # Re-counted under the mentor's lock: a concurrent accept waits for this transaction.
    active = Mentorship.objects.filter(mentor=mentor, status=Status.ACTIVE).count()
    if active >= mentor.capacity:
        raise CapacityReached(
            ngettext(
                "You already accompany %(count)d person, your capacity: free a place or raise "
                "your capacity before accepting.",
                "You already accompany %(count)d people, your capacity: free a place or raise "
                "your capacity before accepting.",
                active,
            )
            % {"count": active}
        )
    if candidate.status != Candidate.Status.ELIGIBLE:
        # The candidate changed their eligibility data since the proposal: staff review the
        # file again before anyone can start.
        raise ProposalError(
            _(
                "This candidate's file is being reviewed again by the regional team: the "
                "proposal cannot be accepted for now."
            )
        )
    now = timezone.now()
    mentorship.status = Status.ACTIVE
    mentorship.answered_at = mentorship.started_at = now
    # The time to match counts from the candidate's latest entry in the queue.
    mentorship.queued_at = candidate.queued_at
    try:
        with transaction.atomic():
            mentorship.save(update_fields=["status", "answered_at", "started_at", "queued_at"])
    except IntegrityError:  # the one-active-mentorship constraint, as a last resort
        raise _paired_elsewhere() from None
    candidate_services.candidate_set_status(
        candidate=candidate,
        status=Candidate.Status.IN_MENTORSHIP,
        by=mentor.user,
        note=_("Mentorship with %(mentor)s") % {"mentor": mentor.user.get_full_name()},
    )
    _withdraw_other_proposals(mentorship, now=now)
    notifications.notify(
        recipient=candidate.user,
        kind="mentorship_started",
        context={"mentorship": mentorship, "mentor": mentor},
        about=mentorship,
        url=reverse("my_space"),
        dedup_key=f"mentorship:{mentorship.pk}:started:candidate",
    )
    alerts.notify_staff(mentorship, kind="proposal_accepted", event="accepted")
    return mentorship


def _withdraw_other_proposals(mentorship: Mentorship, *, now: datetime.datetime) -> None:
    """Once paired, the candidate's other proposals and drafts are withdrawn."""
    others = Mentorship.objects.filter(
        Q(status=Status.PROPOSED) | Q(status=Status.DRAFT), candidate=mentorship.candidate_id
    ).exclude(pk=mentorship.pk)
    # Under the candidate's lock, the other proposals and drafts are locked in primary-key order.
    locked = others.select_for_update(of=("self",)).select_related("mentor__user").order_by("pk")
    for other in locked:
        if other.status == Status.PROPOSED:
            notifications.notify(
                recipient=other.mentor.user,
                kind="proposal_withdrawn",
                context={"mentorship": other, "paired_elsewhere": True},
                about=other,
                url=_mentor_space_url(),
                dedup_key=f"mentorship:{other.pk}:withdrawn",
            )
    others.filter(status=Status.DRAFT).delete()
    others.filter(status=Status.PROPOSED).update(status=Status.CANCELLED, answered_at=now)


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, mentor: Mentor, reason: str) -> Mentorship:
    """The mentor declines, with a reason; the candidate goes back to the queue."""
    reason = reason.strip()
    if not reason:
        raise ProposalError(_("Please say in a few words why you decline."))
    mentorship = _lock_pending(mentorship, mentor)
    mentorship.status = Status.DECLINED
    mentorship.answered_at = timezone.now()
    mentorship.decline_reason = reason[:2000]
    mentorship.save(update_fields=["status", "answered_at", "decline_reason"])
    alerts.notify_staff(mentorship, kind="proposal_declined", event="declined")
    return mentorship


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, by: User, tell_mentor: bool = True) -> Mentorship:
    """Staff withdraw a proposal (the mentor is told) or drop a draft.

    ``tell_mentor=False`` is for a caller that tells the mentor itself, in one message about
    all the proposals it withdraws (the mentor's deactivation).
    """
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .get(pk=mentorship.pk)
    )
    if mentorship.status == Status.DRAFT:
        mentorship.delete()
        return mentorship
    if mentorship.status != Status.PROPOSED:
        raise ProposalError(_("Only a proposal still waiting for an answer can be withdrawn."))
    mentorship.status = Status.CANCELLED
    mentorship.answered_at = timezone.now()
    mentorship.save(update_fields=["status", "answered_at"])
    if not tell_mentor:
        return mentorship
    notifications.notify(
        recipient=mentorship.mentor.user,
        kind="proposal_withdrawn",
        context={"mentorship": mentorship, "paired_elsewhere": False},
        about=mentorship,
        url=_mentor_space_url(),
        dedup_key=f"mentorship:{mentorship.pk}:withdrawn",
    )
    return mentorship


# --- The daily sweep's rules for proposals (see mentoring.followup.reminders) -----------------


def proposals_to_remind(now: datetime.datetime):
    """Proposals unanswered for ``rules.PROPOSAL_REMINDER_AFTER`` (and not yet expired)."""
    return Mentorship.objects.filter(
        status=Status.PROPOSED,
        proposed_at__lte=now - rules.PROPOSAL_REMINDER_AFTER,
        proposed_at__gt=now - rules.PROPOSAL_EXPIRY_AFTER,
    ).select_related("mentor__user", "candidate__user")


def proposal_remind(mentorship: Mentorship) -> bool:
    """Remind the mentor once (the dedup key makes a second sweep a no-op)."""
    return (
        notifications.notify(
            recipient=mentorship.mentor.user,
            kind="proposal_reminder",
            context={"mentorship": mentorship, **rules.delays()},
            about=mentorship,
            url=_mentor_space_url(),
            dedup_key=f"mentorship:{mentorship.pk}:reminder-7d",
        )
        is not None
    )


def proposals_to_expire(now: datetime.datetime):
    """Proposals unanswered for ``rules.PROPOSAL_EXPIRY_AFTER``."""
    return Mentorship.objects.filter(
        status=Status.PROPOSED, proposed_at__lte=now - rules.PROPOSAL_EXPIRY_AFTER
    ).select_related("mentor__user", "candidate__user", "candidate__department")


@transaction.atomic
def proposal_expire(mentorship: Mentorship, *, now: datetime.datetime | None = None) -> bool:
    """Expire a proposal still unanswered and tell staff; False if it moved on meanwhile."""
    now = now or timezone.now()
    changed = Mentorship.objects.filter(pk=mentorship.pk, status=Status.PROPOSED).update(
        status=Status.EXPIRED, answered_at=now
    )
    if not changed:
        return False
    mentorship.status = Status.EXPIRED
    alerts.notify_staff(mentorship, kind="proposal_expired", event="expired", **rules.delays())
    return True
