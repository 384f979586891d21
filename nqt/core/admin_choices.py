"""Lists of choice codes (a JSON list such as a meeting's topics) shown by their labels.

Django's admin shows a JSON field as stored (``["other", "network"]``) in readonly fields and
offers it as a JSON text area in forms. ``ChoiceListAdmin`` offers each such field as labelled
checkboxes, and shows it by its labels, in the order of the choices, wherever it is read only
(``<field>_labels``, also usable as a list column).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import capfirst


def choice_labels(choices: type[models.Choices], codes: Iterable[str] | None) -> list[str]:
    """The labels of ``codes``, in the order of ``choices``; unknown codes are left out."""
    chosen = set(codes or ())
    return [str(label) for value, label in choices.choices if value in chosen]


class ChoiceListField(forms.MultipleChoiceField):
    """A list of codes picked from labelled checkboxes, cleaned to a list in choice order."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        chosen = set(super().clean(value))
        return [code for code, _label in self.choices if code in chosen]


class ChoiceListAdmin(admin.options.BaseModelAdmin):
    """Admin (or inline) mixin: ``choice_lists`` maps a JSON list field to its choices."""

    choice_lists: dict[str, type[models.Choices]] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        choices = self.choice_lists.get(db_field.name)
        if choices is None:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        return ChoiceListField(
            choices=choices.choices,
            required=not db_field.blank,
            label=capfirst(db_field.verbose_name),
            help_text=db_field.help_text,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in self.choice_lists.items():
            setattr(self, self.labels_name(name), self._labels_display(name, choices))

    @staticmethod
    def labels_name(name: str) -> str:
        return f"{name}_labels"

    def _labels_display(self, name: str, choices: type[models.Choices]):
        @admin.display(description=capfirst(self.model._meta.get_field(name).verbose_name))
        def display(obj) -> str:
            labels = choice_labels(choices, getattr(obj, name))
            return ", ".join(labels) if labels else self.get_empty_value_display()

        return display

    def _read_only_names(self, names):
        return [self.labels_name(n) if n in self.choice_lists else n for n in names]

    def get_readonly_fields(self, request, obj=None):
        return self._read_only_names(super().get_readonly_fields(request, obj))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # A view-only page shows every field read only: the labels, not the codes.
            return self._read_only_names(fields)
        return fields
