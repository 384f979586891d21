"""Personal pages are never stored by a browser or a proxy (DESIGN §10)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateCacheControlMiddleware:
    """Mark every response to a signed-in person ``Cache-Control: private, no-store``.

    Whatever the page (a space, a mentorship, the dashboard, an export, the admin, even a
    redirect or a 403), a shared computer's back button or a proxy must not replay it to the
    next person. The directives are added to those the view set (``never_cache`` keeps its
    ``no-cache, must-revalidate, max-age=0``); a ``public`` the view set gives way to
    ``private``. Responses to visitors are left as they are. Placed after
    AuthenticationMiddleware, it also covers the responses of the middleware below it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
