"""Signing up through the site's form, as a visitor does."""

from __future__ import annotations

from django.urls import reverse

PASSWORD = "Un-mot-de-passe-solide-2026"


def sign_up(client, *, follow: bool = False, **fields):
    """Post the sign-up form (Inès Amrani, consent given) with ``fields`` overriding."""
    data = {
        "first_name": "Inès",
        "last_name": "Amrani",
        "email": "ines.amrani@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        **fields,
    }
    return client.post(reverse("account_signup"), data, follow=follow)
