"""The mentorship page the candidate and the mentor share (staff of the region read it too),
and its forms: meetings, introductions, action plan, check-ins, closure (the planned
meetings: ``mentoring.workspace.planning_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nqt.core.french import elide, long_date, mid_sentence

from .. import access
from ..forms import add_service_error
from ..models import CheckIn, Introduction, Meeting, Mentorship
from ..workspace import conversation_views
from ..workspace.planning_forms import PlannedMeetingForm
from . import posting, selectors, services
from .forms import (
    CheckInForm,
    DurabilityForm,
    InterruptForm,
    IntroductionForm,
    IntroductionResultForm,
    MeetingForm,
    OutcomeForm,
)


@login_required
def mentorship(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    context = selectors.mentorship_page(mentorship=mentorship, user=request.user)
    return render(
        request,
        "mentoring/mentorship.html",
        {
            "mentorship": mentorship,
            **context,
            "conversation": conversation_views.page_context(request, mentorship),
            # Both forms have a date and a note: ids of their own keep each label on its
            # field (the names stay, each form posting to its own URL).
            "meeting_form": MeetingForm(auto_id="meeting-%s"),
            "introduction_form": IntroductionForm(auto_id="introduction-%s"),
            "planned_meeting_form": PlannedMeetingForm(auto_id="planned-%s"),
        },
    )


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    return posting.post_form(
        request,
        mentorship,
        MeetingForm(request.POST),
        lambda data: services.meeting_log(mentorship=mentorship, by=request.user, **data),
        _("The meeting is logged."),
    )


def _own_meeting(request, pk: int, meeting_pk: int):
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    meeting = Meeting.objects.filter(pk=meeting_pk, mentorship=mentorship).first()
    if meeting is None or meeting.logged_by_id != request.user.pk:
        raise Http404
    return mentorship, meeting


@login_required
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    mentorship, meeting = _own_meeting(request, pk, meeting_pk)
    initial = {
        "date": meeting.date,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "topics": meeting.topics,
        "notes": meeting.notes,
    }
    return posting.form_page(
        request,
        mentorship,
        MeetingForm(request.POST or None, initial=initial),
        lambda data: services.meeting_update(meeting=meeting, by=request.user, **data),
        _("The meeting is updated."),
        title=_("Change a meeting"),
    )


@login_required
@require_POST
def meeting_delete(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    mentorship, meeting = _own_meeting(request, pk, meeting_pk)
    try:
        services.meeting_delete(meeting=meeting, by=request.user)
    except services.FollowUpError as error:
        posting.say_refusal(request, error)
    else:
        messages.success(request, _("The meeting is deleted."))
    return posting.back_to_page(mentorship)


@login_required
@require_POST
def introduction_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    return posting.post_form(
        request,
        mentorship,
        IntroductionForm(request.POST),
        lambda data: services.introduction_record(mentorship=mentorship, by=request.user, **data),
        _("The introduction is recorded."),
    )


@login_required
@require_POST
def introduction_result(request: HttpRequest, pk: int, introduction_pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    introduction = Introduction.objects.filter(pk=introduction_pk, mentorship=mentorship).first()
    if introduction is None:
        raise Http404
    return posting.post_form(
        request,
        mentorship,
        IntroductionResultForm(request.POST),
        lambda data: services.introduction_set_result(
            introduction=introduction, by=request.user, result=data["result"]
        ),
        _("The result is saved."),
    )


@login_required
@require_POST
def action_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    try:
        services.action_set(
            mentorship=mentorship,
            by=request.user,
            step=request.POST.get("step", ""),
            done=request.POST.get("done") == "1",
        )
    except (ValidationError, services.FollowUpError) as error:
        posting.say_refusal(request, error)
    return posting.back_to_page(mentorship)


def _not_open(request: HttpRequest, mentorship, title: str, lines: list[str]) -> HttpResponse:
    """A question's page while it cannot be answered: what it is and when it opens."""
    return render(
        request,
        "mentoring/question_not_open.html",
        {"mentorship": mentorship, "title": title, "lines": lines},
    )


@login_required
def check_in(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    if period not in CheckIn.Period.values:
        raise Http404
    title = _("Check-in: %(period)s") % {"period": CheckIn.Period(period).label}
    if request.method == "GET" and not mentorship.check_in_open(period):
        # The form shows only when the service would take the answer.
        if mentorship.status == Mentorship.Status.ACTIVE:
            opens_on = timezone.localdate(mentorship.check_in_opens_at(period))
            lines = [
                _("This check-in will open on %(date)s.") % {"date": long_date(opens_on)},
                _("From that day, the mentorship page offers it."),
            ]
        else:
            lines = [_("This check-in can no longer be answered: the mentorship has ended.")]
        return _not_open(request, mentorship, title, lines)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_submit(
                mentorship=mentorship, by=request.user, period=period, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        except services.FollowUpError as error:
            messages.error(request, str(error))
            return posting.back_to_page(mentorship)
        else:
            messages.success(request, _("Thank you for your answer."))
            return posting.back_to_page(mentorship)
    return render(
        request,
        "mentoring/mentorship_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "title": title,
        },
    )


@login_required
def outcome_declare(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    outcome = getattr(mentorship, "outcome", None)
    initial = {}
    if outcome is not None:
        initial = {
            field: getattr(outcome, field)
            for field in ("contract_type", "job_title", "employer", "start_date", "at_level")
        } | {"through_network": outcome.through_network}
    return posting.form_page(
        request,
        mentorship,
        OutcomeForm(request.POST or None, initial=initial),
        lambda data: services.outcome_declare(mentorship=mentorship, by=request.user, **data),
        _("Thank you! The regional team confirms the outcome to close the mentorship."),
        title=_("Declare the outcome"),
        intro=_(
            "A job, a business created, further study or no result yet: say what the "
            "candidate got. The regional team confirms it, which closes the mentorship."
        ),
    )


@login_required
def interrupt(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    return posting.form_page(
        request,
        mentorship,
        InterruptForm(request.POST or None),
        lambda data: services.mentorship_interrupt(mentorship=mentorship, by=request.user, **data),
        _("The mentorship is ended; the regional team is told."),
        title=_("End the mentorship early"),
        danger=True,
    )


@login_required
def durability(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    outcome = getattr(mentorship, "outcome", None)
    if outcome is None:
        raise Http404
    if request.method == "GET" and not (
        mentorship.party_of(request.user) == CheckIn.Role.CANDIDATE
        and outcome.durability_question_open()
    ):
        # The question shows only while the candidate can answer it (rules.durability_open).
        line = _(
            "This question is asked to the young graduate between six and nine months after "
            "the job started, once."
        )
        return _not_open(request, mentorship, _("Six months later"), [line])
    form = DurabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.durability_answer(
                outcome=outcome, by=request.user, still_employed=form.cleaned_data["still_employed"]
            )
        except services.FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your answer."))
        return posting.back_to_page(mentorship)
    return render(
        request,
        "mentoring/mentorship_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "title": _("Six months later"),
            "intro": elide(
                _(
                    "Your job as %(job)s at %(employer)s started six months ago. "
                    "Do you still hold it?"
                )
                % {"job": mid_sentence(outcome.job_title), "employer": outcome.employer}
            ),
        },
    )
