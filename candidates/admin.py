"""Staff work on applications in the admin, scoped to their regions (DESIGN §2, §8).

- "Files to review" (``CandidateToReview``): the queue of submitted files, longest waiting
  first, with the rules engine's recommendation and each rule's result, and bulk decisions.
- The decision page of a file (from the queue, the candidates list or the change page): the
  whole file, its documents through the access-checked download view, the pre-check, the
  history and the decision form — or, for a file found ineligible, the current decision and
  the form revising it. Every opening is logged as a read of sensitive data.

Sensitive data (birth date, phone, address, social criteria, documents) needs a permission of
its own (``access.SENSITIVE_DATA``, DESIGN §10): without it a staff member's candidate pages
leave those fields, filters, searches and documents out, and the decision page answers 403.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nqt.core.admin_scoping import LogAdmin, RegionScopedAdmin
from nqt.core.collation import french

from . import access, eligibility, selectors, services
from .forms import (
    BulkIncompleteForm,
    BulkIneligibleForm,
    CandidateAdminForm,
    DecisionForm,
    RevisionForm,
)
from .models import Candidate, CandidateToReview, Document, SensitiveAccess, StatusChange

Status = Candidate.Status


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    can_delete = False
    fields = ["kind", "download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        # Through the access-checked view, which logs the read (never a media URL).
        return format_html(
            '<a href="{}">{}</a>',
            reverse("candidates:document_download", args=[obj.pk]),
            obj.original_name,
        )


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    ordering = ["-at"]

    def has_add_permission(self, request, obj=None):
        return False


def _eligibility(candidate: Candidate) -> eligibility.Eligibility:
    """The rules engine's result, computed once per row (the row holds what it needs)."""
    cached = getattr(candidate, "_eligibility", None)
    if cached is None:
        cached = candidate._eligibility = eligibility.evaluate_current(candidate)
    return cached


# The decision page's POST marker (and form prefix) of a revision.
REVISE = "revision"

# When a submitted file entered the queue (served by the index candidate_review_queue_idx).
WAITING_SINCE = Coalesce("awaiting_decision_since", "submitted_at")

RECOMMENDATION_LABELS = {
    eligibility.Recommendation.ELIGIBLE: _("Eligible"),
    eligibility.Recommendation.INELIGIBLE: _("Ineligible"),
    eligibility.Recommendation.INCOMPLETE: _("To check"),
}


class DecisionActionsMixin:
    """Bulk decisions: eligible at once, ineligible and incomplete through a page asking why."""

    actions = ["decide_eligible", "decide_ineligible", "decide_incomplete"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Decide: eligible"), permissions=["change"])
    def decide_eligible(self, request, queryset):
        self._bulk_decide(request, queryset, decision=Status.ELIGIBLE)

    @admin.action(description=_("Decide: ineligible (asks the reason)"), permissions=["change"])
    def decide_ineligible(self, request, queryset):
        form = BulkIneligibleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._bulk_decide(
                request, queryset, decision=Status.INELIGIBLE, reason=form.cleaned_data["reason"]
            )
            return None
        return self._ask(
            request, queryset, form, "decide_ineligible", _("Ineligible: give the reason")
        )

    @admin.action(
        description=_("Decide: incomplete (asks the missing document)"), permissions=["change"]
    )
    def decide_incomplete(self, request, queryset):
        form = BulkIncompleteForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._bulk_decide(
                request,
                queryset,
                decision=Status.INCOMPLETE,
                requested_document=form.cleaned_data["requested_document"],
                reason=form.cleaned_data["reason"],
            )
            return None
        return self._ask(
            request, queryset, form, "decide_incomplete", _("Incomplete: name the missing document")
        )

    def _ask(self, request, queryset, form, action: str, title: str):
        selected = list(queryset.select_related("user", "department").order_by("pk"))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "action": action,
            "selected": selected,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/candidates/candidate/bulk_decision.html", context)

    def _bulk_decide(self, request, queryset, *, decision: str, **details: str) -> None:
        done = 0
        skipped = []
        for candidate in queryset.select_related("user").order_by("pk"):
            try:
                services.candidate_decide(
                    candidate=candidate, decided_by=request.user, decision=decision, **details
                )
            except (services.CandidateError, PermissionDenied):
                skipped.append(str(candidate))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d decision recorded; the candidate is told by e-mail.",
                    "%(count)d decisions recorded; the candidates are told by e-mail.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Not decided, because of their status: %(names)s.")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )


# The candidate's fields behind ``access.SENSITIVE_DATA`` (the sensitive columns of the
# candidates export, impact.exports).
SENSITIVE_FIELDS = frozenset(
    ["birth_date", "phone", "postcode", "city", "qpv", "qpv_name", "zrr", "boursier", "rsa"]
)


class SensitiveFieldsMixin:
    """Leaves the sensitive fields out of the lists (columns, filters, searches, query-string
    lookups) of a staff member who may not see them."""

    #: Columns of the list that show sensitive data.
    sensitive_list_display: tuple[str, ...] = ()

    @staticmethod
    def _sensitive(name) -> bool:
        return isinstance(name, str) and name.split("__")[0] in SENSITIVE_FIELDS

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if access.may_see_sensitive_data(request.user):
            return shown
        return [name for name in shown if name not in self.sensitive_list_display]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if access.may_see_sensitive_data(request.user):
            return filters
        return [name for name in filters if not self._sensitive(name)]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if access.may_see_sensitive_data(request.user):
            return fields
        return [name for name in fields if not self._sensitive(name)]

    def lookup_allowed(self, lookup, value, request=None):
        # The admin allows any lookup on a local field in the query string (?qpv__exact=1).
        if (
            self._sensitive(lookup)
            and request is not None
            and not access.may_see_sensitive_data(request.user)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)


class DecisionLinkMixin:
    @admin.display(description=_("decision"))
    def decide_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:candidates_candidate_decide", args=[obj.pk]),
            _("Review") if services.awaits_decision(obj) else _("Open"),
        )


@admin.register(Candidate)
class CandidateAdmin(
    SensitiveFieldsMixin, DecisionLinkMixin, DecisionActionsMixin, RegionScopedAdmin
):
    region_lookup = "department__region"
    # The decision page reads the whole file (403 without the sensitive data permission).
    sensitive_list_display = ("decide_link",)
    change_form_template = "admin/candidates/candidate/change_form.html"
    form = CandidateAdminForm
    list_display = [
        "full_name",
        "email",
        "status",
        "department",
        "diploma_level",
        "project_type",
        "submitted_at",
        "decided_at",
        "decide_link",
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
        # Follows the postcode (CandidateAdminForm): typing both would let them drift apart.
        "department",
        "created_at",
        "updated_at",
        "submitted_at",
        "awaiting_decision_since",
        "decided_at",
        "decided_by",
        "decision_reason",
        "requested_document",
        "validated_at",
        "queued_at",
        "away_reason",
        "away_note",
        "away_since",
        "last_activity_at",
        "consent_at",
        "consent_version",
        "anonymised_at",
    ]
    fieldsets = [
        (
            _("Application"),
            {
                "fields": [
                    "user",
                    "status",
                    "submitted_at",
                    "awaiting_decision_since",
                    "validated_at",
                    "queued_at",
                ]
            },
        ),
        (
            _("Pause or withdrawal"),
            {"fields": ["away_reason", "away_note", "away_since"]},
        ),
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

    @admin.display(description=_("name"), ordering=french("user__last_name"))
    def full_name(self, obj):
        return obj.user.get_full_name() or "—"

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if access.may_see_sensitive_data(request.user):
            return fieldsets
        kept = []
        for title, options in fieldsets:
            fields = [name for name in options["fields"] if name not in SENSITIVE_FIELDS]
            if fields:
                kept.append((title, {**options, "fields": fields}))
        return kept

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if access.may_see_sensitive_data(request.user):
            return inlines
        return [inline for inline in inlines if inline is not DocumentInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        attrs = {"staff_user": request.user}
        if not access.may_see_sensitive_data(request.user):
            attrs["postcode"] = None  # the form's own field, not in the fieldsets then
        return type(form.__name__, (form,), attrs)

    def save_model(self, request, obj, form, change):
        # The department the form derived from the postcode (absent when the postcode is blank,
        # e.g. an anonymised file, which keeps its department for the statistics).
        moved_from = obj.department_id
        if "department" in form.cleaned_data:
            obj.department = form.cleaned_data["department"]
        super().save_model(request, obj, form, change)
        if obj.department_id != moved_from:
            services.candidate_moved(obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decision/",
                self.admin_site.admin_view(self.decision_view),
                name="{}_{}_decide".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_see_sensitive_data": access.may_see_sensitive_data(request.user),
        }
        response = super().change_view(request, object_id, form_url, extra_context)
        candidate = self.get_object(request, unquote(object_id))
        if (
            candidate is not None
            and request.method == "GET"
            and access.may_see_sensitive_data(request.user)
        ):
            services.log_sensitive_access(
                staff=request.user,
                candidate=candidate,
                what=SensitiveAccess.What.PROFILE,
                detail="admin change page",
            )
        return response

    def decision_view(self, request, object_id):
        """The file, the rules engine's recommendation and the decision form (for a refused
        file, the form revising the decision)."""
        scoped = self.get_object(request, unquote(object_id))
        if scoped is None:
            raise Http404(_("No such object in your regions."))
        # The decision reads the whole file: its social criteria and proofs.
        if not (
            self.has_change_permission(request, scoped)
            and access.may_see_sensitive_data(request.user)
        ):
            raise PermissionDenied
        candidate = selectors.candidate_files().get(pk=scoped.pk)
        can_decide = services.awaits_decision(candidate)
        can_revise = services.decision_revisable(candidate)
        # Each form posts its own marker, so a stale page never records the other kind.
        posted = request.POST if request.method == "POST" else None
        revising = posted is not None and REVISE in posted
        form = DecisionForm(None if revising else posted)
        revision_form = RevisionForm(posted if revising else None, prefix=REVISE)
        if posted is not None and not revising and can_decide and form.is_valid():
            try:
                services.candidate_decide(
                    candidate=candidate,
                    decided_by=request.user,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    requested_document=form.cleaned_data["requested_document"],
                )
            except services.CandidateError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Decision recorded for %(name)s; they are told by e-mail.")
                    % {"name": candidate},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:candidates_candidatetoreview_changelist")
                )
        if revising and not can_revise:
            # The page was stale: the file was sent again or anonymised since it was shown.
            self.message_user(
                request,
                _(
                    "This decision can no longer be revised: the file has changed since the page "
                    "was shown."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        if revising and revision_form.is_valid():
            try:
                services.candidate_revise_decision(
                    candidate=candidate,
                    revised_by=request.user,
                    decision=revision_form.cleaned_data["decision"],
                    note=revision_form.cleaned_data["note"],
                    requested_document=revision_form.cleaned_data["requested_document"],
                )
            except services.CandidateError as error:
                # The file changed between this read and the service's lock.
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.path)
            else:
                self.message_user(
                    request,
                    _("Decision revised for %(name)s; they are told by e-mail.")
                    % {"name": candidate},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        if request.method == "GET":
            services.log_sensitive_access(
                staff=request.user,
                candidate=candidate,
                what=SensitiveAccess.What.PROFILE,
                detail="decision page",
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Eligibility decision"),
            "subtitle": str(candidate),
            "opts": self.opts,
            "original": candidate,
            "candidate": candidate,
            "eligibility": _eligibility(candidate),
            "recommendation": RECOMMENDATION_LABELS[_eligibility(candidate).recommendation],
            "history": candidate.history.select_related("by").order_by("-at", "-pk"),
            "form": form,
            "can_decide": can_decide,
            "revision_form": revision_form,
            "can_revise": can_revise,
            "revise_marker": REVISE,
            "waiting_days": (
                (
                    timezone.now() - (candidate.awaiting_decision_since or candidate.submitted_at)
                ).days
                if candidate.status == Status.SUBMITTED
                else None
            ),
        }
        return TemplateResponse(request, "admin/candidates/candidate/decision.html", context)


@admin.register(CandidateToReview)
class CandidateToReviewAdmin(SensitiveFieldsMixin, DecisionActionsMixin, RegionScopedAdmin):
    """The review queue: submitted files of the staff member's regions, longest waiting first."""

    region_lookup = "department__region"
    # The rules' results tell the candidate's age and social criteria.
    sensitive_list_display = ("recommendation", "rule_age", "rule_social_criterion")
    list_display = [
        "review_link",
        "department",
        "waiting_since",
        "days_waiting",
        "recommendation",
        "rule_age",
        "rule_diploma",
        "rule_social_criterion",
    ]
    list_display_links = None
    list_select_related = ["user", "department__region"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "postcode"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .live()
            .filter(status=Status.SUBMITTED)
            .annotate(waiting_since=WAITING_SINCE)
        )

    def get_ordering(self, request):
        return [WAITING_SINCE.asc(), "pk"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Files to review, longest waiting first"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A file of the queue opens on its decision page.
        self._ensure_in_scope(request, object_id)
        return HttpResponseRedirect(
            reverse("admin:candidates_candidate_decide", args=[unquote(object_id)])
        )

    @admin.display(description=_("candidate"), ordering=french("user__last_name"))
    def review_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:candidates_candidate_decide", args=[obj.pk]),
            obj.user.get_full_name() or obj.user.email,
        )

    @admin.display(description=_("waiting since"), ordering="waiting_since")
    def waiting_since(self, obj):
        return obj.waiting_since

    @admin.display(description=_("days waiting"), ordering="waiting_since")
    def days_waiting(self, obj):
        return (timezone.now() - obj.waiting_since).days if obj.waiting_since else None

    @admin.display(description=_("recommendation"))
    def recommendation(self, obj):
        return RECOMMENDATION_LABELS[_eligibility(obj).recommendation]

    @admin.display(description=_("under 30"), boolean=True)
    def rule_age(self, obj):
        return _eligibility(obj).result(eligibility.AGE).passed

    @admin.display(description=_("diploma level"), boolean=True)
    def rule_diploma(self, obj):
        return _eligibility(obj).result(eligibility.DIPLOMA).passed

    @admin.display(description=_("social criterion"), boolean=True)
    def rule_social_criterion(self, obj):
        return _eligibility(obj).result(eligibility.SOCIAL_CRITERION).passed


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(LogAdmin):
    """Who read which candidate's sensitive data, for national admins (kept 12 months)."""

    list_display = ["at", "staff", "candidate", "what", "detail"]
    list_filter = ["what"]
    list_select_related = ["staff", "candidate__user"]
    search_fields = ["staff__email", "candidate__user__email"]
    date_hierarchy = "at"
    readonly_fields = ["at", "staff", "candidate", "what", "detail"]
