"""Form fields the apps share."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# Letters (any alphabet) in words joined by spaces, hyphens, apostrophes or dots.
_PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?$")


def normalise_spaces(value: str) -> str:
    return " ".join((value or "").split())


def validate_person_name(value: str) -> None:
    if not _PERSON_NAME.match(value):
        raise ValidationError(
            gettext_lazy(
                "Use letters only, with spaces, hyphens or apostrophes where needed "
                "(no digits, symbols or tags)."
            ),
            code="invalid_name",
        )


class PersonNameField(forms.CharField):
    """A first or last name: letters in words, spaces collapsed, no markup (150 at most)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 150)
        super().__init__(validators=[validate_person_name], **kwargs)

    def to_python(self, value):
        return normalise_spaces(super().to_python(value))


def first_name_field(**kwargs: Any) -> PersonNameField:
    """The first name of a form that creates or edits an account (browsers fill it in)."""
    return PersonNameField(
        label=gettext_lazy("First name"),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        **kwargs,
    )


def last_name_field(**kwargs: Any) -> PersonNameField:
    """The last name of a form that creates or edits an account (browsers fill it in)."""
    return PersonNameField(
        label=gettext_lazy("Last name"),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        **kwargs,
    )
