"""Admin autocompletes that re-render a tampered value as an empty choice, never a 500.

Django's autocomplete widgets look the posted value up in the related table to show its label
again, and a value that is not a key of that table (``company=abc``) raises there, while the
form field itself reports it as an invalid choice. These widgets leave out, before that
look-up, the values the related key field cannot read: the form answers with its error.
``SafeAutocompleteAdmin`` gives them to every field of an admin's ``autocomplete_fields``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _ReadableValuesMixin:
    """Render only the selected values that the related model's key field can read."""

    def _readable(self, values):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        readable = []
        for value in values:
            try:
                target.to_python(value)
            except (ValidationError, TypeError, ValueError):
                continue
            readable.append(value)
        return readable

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, self._readable(value), attr)


class SafeAutocompleteSelect(_ReadableValuesMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ReadableValuesMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdmin(admin.options.BaseModelAdmin):
    """Admin (or inline) mixin: ``autocomplete_fields`` rendered by the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
