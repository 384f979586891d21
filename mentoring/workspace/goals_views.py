"""The goals part of the mentorship page: add, tick or untick, change, delete. Plain forms
posted to these URLs, each sending back to the page with a message (no script needed)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import access
from ..followup.services import FollowUpError
from ..forms import add_service_error
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


def _back(mentorship: Mentorship) -> HttpResponse:
    return redirect(reverse("mentoring:mentorship", args=[mentorship.pk]) + "#goals-title")


def _goal(request: HttpRequest, pk: int, goal_pk: int) -> tuple[Mentorship, Goal]:
    """The goal of a mentorship the user may open; 404 for another mentorship's goal."""
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    goal = Goal.objects.filter(pk=goal_pk, mentorship=mentorship).first()
    if goal is None:
        raise Http404
    goal.mentorship = mentorship
    return mentorship, goal


def _say(request: HttpRequest, error: Exception) -> None:
    for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
        messages.error(request, message)


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    form = GoalForm(request.POST, auto_id="goal-%s")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(mentorship)
    try:
        goals.goal_add(mentorship=mentorship, by=request.user, **form.cleaned_data)
    except (ValidationError, FollowUpError) as error:
        _say(request, error)
    else:
        messages.success(request, _("The goal is added."))
    return _back(mentorship)


@login_required
@require_POST
def goal_done(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    done = request.POST.get("done") == "1"
    try:
        goals.goal_set_done(goal=goal, by=request.user, done=done)
    except FollowUpError as error:
        _say(request, error)
    else:
        messages.success(
            request, _("The goal is marked as reached.") if done else _("The goal is open again.")
        )
    return _back(mentorship)


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    if mentorship.party_of(request.user) is None or mentorship.status != Mentorship.Status.ACTIVE:
        # Read-only for the regional team and once the mentorship has ended: no form to show.
        raise Http404
    form = GoalForm(request.POST or None, initial={"title": goal.title, "due_on": goal.due_on})
    if request.method == "POST" and form.is_valid():
        try:
            goals.goal_update(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The goal is updated."))
            return _back(mentorship)
    return render(
        request,
        "mentoring/mentorship_form.html",
        {"mentorship": mentorship, "form": form, "title": _("Change a goal")},
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    mentorship, goal = _goal(request, pk, goal_pk)
    try:
        goals.goal_delete(goal=goal, by=request.user)
    except FollowUpError as error:
        _say(request, error)
    else:
        messages.success(request, _("The goal is deleted."))
    return _back(mentorship)
