"""Middleware of the platform."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .second_factor import has_second_factor, must_use_second_factor


@functools.cache
def _open_without_factor() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Paths (exact, then prefixes) a staff member without a factor may still open: the
    enrolment and what it needs (allauth asks for the password again after a few minutes,
    and for a verified address), signing out, static files and the language switch."""
    exact = tuple(
        reverse(name)
        for name in (
            "account_logout",
            "account_email",
            "healthz",
        )
    )
    prefixes = (
        reverse("mfa_index"),
        # By password, or by a code sent by e-mail (reauthenticate/code/...).
        reverse("account_reauthenticate"),
        reverse("account_confirm_email", args=["x"]).removesuffix("x/"),
        reverse("set_language").rsplit("/", 2)[0] + "/",
        settings.STATIC_URL,
    )
    return exact, prefixes


class StaffSecondFactorMiddleware:
    """Staff and national admins without a second factor see no page but the enrolment
    (DESIGN §10) while ``STAFF_MFA_REQUIRED`` is on: every staff page, export and the admin
    is covered, including pages added later. Those with a factor have passed allauth's code
    step at sign-in (the admin's login is allauth's too, see nqt/urls.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            must_use_second_factor(request.user)
            and not self._is_open(request.path_info)
            and not has_second_factor(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts are protected by a second factor: set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        exact, prefixes = _open_without_factor()
        return path in exact or path.startswith(prefixes)
