"""Pages of higher apps that lower apps link to (DESIGN §3).

A lower app never names a higher one, not even by a URL name in a template: the company space
(``companies``) links to the company's engagement page (``impact``), an invitation leads to the
mentor's onboarding (``mentoring``). The higher app registers its page under a plain key from
its ``AppConfig.ready()``; the lower app asks for the key, in Python with ``url`` and in
templates with ``{% load links %}{% page_url "key" arg %}``.

A page may register the model permissions it checks, so a link to it is shown only to those
who hold them (``may_open``; ``{% may_open_page "key" as allowed %}``). The page still checks
them itself: this only spares a link to a 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from .models import User

_pages: dict[str, str] = {}
_permissions: dict[str, tuple[str, ...]] = {}


def register(key: str, url_name: str, *, permissions: Iterable[str] = ()) -> None:
    """The page behind ``key`` is the URL named ``url_name`` (namespaced: ``app:name``),
    which answers only users holding ``permissions``."""
    _pages[key] = url_name
    _permissions[key] = tuple(permissions)


def may_open(user: User, key: str) -> bool:
    """Whether ``user`` holds the permissions the page registered under ``key`` checks (an
    unknown key raises ``KeyError``, as in ``url``)."""
    return user.has_perms(_permissions[key])


def url(key: str, *args: object) -> str:
    """The address of the page registered under ``key``, reversed with ``args``.

    An unknown key is a programming error (the app that provides the page is not installed
    or did not register it): it raises ``KeyError`` rather than linking nowhere.
    """
    return reverse(_pages[key], args=args)
