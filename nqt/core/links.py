"""Pages of higher apps that lower apps link to (DESIGN §3).

A lower app never names a higher one, not even by a URL name in a template: the company space
(``companies``) links to the company's engagement page (``impact``), an invitation leads to the
mentor's onboarding (``mentoring``). The higher app registers its page under a plain key from
its ``AppConfig.ready()``; the lower app asks for the key, in Python with ``url`` and in
templates with ``{% load links %}{% page_url "key" arg %}``.
"""

from __future__ import annotations

from django.urls import reverse

_pages: dict[str, str] = {}


def register(key: str, url_name: str) -> None:
    """The page behind ``key`` is the URL named ``url_name`` (namespaced: ``app:name``)."""
    _pages[key] = url_name


def url(key: str, *args: object) -> str:
    """The address of the page registered under ``key``, reversed with ``args``.

    An unknown key is a programming error (the app that provides the page is not installed
    or did not register it): it raises ``KeyError`` rather than linking nowhere.
    """
    return reverse(_pages[key], args=args)
