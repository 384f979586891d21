from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from nqt.core.admin_scoping import RegionScopedAdmin

from .models import Company, CompanyContact, Invitation


class CompanyContactInline(admin.TabularInline):
    model = CompanyContact
    extra = 0
    can_delete = False
    fields = ["user", "role", "job_title", "phone"]
    readonly_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        # Contacts join through an invitation, which proves their address.
        return False


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    fields = ["email", "kind", "state_display", "created_at", "expires_at", "used_at"]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return Invitation.State(obj.state).label


@admin.register(Company)
class CompanyAdmin(RegionScopedAdmin):
    region_lookup = "region"
    list_display = [
        "name",
        "siren",
        "sector",
        "size",
        "region",
        "partnership_status",
        "agreement_start",
        "agreement_end",
    ]
    list_filter = ["partnership_status", "size", "sector"]
    list_select_related = ["sector", "region"]
    search_fields = ["name", "siren"]
    ordering = ["name"]
    inlines = [CompanyContactInline, InvitationInline]
    fieldsets = [
        (None, {"fields": ["name", "siren", "sector", "size", "region", "website"]}),
        (
            _("Partnership"),
            {"fields": ["partnership_status", "agreement_start", "agreement_end"]},
        ),
    ]


@admin.register(CompanyContact)
class CompanyContactAdmin(RegionScopedAdmin):
    region_lookup = "company__region"
    list_display = ["user", "company", "role", "job_title", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "company"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "company__name"]
    readonly_fields = ["user", "created_at"]
    autocomplete_fields = ["company"]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(RegionScopedAdmin):
    region_lookup = "company__region"
    list_display = ["email", "company", "kind", "state_display", "created_at", "expires_at"]
    list_filter = ["kind"]
    list_select_related = ["company"]
    search_fields = ["email", "company__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "company",
        "kind",
        "email",
        "invited_by",
        "created_at",
        "last_sent_at",
        "expires_at",
        "used_at",
        "accepted_by",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return Invitation.State(obj.state).label
