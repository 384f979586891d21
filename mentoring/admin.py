from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from nqt.core.admin_scoping import RegionScopedAdmin

from .models import Introduction, Meeting, Mentor, Mentorship, Outcome

MENTORSHIP_REGION = "candidate__department__region"


@admin.register(Mentor)
class MentorAdmin(RegionScopedAdmin):
    region_lookup = "region"
    list_display = [
        "full_name",
        "company",
        "status",
        "function",
        "years_of_experience",
        "experience_ok",
        "capacity",
        "active_mentees",
        "paused_until",
    ]
    list_filter = [
        "status",
        "remote",
        "has_business_experience",
        "function",
        ("company", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["user", "company", "function"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "company__name",
        "job_title",
    ]
    autocomplete_fields = ["company"]
    filter_horizontal = ["expertise", "sectors", "departments", "languages"]
    readonly_fields = ["user", "charter_signed_at", "activated_at", "activated_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["user", "company", "region", "status"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "job_title",
                    "function",
                    "expertise",
                    "sectors",
                    "years_of_experience",
                    "has_business_experience",
                    "languages",
                    "bio",
                ]
            },
        ),
        (
            _("Availability"),
            {"fields": ["departments", "remote", "capacity", "paused_until"]},
        ),
        (
            _("Record"),
            {"fields": ["charter_signed_at", "activated_at", "activated_by", "created_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count(
                    "mentorships", filter=Q(mentorships__status=Mentorship.Status.ACTIVE)
                )
            )
        )

    def has_add_permission(self, request):
        # Mentors join through their company's invitation.
        return False

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, obj):
        return obj.user.get_full_name() or obj.user.email

    @admin.display(description=_("8 years or more"), boolean=True)
    def experience_ok(self, obj):
        return not obj.experience_flagged

    @admin.display(description=_("active mentees"), ordering="active_count")
    def active_mentees(self, obj):
        return obj.active_count


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["date", "duration_minutes", "mode", "topics", "logged_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class IntroductionInline(admin.TabularInline):
    model = Introduction
    extra = 0
    fields = ["date", "contact_company", "contact_role", "result"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    can_delete = False
    readonly_fields = ["declared_by", "declared_at", "confirmed_by", "confirmed_at"]


@admin.register(Mentorship)
class MentorshipAdmin(RegionScopedAdmin):
    region_lookup = MENTORSHIP_REGION
    list_display = ["candidate", "mentor", "status", "proposed_at", "started_at", "ended_at"]
    list_filter = ["status", "end_reason"]
    list_select_related = ["candidate__user", "mentor__user"]
    search_fields = [
        "candidate__user__email",
        "candidate__user__last_name",
        "mentor__user__email",
        "mentor__user__last_name",
    ]
    date_hierarchy = "started_at"
    inlines = [OutcomeInline, MeetingInline, IntroductionInline]
    readonly_fields = [
        "candidate",
        "mentor",
        "status",
        "score",
        "score_details",
        "created_at",
        "proposed_by",
        "proposed_at",
        "answered_at",
        "decline_reason",
        "started_at",
        "ended_at",
        "end_reason",
    ]

    def has_add_permission(self, request):
        # Proposals are made from a candidate's suggestions, through the matching service.
        return False


class MentorshipChildAdmin(RegionScopedAdmin):
    region_lookup = f"mentorship__{MENTORSHIP_REGION}"
    list_select_related = ["mentorship__candidate__user", "mentorship__mentor__user"]
    search_fields = [
        "mentorship__candidate__user__last_name",
        "mentorship__mentor__user__last_name",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Meeting)
class MeetingAdmin(MentorshipChildAdmin):
    list_display = ["mentorship", "date", "duration_minutes", "mode", "logged_by"]
    list_filter = ["mode"]
    date_hierarchy = "date"
    readonly_fields = ["mentorship", "logged_by", "created_at"]


@admin.register(Introduction)
class IntroductionAdmin(MentorshipChildAdmin):
    list_display = ["mentorship", "date", "contact_company", "contact_role", "result"]
    list_filter = ["result"]
    date_hierarchy = "date"
    readonly_fields = ["mentorship", "created_by", "created_at"]


@admin.register(Outcome)
class OutcomeAdmin(MentorshipChildAdmin):
    list_display = [
        "mentorship",
        "contract_type",
        "at_level",
        "through_network",
        "start_date",
        "confirmed_at",
        "still_employed",
    ]
    list_filter = ["contract_type", "at_level", "through_network", "still_employed"]
    readonly_fields = [
        "mentorship",
        "declared_by",
        "declared_at",
        "confirmed_by",
        "confirmed_at",
        "durability_checked_at",
    ]
