"""A person's account is erased: their open mentorships and proposals end (DESIGN §10).

Called by the mentoring part of the erasure (``mentoring.privacy.erase``), inside the one
transaction of ``nqt.core.privacy.erase_user`` and before any name is blanked. An active
mentorship is interrupted (the mentor's place frees; a candidate whose mentor left goes back to
the matching queue), a proposal is withdrawn, a batch draft dropped. The other party and the
regional team are told through the notification service, without the erased person's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import Candidate
from nqt.core import notifications

from ..models import CheckIn, Mentor, Mentorship
from . import alerts

if TYPE_CHECKING:
    from nqt.core.models import User

Status = Mentorship.Status
OPEN_STATUSES = (Status.DRAFT, Status.PROPOSED, Status.ACTIVE)
# Why the mentorship stopped, by the party who left.
END_REASONS = {
    CheckIn.Role.CANDIDATE: Mentorship.EndReason.NO_LONGER_NEEDED,
    CheckIn.Role.MENTOR: Mentorship.EndReason.MENTOR_UNAVAILABLE,
}


def _lock_open(user: User) -> list[Mentorship]:
    """The person's open mentorships, locked in the order every transition uses: the mentors,
    then the candidates, then the mentorships (each set by primary key)."""
    mine = Mentorship.objects.filter(Q(mentor__user=user) | Q(candidate__user=user))
    locked: set[int] = set()
    # A proposal made meanwhile may bring another mentor: lock until the set stays the same.
    while True:
        wanted = set(mine.filter(status__in=OPEN_STATUSES).values_list("mentor", flat=True))
        if wanted <= locked:
            break
        list(
            Mentor.objects.select_for_update()
            .filter(pk__in=wanted - locked)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        locked |= wanted
    candidate_ids = mine.filter(status__in=OPEN_STATUSES).values_list("candidate", flat=True)
    list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk__in=set(candidate_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(
        mine.filter(status__in=OPEN_STATUSES)
        .select_for_update(of=("self",))
        .select_related("candidate__user", "candidate__department", "mentor__user")
        .order_by("pk")
    )


@transaction.atomic
def mentorships_end_on_erasure(user: User) -> list[Mentorship]:
    """End every open mentorship and proposal of ``user``; returns those that ended."""
    now = timezone.now()
    ended = []
    for mentorship in _lock_open(user):
        if mentorship.status == Status.DRAFT:
            # A batch suggestion nobody but staff has seen.
            mentorship.delete()
            continue
        left = (
            CheckIn.Role.MENTOR if mentorship.mentor.user_id == user.pk else CheckIn.Role.CANDIDATE
        )
        was_active = mentorship.status == Status.ACTIVE
        back_to_queue = was_active and left == CheckIn.Role.MENTOR
        if was_active:
            mentorship.status = Status.INTERRUPTED
            mentorship.ended_at = now
            mentorship.end_reason = END_REASONS[left]
            mentorship.end_note = ""
            mentorship.save(update_fields=["status", "ended_at", "end_reason", "end_note"])
            candidate = mentorship.candidate
            if candidate.status == Candidate.Status.IN_MENTORSHIP:
                candidate_services.candidate_set_status(
                    candidate=candidate,
                    status=Candidate.Status.ELIGIBLE if back_to_queue else Candidate.Status.ALUMNI,
                    by=None,
                    note=str(Mentorship.EndReason(mentorship.end_reason).label),
                )
        else:
            mentorship.status = Status.CANCELLED
            mentorship.answered_at = now
            mentorship.save(update_fields=["status", "answered_at"])
        ended.append(mentorship)
        context = {"left": left, "was_active": was_active}
        if left == CheckIn.Role.CANDIDATE:
            other = mentorship.mentor.user
            url = reverse("mentoring:mentor_space")
        else:
            other = mentorship.candidate.user
            url = reverse("mentoring:mentorship", args=[mentorship.pk])
        # A candidate is never told of the proposals made for them, nor of their withdrawal.
        if was_active or left == CheckIn.Role.CANDIDATE:
            notifications.notify(
                recipient=other,
                kind="mentorship_ended_account_deleted",
                context={"mentorship": mentorship, **context, "back_to_queue": back_to_queue},
                about=mentorship,
                url=url,
                dedup_key=f"mentorship:{mentorship.pk}:account-deleted",
            )
        alerts.notify_staff(
            mentorship,
            kind="mentorship_ended_account_deleted_staff",
            event="account-deleted",
            remaining_name=other.get_full_name(),
            **context,
        )
    return ended
