from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from nqt.core.admin_scoping import RegionScopedAdmin

from .models import Candidate, Document, StatusChange


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    ordering = ["-at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(RegionScopedAdmin):
    region_lookup = "department__region"
    list_display = [
        "full_name",
        "email",
        "status",
        "department",
        "diploma_level",
        "project_type",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["status", "diploma_level", "project_type", "qpv", "zrr", "boursier", "rsa"]
    list_select_related = ["user", "department"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "city", "postcode"]
    date_hierarchy = "submitted_at"
    ordering = ["submitted_at", "pk"]
    inlines = [DocumentInline, StatusChangeInline]
    filter_horizontal = ["target_sectors", "languages"]
    readonly_fields = [
        "user",
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_reason",
        "requested_document",
        "validated_at",
        "last_activity_at",
        "consent_at",
        "consent_version",
        "anonymised_at",
    ]
    fieldsets = [
        (_("Application"), {"fields": ["user", "status", "submitted_at", "validated_at"]}),
        (
            _("Decision"),
            {"fields": ["decided_at", "decided_by", "decision_reason", "requested_document"]},
        ),
        (
            _("Identity and contact"),
            {"fields": ["birth_date", "phone", "postcode", "city", "department"]},
        ),
        (
            _("Studies"),
            {
                "fields": [
                    "diploma_level",
                    "diploma_title",
                    "field_of_study",
                    "school",
                    "graduation_year",
                ]
            },
        ),
        (
            _("Professional project"),
            {
                "fields": [
                    "project_type",
                    "target_sectors",
                    "target_job_family",
                    "target_job",
                    "business_project",
                    "mobility",
                    "languages",
                    "linkedin_url",
                ]
            },
        ),
        (_("Social criteria"), {"fields": ["qpv", "qpv_name", "zrr", "boursier", "rsa"]}),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": [
                    "consent_at",
                    "consent_version",
                    "created_at",
                    "updated_at",
                    "last_activity_at",
                    "anonymised_at",
                ],
            },
        ),
    ]

    def has_add_permission(self, request):
        # Candidates apply themselves online.
        return False

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, obj):
        return obj.user.get_full_name() or "—"

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email
