"""Admin lists sorted by a text column in French order (``nqt.core.collation``).

A click on a column header sorts by the field itself, in the database's code-point order
("BTP" before "Banque"); ``FrenchChangeList`` sorts text columns through the French collation
instead. ``FrenchOrderingAdmin`` gives it to an admin's list.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .collation import french


class FrenchChangeList(ChangeList):
    def get_ordering_field(self, field_name):
        order_field = super().get_ordering_field(field_name)
        if not isinstance(order_field, str) or order_field.startswith("-"):
            return order_field
        try:
            field = get_fields_from_path(self.model, order_field)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return order_field  # an annotation
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            return french(order_field)
        return order_field


class FrenchOrderingAdmin(admin.ModelAdmin):
    def get_changelist(self, request, **kwargs):
        return FrenchChangeList
