"""The staff's admin site: the programme's titles, and pages kept light at national scale."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    site_header = _("Mentoring programme administration")
    site_title = _("Administration")
    index_title = _("Regional management")
    # An empty value reads as a dash, as on the site, not Django's hyphen.
    empty_value_display = "—"
    # The side menu repeats the index on every page; the breadcrumbs lead back to it.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        # Every admin page's context holds the app list (``each_context``), which checks
        # four permissions per model; only the index pages show it. Built when first read.
        app_list = super().get_app_list
        return SimpleLazyObject(lambda: app_list(request, app_label))


class NqtAdminConfig(AdminConfig):
    default_site = "nqt.core.admin_site.AdminSite"

    def ready(self) -> None:
        super().ready()
        # allauth's list of authenticators would show each TOTP secret as stored (in the
        # clear): a national admin resets a lost factor from the user list instead.
        from allauth.mfa.models import Authenticator

        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
