from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nqt.core.admin_scoping import RegionScopedAdmin
from nqt.core.collation import french
from nqt.core.french import elide

from . import services
from .forms import CompanyAdminForm, InvitationForm
from .models import Company, CompanyContact, Invitation


@admin.display(description=_("state"))
def invitation_state(invitation: Invitation) -> str:
    # A tampered inline row (an id that is no invitation) is shown as a blank one.
    return invitation.state_label if invitation.pk is not None else ""


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
    fields = ["email", "kind", invitation_state, "created_at", "expires_at", "used_at"]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False


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
    ordering = [french("name")]
    inlines = [CompanyContactInline, InvitationInline]
    form = CompanyAdminForm
    change_form_template = "admin/companies/company/change_form.html"
    fieldsets = [
        (None, {"fields": ["name", "siren", "sector", "size", "region", "website"]}),
        (
            _("Partnership"),
            {"fields": ["partnership_status", "agreement_start", "agreement_end"]},
        ),
    ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/inviter-un-referent/",
                self.admin_site.admin_view(self.invite_contact_view),
                name="companies_company_invite_contact",
            ),
            *super().get_urls(),
        ]

    def invite_contact_view(self, request, object_id):
        """Staff invite a company contact by e-mail (the invitation proves their address)."""
        company = self.get_object(request, unquote(object_id))
        if company is None:
            raise Http404(_("No such object in your regions."))
        if not self.has_change_permission(request, company):
            raise PermissionDenied
        can_invite = company.agreement_in_force()
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invitation = services.invitation_create(
                    company=company,
                    email=form.cleaned_data["email"],
                    kind=Invitation.Kind.CONTACT,
                    invited_by=request.user,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                self.message_user(
                    request,
                    elide(
                        _("An invitation to be the contact of %(company)s was sent to %(email)s.")
                        % {"company": company.name, "email": invitation.email}
                    ),
                    messages.SUCCESS,
                )
                return redirect(
                    reverse("admin:companies_company_change", args=[company.pk]),
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a contact for %(company)s") % {"company": company.name},
            "opts": self.opts,
            "original": company,
            "company": company,
            "form": form,
            "can_invite": can_invite,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/companies/company/invite_contact.html", context)


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
    actions = ["resend_selected", "revoke_selected"]
    list_display = ["email", "company", "kind", invitation_state, "created_at", "expires_at"]
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

    def _apply(self, request, queryset, service, done_message):
        done, refused = 0, []
        for invitation in queryset.select_related("company"):
            try:
                service(invitation=invitation, by=request.user)
            except ValidationError as error:
                refused.append(f"{invitation.email}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Send the selected invitations again"), permissions=["change"])
    def resend_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.invitation_resend,
            lambda n: ngettext("%d invitation sent again.", "%d invitations sent again.", n) % n,
        )

    @admin.action(description=_("Revoke the selected invitations"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.invitation_revoke,
            lambda n: ngettext("%d invitation revoked.", "%d invitations revoked.", n) % n,
        )
