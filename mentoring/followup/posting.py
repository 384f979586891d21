"""How the forms of the mentorship page answer (its follow-up, planning and goals parts):
one-click actions and small forms go back to the page with a message, forms on a page of
their own show the service's refusal on the form. ``anchor``: the part of the page to land on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms import add_service_error
from .services import FollowUpError


def back_to_page(mentorship, anchor: str = "") -> HttpResponse:
    url = reverse("mentoring:mentorship", args=[mentorship.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def say_refusal(request, error: Exception) -> None:
    for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
        messages.error(request, message)


def run(request, mentorship, action: Callable[[], object], done: str, *, anchor: str = ""):
    """A one-click action: run it, say what happened, go back to the page."""
    try:
        action()
    except (ValidationError, FollowUpError) as error:
        say_refusal(request, error)
    else:
        messages.success(request, done)
    return back_to_page(mentorship, anchor)


def post_form(
    request, mentorship, form, action: Callable[[dict], object], done: str, *, anchor: str = ""
) -> HttpResponse:
    """A small form posted from the mentorship page: check it, run the service with its data,
    say what happened in a message and go back to the page."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back_to_page(mentorship, anchor)
    return run(request, mentorship, lambda: action(form.cleaned_data), done, anchor=anchor)


def form_page(
    request,
    mentorship,
    form,
    action: Callable[[dict], object],
    done: str,
    *,
    anchor: str = "",
    **page,
) -> HttpResponse:
    """A form on a page of its own: on a valid POST run the service with its data and go
    back to the mentorship page with ``done``; otherwise (or when the service refuses, its
    reasons on the form) show the form again, with ``page`` (title, intro…) around it."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return back_to_page(mentorship, anchor)
    return render(
        request, "mentoring/mentorship_form.html", {"mentorship": mentorship, "form": form, **page}
    )
