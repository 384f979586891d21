"""Region scoping for the admin: staff see and edit only the regions they manage.

``RegionScopedAdmin`` filters the queryset itself (lists, change pages, autocompletes, bulk
actions all go through it), answers 404 for an object outside the user's regions, and offers
only in-scope choices in foreign keys. National admins (superusers) see everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_ordering import FrenchOrderingAdmin
from .admin_widgets import SafeAutocompleteAdmin
from .models import Department, Region
from .staff import scope_to_regions


def region_id_of(obj, region_lookup: str) -> int | None:
    """Follow ``region_lookup`` (e.g. ``"candidate__department__region"``) on an instance."""
    if region_lookup == "pk":
        return obj.pk
    *path, last = region_lookup.split("__")
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class RegionListFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.filter(pk__in=request.user.managed_region_ids)
        if len(regions) < 2:
            return []
        return [(str(region.pk), region.name) for region in regions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.model_admin_lookup}": self.value()})
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin_lookup = model_admin.region_lookup
        super().__init__(request, params, model, model_admin)


class RegionScopedAdmin(SafeAutocompleteAdmin, FrenchOrderingAdmin):
    """Base admin for every model that belongs to a region (its autocompletes never answer
    a 500 on a tampered value: ``nqt.core.admin_widgets``; its text columns sort in French:
    ``nqt.core.admin_ordering``)."""

    #: Path from the model to its Region, as in a queryset filter.
    region_lookup: str = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return scope_to_regions(queryset, request.user, self.region_lookup)

    def action_checkbox(self, obj):
        # The same checkbox as ModelAdmin.action_checkbox, written directly rather than
        # through a form widget's template (a template render per row of every list).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_list_filter(self, request):
        return [RegionListFilter, *super().get_list_filter(request)]

    def _ensure_in_scope(self, request, object_id) -> None:
        # Same answer for an object of another region and for one that does not exist.
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404(_("No such object in your regions."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _scoped_choices(self, request, related_model):
        if request.user.is_superuser:
            return None
        if related_model is Region:
            return Region.objects.filter(pk__in=request.user.managed_region_ids)
        if related_model is Department:
            return Department.objects.filter(region__in=request.user.managed_region_ids)
        related_admin = self.admin_site._registry.get(related_model)
        if isinstance(related_admin, RegionScopedAdmin):
            return related_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Belt and braces: forms only offer in-scope choices, but never save outside them.
        if not request.user.is_superuser:
            region_id = region_id_of(obj, self.region_lookup)
            if region_id not in request.user.managed_region_ids:
                raise PermissionDenied
        super().save_model(request, obj, form, change)


class LogAdmin(admin.ModelAdmin):
    """A log, for national admins: read, never written, changed or deleted by hand (its own
    task purges it)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
