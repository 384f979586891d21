from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import notifications, second_factor
from .admin_ordering import FrenchOrderingAdmin
from .admin_scoping import LogAdmin, RegionScopedAdmin
from .collation import french
from .models import (
    AuthEvent,
    Department,
    JobFamily,
    Language,
    Notification,
    Region,
    Sector,
    User,
)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(FrenchOrderingAdmin, DjangoUserAdmin):
    """Accounts, managed by national admins (regional staff work through the profiles)."""

    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "managed_regions", "language"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["managed_regions", "groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]
    actions = ["reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Staff"),
            {"fields": ["is_active", "is_staff", "is_superuser", "managed_regions", "groups"]},
        ),
        (
            _("Advanced permissions"),
            {"classes": ["collapse"], "fields": ["user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description=_("Reset the two-factor authentication"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        """For someone who lost their authenticator app and recovery codes: they enrol again
        at their next sign-in (DESIGN §10)."""
        count = sum(
            second_factor.second_factor_reset(user=user, by=request.user) for user in queryset
        )
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d account.",
                "Two-factor authentication reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_lookup = "pk"
    list_display = ["name", "code", "min_diploma_level", "department_count"]
    search_fields = ["name", "code"]
    ordering = [french("name")]
    readonly_fields = ["code", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(department_count=Count("departments"))

    def get_list_filter(self, request):
        return []

    @admin.display(description=_("departments"), ordering="department_count")
    def department_count(self, obj):
        return obj.department_count


@admin.register(Department)
class DepartmentAdmin(RegionScopedAdmin):
    region_lookup = "region"
    list_display = ["code", "name", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]
    ordering = ["code"]


class ReferenceItemAdmin(FrenchOrderingAdmin):
    list_display = ["name", "name_en", "code"]
    search_fields = ["name", "name_en", "code"]
    prepopulated_fields = {"code": ["name_en"]}


admin.site.register(Sector, ReferenceItemAdmin)
admin.site.register(JobFamily, ReferenceItemAdmin)
admin.site.register(Language, ReferenceItemAdmin)


class NotificationKindFilter(admin.SimpleListFilter):
    """The kinds by their labels (a kind is registered in code, not a database choice)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return notifications.kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for national admins: what was sent to whom, and what is still waiting."""

    list_display = [
        "created_at",
        "recipient",
        "email",
        "kind_label",
        "title",
        "email_status",
        "read_at",
    ]
    list_filter = ["email_status", NotificationKindFilter, "in_app"]
    search_fields = ["email", "title", "recipient__email", "dedup_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    # The view page shows every field, the kind by its label.
    fields = readonly_fields = [
        "kind_label" if field.name == "kind" else field.name for field in Notification._meta.fields
    ]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification: Notification) -> str:
        return notifications.kind_label(notification.kind)

    @admin.action(description=_("Send the selected e-mails again if they were not sent"))
    def resend(self, request, queryset):
        count = notifications.requeue(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AuthEvent)
class AuthEventAdmin(LogAdmin):
    """Sign-ins, failures, lock-outs and account changes, for national admins (kept 12
    months; no password or e-mail address is kept)."""

    list_display = ["at", "kind", "user", "ip", "detail"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "ip"]
    date_hierarchy = "at"
    readonly_fields = ["at", "kind", "user", "ip", "detail"]
