"""The goals part of the mentorship page: add, tick or untick, change, delete. Plain forms
posted to these URLs, each sending back to the page with a message (no script needed)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import access
from ..followup import posting
from ..models import Goal, Mentorship
from . import goals


class GoalForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Goal"),
        max_length=Goal.TITLE_MAX_LENGTH,
        help_text=gettext_lazy("For example: apply to three companies of the sector"),
        error_messages={
            "required": gettext_lazy("Give the goal a title."),
            "max_length": gettext_lazy("A goal's title has at most %(limit_value)d characters."),
        },
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a valid date.")},
    )


ANCHOR = "goals-title"


def _goal(request: HttpRequest, pk: int, goal_pk: int) -> tuple[Mentorship, Goal]:
    """The goal of a mentorship the user may open; 404 for another mentorship's goal."""
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    goal = Goal.objects.filter(pk=goal_pk, mentorship=mentorship).first()
    if goal is None:
        raise Http404
    goal.mentorship = mentorship
    return mentorship, goal


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    return posting.post_form(
        request,
        mentorship,
        GoalForm(request.POST, auto_id="goal-%s"),
        lambda data: goals.goal_add(mentorship=mentorship, by=request.user, **data),
        _("The goal is added."),
        anchor=ANCHOR,
    )


@login_required
@require_POST
def goal_done(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    done = request.POST.get("done") == "1"
    return posting.run(
        request,
        mentorship,
        lambda: goals.goal_set_done(goal=goal, by=request.user, done=done),
        _("The goal is marked as reached.") if done else _("The goal is open again."),
        anchor=ANCHOR,
    )


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    if mentorship.party_of(request.user) is None or mentorship.status != Mentorship.Status.ACTIVE:
        # Read-only for the regional team and once the mentorship has ended: no form to show.
        raise Http404
    return posting.form_page(
        request,
        mentorship,
        GoalForm(request.POST or None, initial={"title": goal.title, "due_on": goal.due_on}),
        lambda data: goals.goal_update(goal=goal, by=request.user, **data),
        _("The goal is updated."),
        anchor=ANCHOR,
        title=_("Change a goal"),
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    return posting.run(
        request,
        mentorship,
        lambda: goals.goal_delete(goal=goal, by=request.user),
        _("The goal is deleted."),
        anchor=ANCHOR,
    )
