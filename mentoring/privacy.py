"""A mentor's data, and everything of the mentorships a person took part in, for the privacy
registry (export and erasure, DESIGN §10).

The export holds the mentor profile and, for each mentorship, its dates and texts, the
meetings, introductions, action plan, the pair's goals, the person's own check-ins and the
outcome. Erasure ends the person's open mentorships and proposals (``services.erasure``),
blanks every free text of their mentorships (meeting notes, introductions, check-in comments,
the outcome's employer and job title; the goals' titles are replaced by a placeholder): a
mentorship's texts are about the pair, so they go whichever party leaves. In the pair's
conversation the person's own messages lose their text, author and document; the other
party's messages stay, the person's names scrubbed from them. The person's names go from the
other party's history and notifications. Anonymous statistics stay: statuses, dates,
durations, scores, contract types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q

from candidates.models import Candidate, StatusChange
from nqt.core import privacy

from .models import (
    ActionItem,
    CheckIn,
    Goal,
    Introduction,
    Meeting,
    Mentor,
    Mentorship,
    Message,
    Outcome,
)
from .services import erasure
from .workspace import conversation

if TYPE_CHECKING:
    from nqt.core.models import User

# The models this part of the registry exports and erases.
MODELS = [
    "mentoring.Mentor",
    "mentoring.Mentorship",
    "mentoring.Meeting",
    "mentoring.Introduction",
    "mentoring.Outcome",
    "mentoring.ActionItem",
    "mentoring.CheckIn",
    "mentoring.Message",
    "mentoring.Goal",
]


def _names(items) -> list[str]:
    return [item.label for item in items]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _party(user_id: int | None, mentorship: Mentorship) -> str:
    """Who did something, as the export names them (never another person's name)."""
    if user_id is None:
        return ""
    if user_id == mentorship.candidate.user_id:
        return CheckIn.Role.CANDIDATE.value
    if user_id == mentorship.mentor.user_id:
        return CheckIn.Role.MENTOR.value
    return "staff"


def _outcome(mentorship: Mentorship) -> dict[str, Any] | None:
    outcome = getattr(mentorship, "outcome", None)
    if outcome is None:
        return None
    return {
        "contract_type": str(outcome.get_contract_type_display()),
        "job_title": outcome.job_title,
        "employer": outcome.employer,
        "start_date": _iso(outcome.start_date),
        "at_level": outcome.at_level,
        "through_network": outcome.through_network,
        "declared_by": _party(outcome.declared_by_id, mentorship),
        "declared_at": _iso(outcome.declared_at),
        "confirmed_at": _iso(outcome.confirmed_at),
        "durability_checked_at": _iso(outcome.durability_checked_at),
        "still_employed": outcome.still_employed,
    }


def _mentorship(mentorship: Mentorship, user: User) -> dict[str, Any]:
    role = mentorship.party_of(user)
    return {
        "as": role,
        "status": str(mentorship.get_status_display()),
        "proposed_at": _iso(mentorship.proposed_at),
        "answered_at": _iso(mentorship.answered_at),
        "message": mentorship.message,
        "decline_reason": mentorship.decline_reason,
        "started_at": _iso(mentorship.started_at),
        "ended_at": _iso(mentorship.ended_at),
        "end_reason": str(mentorship.get_end_reason_display()) if mentorship.end_reason else "",
        "end_note": mentorship.end_note,
        "meetings": [
            {
                "date": meeting.date.isoformat(),
                "duration_minutes": meeting.duration_minutes,
                "mode": str(meeting.get_mode_display()),
                "topics": meeting.topic_labels,
                "notes": meeting.notes,
                "logged_by": _party(meeting.logged_by_id, mentorship),
            }
            for meeting in mentorship.meetings.all()
        ],
        "introductions": [
            {
                "date": introduction.date.isoformat(),
                "company": introduction.contact_company,
                "role": introduction.contact_role,
                "result": str(introduction.get_result_display()),
                "notes": introduction.notes,
            }
            for introduction in mentorship.introductions.all()
        ],
        "action_plan": [
            {
                "step": str(item.get_step_display()),
                "done_at": _iso(item.done_at),
                "done_by": _party(item.done_by_id, mentorship),
            }
            for item in mentorship.action_items.all()
        ],
        # The pair's own goals (mentoring.workspace.goals).
        "goals": [
            {
                "title": goal.title,
                "due_on": _iso(goal.due_on),
                "reached_at": _iso(goal.done_at),
                "reached_by": _party(goal.done_by_id, mentorship),
                "set_by": _party(goal.created_by_id, mentorship),
                "created_at": _iso(goal.created_at),
            }
            for goal in mentorship.goals.all()
        ],
        # The person's own answers: the other party's are addressed to the regional team.
        "check_ins": [
            {
                "period": str(check_in.get_period_display()),
                "score": check_in.score,
                "comment": check_in.comment,
                "needs_help": check_in.needs_help,
                "answered_at": _iso(check_in.created_at),
            }
            for check_in in mentorship.check_ins.all()
            if check_in.role == role
        ],
        "outcome": _outcome(mentorship),
        # The pair's conversation, both parties' messages (the author as a role, no name).
        "messages": conversation.export_messages(mentorship),
    }


def export(user: User) -> dict[str, Any]:
    mentor = (
        Mentor.objects.select_related("company", "function")
        .prefetch_related("expertise", "sectors", "departments", "languages")
        .filter(user=user)
        .first()
    )
    mentorships = (
        Mentorship.objects.filter(Q(mentor__user=user) | Q(candidate__user=user))
        .exclude(status=Mentorship.Status.DRAFT)
        .select_related("mentor", "candidate", "outcome")
        .prefetch_related(
            "meetings",
            "introductions",
            Prefetch("action_items", queryset=ActionItem.objects.order_by("done_at", "pk")),
            "check_ins",
            Prefetch("messages", queryset=Message.objects.order_by("created_at", "pk")),
            Prefetch("goals", queryset=Goal.objects.order_by("created_at", "pk")),
        )
        .order_by("pk")
    )
    return {
        "mentor_profile": (
            {
                "company": mentor.company.name,
                "status": mentor.get_status_display(),
                "job_title": mentor.job_title,
                "function": mentor.function.label,
                "fields_of_expertise": _names(mentor.expertise.all()),
                "sectors": _names(mentor.sectors.all()),
                "years_of_experience": mentor.years_of_experience,
                "has_business_experience": mentor.has_business_experience,
                "departments": [str(department) for department in mentor.departments.all()],
                "remote": mentor.remote,
                "capacity": mentor.capacity,
                "paused_until": mentor.paused_until.isoformat() if mentor.paused_until else None,
                "languages": _names(mentor.languages.all()),
                "bio": mentor.bio,
                "charter_accepted_at": (
                    mentor.charter_signed_at.isoformat() if mentor.charter_signed_at else None
                ),
            }
            if mentor
            else None
        ),
        "mentorships": [_mentorship(mentorship, user) for mentorship in mentorships],
    }


def _free_texts(mentorships) -> list[str]:
    """Every free text of ``mentorships`` and of their follow-up."""
    texts = []
    for row in mentorships.values_list("message", "decline_reason", "end_note"):
        texts += row
    texts += Meeting.objects.filter(mentorship__in=mentorships).values_list("notes", flat=True)
    for row in Introduction.objects.filter(mentorship__in=mentorships).values_list(
        "notes", "contact_company", "contact_role"
    ):
        texts += row
    texts += CheckIn.objects.filter(mentorship__in=mentorships).values_list("comment", flat=True)
    texts += Goal.objects.filter(mentorship__in=mentorships).values_list("title", flat=True)
    for row in Outcome.objects.filter(mentorship__in=mentorships).values_list(
        "job_title", "employer"
    ):
        texts += row
    return [text for text in texts if text]


def erase(user: User) -> None:
    """End what is open, forget what identifies the person; keep the anonymous shape."""
    erasure.mentorships_end_on_erasure(user)
    mentor = Mentor.objects.filter(user=user).first()
    Mentor.objects.filter(user=user).update(
        job_title="", bio="", status=Mentor.Status.INACTIVE, paused_until=None
    )
    # The person's candidate row is locked before their mentorships (the lock order of
    # ``mentoring.services.proposals``): the candidates' part of the erasure runs after this.
    list(Candidate.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    involved = Mentorship.objects.filter(Q(mentor__user=user) | Q(candidate__user=user))
    mentorships = list(involved.select_related("mentor"))
    # The texts being blanked, which the notifications about the mentorships may quote.
    texts = _free_texts(involved)
    involved.update(message="", decline_reason="", end_note="")
    children = {
        model: list(model.objects.filter(mentorship__in=involved).only("pk"))
        for model in (Meeting, Introduction, Outcome, ActionItem, CheckIn, Goal)
    }
    # A reported message's notification to the regional team names the pair.
    children[Message] = list(
        Message.objects.filter(mentorship__in=involved, reported_at__isnull=False).only("pk")
    )
    Meeting.objects.filter(mentorship__in=involved).update(notes="")
    Introduction.objects.filter(mentorship__in=involved).update(
        notes="", contact_company="", contact_role=""
    )
    CheckIn.objects.filter(mentorship__in=involved).update(comment="")
    Outcome.objects.filter(mentorship__in=involved).update(job_title="", employer="")
    # A goal keeps its dates (the pair's progress stays readable) but its title is replaced by
    # the placeholder "[texte effacé]" (a goal has a title, never an empty one).
    Goal.objects.filter(mentorship__in=involved).update(title=privacy.text_placeholder())

    forms = privacy.name_forms(user)
    replacement = privacy.placeholder()
    # The conversations: the person's messages go ("Message supprimé", no author, no
    # document), the other party's stay without the person's names.
    texts += conversation.erase_messages(
        user=user, mentorships=involved, forms=forms, replacement=replacement
    )
    others = {m.mentor.user_id for m in mentorships} | set(
        involved.values_list("candidate__user", flat=True)
    )
    others.discard(user.pk)
    if mentor is not None:
        # The mentees' history names their mentor ("Mentorship with …").
        history = StatusChange.objects.filter(
            candidate__in={m.candidate_id for m in mentorships}
        ).exclude(note="")
        changed = []
        for change in history.only("pk", "note"):
            note = privacy.scrub(change.note, forms, replacement)
            if note != change.note:
                change.note = note
                changed.append(change)
        StatusChange.objects.bulk_update(changed, ["note"])
    # What the other parties and the staff were told about the mentorships names the person.
    about = [*mentorships, *([mentor] if mentor else [])]
    for rows in children.values():
        about += rows
    # The messages about the mentorships may quote their texts; the other parties' other
    # messages may name the person (a withdrawn proposal, a deactivation) but quote nothing.
    privacy.forget_in_notifications(user, scope=privacy.about_q(about), texts=texts)
    privacy.forget_in_notifications(user, scope=Q(recipient__in=others))
    privacy.forget_in_admin_log(user, about)
