"""Admin list filters the staff dashboard links to (its tiles open the matching admin list)."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Company

from . import rules

ATTENTION_LABELS = {
    "no_recent_meeting": format_lazy(
        _("No meeting for {days} days"), days=rules.SILENCE_REMINDER_DAYS
    ),
    "proposal_expiring": _("Proposal about to expire"),
    "help_requested": _("Help requested in a check-in"),
}


class AttentionListFilter(admin.SimpleListFilter):
    """Mentorships needing attention, with the dashboard's definitions (``rules.attention_q``)."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        reasons = rules.attention_reasons(timezone.now())
        return [("all", _("For any reason"))] + [
            (key, ATTENTION_LABELS[key]) for key in reasons if key in ATTENTION_LABELS
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "all":
            return queryset.filter(rules.attention_q(now))
        reason = rules.attention_reasons(now).get(self.value())
        return queryset if reason is None else queryset.filter(reason)


class MentorCompanyListFilter(admin.SimpleListFilter):
    """Mentorships by their mentor's company, offering the companies of the user's regions."""

    title = _("mentor's company")
    parameter_name = "entreprise"

    def lookups(self, request, model_admin):
        companies = Company.objects.filter(region__in=request.user.managed_region_ids).exclude(
            partnership_status=Company.Partnership.PROSPECT
        )
        return [(str(pk), name) for pk, name in companies.values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(mentor__company_id=int(self.value()))
        return queryset
