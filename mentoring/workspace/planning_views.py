"""Pages and forms of the planned meetings (the mentorship page's planning part), the
invitation's download and the calendar feed.

Only the two parties reach them (the region's staff read the planning on the mentorship page
but get 404 here); the feed answers its secret URL, without a session.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nqt.core.french import long_date

from .. import access
from ..followup import posting
from ..followup.forms import MeetingForm
from ..followup.services import FollowUpError
from ..forms import add_service_error
from ..models import PlannedMeeting
from . import calendar, planning
from .planning_forms import PlannedMeetingForm

Status = PlannedMeeting.Status


ANCHOR = "planning-title"


def _page(mentorship) -> HttpResponse:
    return posting.back_to_page(mentorship, ANCHOR)


def _form_page(request, mentorship, form, *, title: str, intro: str = "") -> HttpResponse:
    return render(
        request,
        "mentoring/mentorship_form.html",
        {"mentorship": mentorship, "form": form, "title": title, "intro": intro},
    )


def _slot_form(request, mentorship, form, action, *, done: str, title: str, intro: str = ""):
    """A time to propose: on a valid POST run the service, otherwise show the form again
    with its errors (the input kept)."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        except FollowUpError as error:
            messages.error(request, str(error))
            return _page(mentorship)
        else:
            messages.success(request, done)
            return _page(mentorship)
    return _form_page(request, mentorship, form, title=title, intro=intro)


@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_party(request.user, pk)
    return _slot_form(
        request,
        mentorship,
        PlannedMeetingForm(request.POST or None),
        lambda data: planning.planned_meeting_propose(
            mentorship=mentorship, by=request.user, **data
        ),
        done=_("Your proposal is sent; you will be told of the answer."),
        title=_("Propose a meeting"),
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    return posting.run(
        request,
        mentorship,
        lambda: planning.planned_meeting_accept(planned=planned, by=request.user),
        _("The meeting is accepted: you both receive the calendar invitation by e-mail."),
        anchor=ANCHOR,
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    return posting.run(
        request,
        mentorship,
        lambda: planning.planned_meeting_decline(planned=planned, by=request.user),
        _("The proposal is declined."),
        anchor=ANCHOR,
    )


@login_required
def another_time(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    """Propose another time: in answer to a proposal (it is replaced), or to move an
    accepted meeting (it stays until the other accepts the new time)."""
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    form = PlannedMeetingForm(
        request.POST or None, initial=PlannedMeetingForm.initial_from(planned)
    )
    when = long_date(timezone.localtime(planned.starts_at), "DATETIME_FORMAT")
    if planned.status == Status.ACCEPTED:
        action = planning.planned_meeting_move
        title = _("Move the meeting")
        intro = _(
            "The meeting of %(date)s stays as it is until the other person accepts the new time."
        ) % {"date": when}
    elif planned.status == Status.PROPOSED:
        action = planning.planned_meeting_counter
        title = _("Propose another time")
        intro = _("Instead of %(date)s: the other person will answer your proposal.") % {
            "date": when
        }
    else:
        raise Http404
    return _slot_form(
        request,
        mentorship,
        form,
        lambda data: action(planned=planned, by=request.user, **data),
        done=_("Your proposal is sent; you will be told of the answer."),
        title=title,
        intro=intro,
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    done = (
        _("Your proposal is withdrawn.")
        if planned.status == Status.PROPOSED
        else _("The meeting is cancelled: you both receive the cancellation by e-mail.")
    )
    return posting.run(
        request,
        mentorship,
        lambda: planning.planned_meeting_cancel(planned=planned, by=request.user),
        done,
        anchor=ANCHOR,
    )


@login_required
@require_GET
def invitation(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    """The accepted meeting's invitation, to add it to one's calendar ("Ajouter à mon agenda")."""
    _mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    if planned.status not in (Status.ACCEPTED, Status.CANCELLED):
        raise Http404
    content = planning.invitation_file(planned, for_user=request.user)
    response = HttpResponse(
        content,
        content_type=f"text/calendar; method={planning.invitation_method(planned)}; charset=UTF-8",
    )
    day = timezone.localdate(planned.starts_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="rencontre-{day}.ics"'
    return response


@login_required
def held(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    """ "Did it take place?" — yes: the meeting's log, pre-filled from the planned meeting."""
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    if request.method == "GET":
        # The form shows only while the service would take the answer.
        try:
            planning.require_to_confirm(planned)
        except FollowUpError as error:
            messages.info(request, str(error))
            return _page(mentorship)
    initial = {
        "date": timezone.localdate(planned.starts_at),
        "duration_minutes": planned.duration_minutes,
        "mode": planned.mode,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            planning.planned_meeting_confirm(planned=planned, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except FollowUpError as error:
            messages.error(request, str(error))
            return _page(mentorship)
        else:
            messages.success(request, _("Thank you: the meeting is logged."))
            return _page(mentorship)
    when = long_date(timezone.localtime(planned.starts_at), "DATETIME_FORMAT")
    return _form_page(
        request,
        mentorship,
        form,
        title=_("The meeting took place"),
        intro=_("The meeting planned on %(date)s: check what you did, then save.") % {"date": when},
    )


@login_required
@require_POST
def not_held(request: HttpRequest, pk: int, planned_pk: int) -> HttpResponse:
    mentorship, planned = access.get_planned_meeting_for_party(request.user, pk, planned_pk)
    return posting.run(
        request,
        mentorship,
        lambda: planning.planned_meeting_not_held(planned=planned, by=request.user),
        _("Noted: the meeting did not take place. Propose another one when you can."),
        anchor=ANCHOR,
    )


# --- The calendar feed ----------------------------------------------------------------------


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "my_space"
    return redirect(target)


@login_required
@require_POST
def feed_renew(request: HttpRequest) -> HttpResponse:
    had_one = hasattr(request.user, "calendar_feed")
    planning.calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address: the previous one no longer works.")
        if had_one
        else _("Your calendar address is ready: add it to your calendar application."),
    )
    return _back(request)


@login_required
@require_POST
def feed_delete(request: HttpRequest) -> HttpResponse:
    planning.calendar_feed_delete(user=request.user)
    messages.success(request, _("Your calendar address is deleted: it no longer works."))
    return _back(request)


@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's accepted meetings, for calendar applications (no session: the secret
    URL is the key; a wrong or revoked one answers 404)."""
    calendar_feed = planning.feed_for_token(token)
    if calendar_feed is None or not calendar_feed.user.is_active:
        raise Http404
    response = HttpResponse(
        planning.feed_file(calendar_feed.user), content_type=calendar.CONTENT_TYPE
    )
    response["Content-Disposition"] = 'inline; filename="rencontres.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
