"""Regional staff: the permission group they share and the region scoping of their querysets.

Staff see and edit only the regions they manage: every region-scoped admin filters its
queryset through ``scope_to_regions`` (not just its menus), and national admins
(superusers) see everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps as global_apps
from django.db.models import QuerySet

if TYPE_CHECKING:
    from .models import User

REGIONAL_STAFF_GROUP = "Équipe régionale"


def scope_to_regions(queryset: QuerySet, user: User, region_lookup: str) -> QuerySet:
    """Rows of ``queryset`` whose region (reached through ``region_lookup``) ``user`` manages."""
    if not (user.is_active and user.is_staff):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{region_lookup}__in": user.managed_region_ids})


def manages_region(user: User, region_id: int | None, *, perm: str | None = None) -> bool:
    """Whether ``user`` is staff of ``region_id`` (with ``perm``, if given), or a national
    admin: the single-object counterpart of ``scope_to_regions``."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return (
        region_id is not None
        and region_id in user.managed_region_ids
        and (perm is None or user.has_perm(perm))
    )


def ensure_regional_staff_group(sender, apps=global_apps, using="default", **kwargs) -> None:
    """Create or complete the regional staff group after each migrate (idempotent).

    Each app lists the permissions its staff need as ``regional_staff_permissions`` on its
    AppConfig, so the core grants them without importing the apps.
    """
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    group, _ = group_model.objects.using(using).get_or_create(name=REGIONAL_STAFF_GROUP)
    wanted = []
    for config in global_apps.get_app_configs():
        for codename in getattr(config, "regional_staff_permissions", ()):
            wanted.append((config.label, codename))
    if not wanted:
        return
    permissions = []
    for app_label, codename in wanted:
        permission = (
            permission_model.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            permissions.append(permission)
    group.permissions.add(*permissions)
