"""The conversation on the mentorship page: writing (with or without JavaScript), the polled
partial of new messages, older messages, a message's document, reporting a message.

Every view finds the mentorship through ``access.get_mentorship_page_for_user`` (404 for
outsiders); the parties alone reach the messages, staff of the region only a reported one's
document (and the admin's "Reported messages").
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from candidates.downloads import stored_file_response

from .. import access
from ..forms import add_service_error
from ..models import Mentorship
from . import conversation
from .forms import MessageForm, ReportForm

PARTIAL_NEW = "mentoring/workspace/conversation_new.html"
PARTIAL_OLDER = "mentoring/workspace/conversation_older.html"
PARTIAL_FORM = "mentoring/workspace/conversation_form.html"


def _anchor(mentorship: Mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk]) + "#conversation"


def _before(request: HttpRequest) -> int | None:
    """The ``avant`` parameter (older messages than this id), ignored when not a number."""
    value = request.GET.get("avant", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _after(params) -> int:
    """The ``apres`` parameter: the last message the list shows (0 for none)."""
    value = params.get("apres", "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


def page_context(request: HttpRequest, mentorship: Mentorship) -> dict[str, Any]:
    """The conversation's part of the mentorship page (``conversation`` in its context).

    A party reading the latest messages marks them read; staff get the counts only.
    """
    role = mentorship.party_of(request.user)
    active = mentorship.status == Mentorship.Status.ACTIVE
    if role is None:
        return {"is_party": False, "stats": conversation.conversation_stats(mentorship)}
    before = _before(request)
    seen_at = timezone.now()
    page = conversation.conversation_page(mentorship=mentorship, user=request.user, before=before)
    if before is None:
        conversation.conversation_read(mentorship=mentorship, user=request.user, at=seen_at)
    return {
        "is_party": True,
        "page": page,
        "can_write": active,
        "form": MessageForm() if active else None,
        "polling": active and before is None,
    }


def _party_mentorship(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    if mentorship.party_of(request.user) is None:
        raise Http404
    return mentorship


def _new_messages(request, mentorship: Mentorship, after: int, **extra) -> HttpResponse:
    """The messages after ``after`` for the list's end (and the polling's new bookmark);
    204 (nothing to swap) when there are none and nothing else to show."""
    seen_at = timezone.now()
    page = conversation.messages_after(mentorship=mentorship, user=request.user, after=after)
    if page.messages:
        conversation.conversation_read(mentorship=mentorship, user=request.user, at=seen_at)
    elif not extra:
        return HttpResponse(status=204)
    # The list showed "no message yet" only if the page knew of no message.
    context = {"mentorship": mentorship, "page": page, "was_empty": not after, **extra}
    return render(request, PARTIAL_NEW, context)


@login_required
@require_GET
@never_cache
def messages_new(request: HttpRequest, pk: int) -> HttpResponse:
    """What the conversation polls every few seconds (htmx): the messages newer than the
    last one shown, appended at the list's end."""
    mentorship = _party_mentorship(request, pk)
    return _new_messages(request, mentorship, _after(request.GET))


@login_required
@require_GET
@never_cache
def messages_older(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of messages before ``avant``: a fragment for htmx, else the mentorship page
    showing them."""
    mentorship = _party_mentorship(request, pk)
    before = _before(request)
    if not request.htmx or before is None:
        url = reverse("mentoring:mentorship", args=[mentorship.pk])
        query = f"?avant={before}" if before is not None else ""
        return redirect(f"{url}{query}#conversation")
    page = conversation.conversation_page(mentorship=mentorship, user=request.user, before=before)
    return render(request, PARTIAL_OLDER, {"mentorship": mentorship, "page": page})


@login_required
@require_POST
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a message: htmx gets the new messages and a fresh form (or the form with its
    errors), a plain form post goes back to the conversation."""
    mentorship = _party_mentorship(request, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            conversation.message_send(
                mentorship=mentorship,
                author=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except conversation.ConversationClosed as error:
            form.add_error(None, error)
        except ValidationError as error:
            add_service_error(form, error)
    sent = form.is_valid()
    if request.htmx:
        if sent:
            return _new_messages(
                request,
                mentorship,
                _after(request.POST),
                fresh_form=MessageForm(),
                status_text=_("Message sent."),
            )
        response = render(
            request, PARTIAL_FORM, {"mentorship": mentorship, "form": form, "can_write": True}
        )
        return reswap(retarget(response, "#message-form"), "outerHTML")
    if sent:
        messages.success(request, _("Message sent."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_anchor(mentorship))


@login_required
@require_GET
@never_cache
def message_attachment(request: HttpRequest, pk: int, message_pk: int) -> FileResponse:
    """A message's document, as a download under its original name."""
    mentorship = access.get_mentorship_page_for_user(request.user, pk)
    message = conversation.get_attachment_for_user(request.user, mentorship, message_pk)
    return stored_file_response(
        message.attachment, display_name=message.attachment_name, fallback="document"
    )


@login_required
@never_cache
def message_report(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """Report one of the other party's messages: a confirmation page with an optional reason,
    then the report."""
    mentorship = _party_mentorship(request, pk)
    message = conversation.get_message_for_party(request.user, mentorship, message_pk)
    if message.author_id is None or message.author_id == request.user.pk:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation.message_report(
                message=message, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The message is reported: the regional team will read it and contact you."),
            )
        return redirect(_anchor(mentorship))
    return render(
        request,
        "mentoring/workspace/conversation_report.html",
        {"mentorship": mentorship, "message": message, "form": form},
    )
