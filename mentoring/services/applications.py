"""A candidate pauses or withdraws their application (found a job alone, moving abroad, no
longer available), or resumes a paused one.

The candidates app changes the file (``candidate_step_back``, ``candidate_resume``); this
module, above it, does what mentoring must follow in the same transaction: the candidate's
pending proposals are withdrawn (each mentor told, as when staff withdraw one) and a batch
draft dropped. An active mentorship is never ended from here: the candidate is asked to end
it first (the candidates service refuses a file in mentorship). The regional team is told, so
the people who proposed mentors know why a file left their queue.

Lock order (``mentoring.services.proposals``): the candidate, then their proposals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import Candidate
from nqt.core import notifications

from ..models import Mentorship

if TYPE_CHECKING:
    from nqt.core.models import User

Status = Mentorship.Status


@transaction.atomic
def application_step_back(
    *, candidate: Candidate, by: User, status: str, reason: str, note: str = ""
) -> Candidate:
    """Pause (``Candidate.Status.PAUSED``) or withdraw (``WITHDRAWN``) the file of ``by``;
    returns the candidate. Raises ``CandidateError`` (for the user) or ``ValidationError``."""
    candidate = candidate_services.candidate_step_back(
        candidate=candidate, by=by, status=status, reason=reason, note=note
    )
    withdrawn = _withdraw_proposals(candidate)
    if candidate.region_id is not None:
        notifications.notify_many(
            recipients=notifications.staff_of_region(candidate.region_id),
            kind="application_stepped_back",
            context={
                "candidate": candidate,
                "paused": status == Candidate.Status.PAUSED,
                "reason": Candidate.AwayReason(candidate.away_reason).label,
                "note": candidate.away_note,
                "withdrawn_proposals": withdrawn,
            },
            about=candidate,
            url=reverse("admin:candidates_candidate_change", args=[candidate.pk]),
            dedup_prefix=f"candidate:{candidate.pk}:{status}:{candidate.away_since.isoformat()}",
        )
    return candidate


def _withdraw_proposals(candidate: Candidate) -> list[Mentorship]:
    """The candidate's proposals waiting for an answer are withdrawn (the mentor is told
    why) and their batch drafts dropped; returns the withdrawn proposals."""
    now = timezone.now()
    pending = (
        Mentorship.objects.filter(candidate=candidate, status__in=[Status.PROPOSED, Status.DRAFT])
        .select_for_update(of=("self",))
        .select_related("mentor__user")
        .order_by("pk")
    )
    withdrawn = []
    for mentorship in pending:
        if mentorship.status == Status.DRAFT:
            mentorship.delete()
            continue
        mentorship.status = Status.CANCELLED
        mentorship.answered_at = now
        mentorship.save(update_fields=["status", "answered_at"])
        notifications.notify(
            recipient=mentorship.mentor.user,
            kind="proposal_withdrawn",
            context={
                "mentorship": mentorship,
                "paired_elsewhere": False,
                "stepped_back": candidate.status,
            },
            about=mentorship,
            url=reverse("mentoring:mentor_space"),
            dedup_key=f"mentorship:{mentorship.pk}:withdrawn",
        )
        withdrawn.append(mentorship)
    return withdrawn


@transaction.atomic
def application_resume(*, candidate: Candidate, by: User) -> Candidate:
    """Resume the paused file of ``by``: back with staff or in the matching queue, waiting
    from now (``Candidate.queued_at``)."""
    return candidate_services.candidate_resume(candidate=candidate, by=by)
