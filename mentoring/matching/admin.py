"""The staff's matching screens in the admin (DESIGN §6): the queue of eligible candidates
waiting for a mentor, each candidate's explained suggestions with "Propose", and the batch
proposals of a region. Staff see only their regions (RegionScopedAdmin)."""

from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from candidates import selectors as candidate_selectors
from candidates.models import Candidate
from nqt.core.admin_scoping import RegionScopedAdmin
from nqt.core.collation import french
from nqt.core.models import Region

from .. import rules, services
from ..models import CandidateToMatch, Mentor, Mentorship
from . import criteria, ranking

Status = Mentorship.Status


class WaitingListFilter(admin.SimpleListFilter):
    title = gettext_lazy("waiting time")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("late", _("Beyond the promised delay")),
            (
                "soon",
                _("Promise due within %(days)d days") % {"days": rules.PROMISE_DUE_SOON_DAYS},
            ),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        promise = datetime.timedelta(days=rules.promise_days())
        if self.value() == "late":
            return queryset.filter(queued_at__lt=now - promise)
        if self.value() == "soon":
            return queryset.filter(
                queued_at__gte=now - promise,
                queued_at__lt=now - promise + datetime.timedelta(days=rules.PROMISE_DUE_SOON_DAYS),
            )
        return queryset


@admin.register(CandidateToMatch)
class CandidateToMatchAdmin(RegionScopedAdmin):
    """Eligible candidates waiting for a mentor, the longest waiting first."""

    region_lookup = "department__region"
    list_display = [
        "full_name",
        "department",
        "target",
        "queued_at",
        "waiting",
        "proposals",
        "suggestions_link",
    ]
    list_display_links = None
    list_filter = [WaitingListFilter, "project_type"]
    list_select_related = ["user", "department", "target_job_family"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "target_job"]
    # The longest waiting first: since the last entry in the queue (``Candidate.queued_at``).
    ordering = ["queued_at", "pk"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin-matching.css"]}

    def get_queryset(self, request):
        draft = Mentorship.objects.filter(candidate=OuterRef("pk"), status=Status.DRAFT)
        return (
            super()
            .get_queryset(request)
            .filter(status=Candidate.Status.ELIGIBLE, anonymised_at__isnull=True)
            .annotate(
                pending=Count("mentorships", filter=Q(mentorships__status=Status.PROPOSED)),
                draft_score=Subquery(draft.values("score")[:1]),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:mentoring_candidatetomatch_suggestions", unquote(object_id))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="mentoring_candidatetomatch_suggestions",
            ),
            path(
                "propositions-groupees/",
                self.admin_site.admin_view(self.batch_view),
                name="mentoring_candidatetomatch_batch",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "batch_url": reverse("admin:mentoring_candidatetomatch_batch"),
            "promise_days": rules.promise_days(),
        }
        return super().changelist_view(request, extra_context)

    # --- Columns ---------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("name"), ordering=french("user__last_name"))
    def full_name(self, obj):
        return obj.user.get_full_name() or obj.user.email

    @admin.display(description=gettext_lazy("target"))
    def target(self, obj):
        return obj.target_job or (obj.target_job_family.label if obj.target_job_family else "—")

    @admin.display(description=gettext_lazy("waiting"), ordering="queued_at")
    def waiting(self, obj):
        if obj.queued_at is None:
            return "—"
        days = (timezone.localdate() - timezone.localdate(obj.queued_at)).days
        promise = rules.promise_days()
        soon = promise - rules.PROMISE_DUE_SOON_DAYS
        level = "late" if days > promise else "soon" if days >= soon else "ok"
        return format_html(
            '<span class="waiting waiting-{}">{}</span>',
            level,
            _("%(days)d d. / %(promise)d") % {"days": days, "promise": promise},
        )

    @admin.display(description=gettext_lazy("proposals"))
    def proposals(self, obj):
        parts = []
        if obj.pending:
            parts.append(
                ngettext("%(count)d waiting", "%(count)d waiting", obj.pending)
                % {"count": obj.pending}
            )
        if obj.draft_score is not None:
            parts.append(_("draft (%(score)d)") % {"score": obj.draft_score})
        return ", ".join(parts) or "—"

    @admin.display(description=gettext_lazy("suggestions"))
    def suggestions_link(self, obj):
        url = reverse("admin:mentoring_candidatetomatch_suggestions", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Suggestions"))

    # --- The suggestions page ----------------------------------------------------------------

    def suggestions_view(self, request, object_id):
        # A custom admin view: the admin checks only is_staff before it (DESIGN §10).
        if not self.has_view_permission(request):
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None:  # outside the user's regions
            raise Http404
        candidate = (
            Candidate.objects.select_related(
                "user", "department", "field_of_study", "target_job_family"
            )
            .prefetch_related("target_sectors", "languages")
            .get(pk=unquote(object_id))
        )
        if request.method == "POST":
            return self._act_on_suggestion(request, candidate)
        ranked = ranking.rank_mentors(candidate)
        mentors = (
            Mentor.objects.filter(pk__in=[row.mentor_id for row in ranked])
            .select_related("user", "company", "function")
            .prefetch_related("departments")
            .annotate(active=Count("mentorships", filter=Q(mentorships__status=Status.ACTIVE)))
        )
        by_id = {mentor.pk: mentor for mentor in mentors}
        open_pairs = (
            Mentorship.objects.filter(
                candidate=candidate, status__in=[Status.PROPOSED, Status.DRAFT]
            )
            .select_related("mentor__user", "mentor__company")
            .order_by("status", "-proposed_at")
        )
        weights = criteria.weights()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Suggestions for %(name)s") % {"name": candidate.user.get_full_name()},
            "candidate": candidate,
            "profile": candidate_selectors.professional_profile(candidate),
            "suggestions": [(row, by_id[row.mentor_id]) for row in ranked],
            "open_pairs": open_pairs,
            "criteria": [(criterion, weights[criterion.code]) for criterion in criteria.CRITERIA],
            "weight_total": sum(weights.values()),
            "promise_days": rules.promise_days(),
        }
        return TemplateResponse(
            request, "admin/mentoring/candidatetomatch/suggestions.html", context
        )

    def _act_on_suggestion(self, request, candidate):
        if not request.user.has_perm("mentoring.add_mentorship"):
            raise PermissionDenied
        here = reverse("admin:mentoring_candidatetomatch_suggestions", args=[candidate.pk])
        action = request.POST.get("action")
        try:
            if action == "propose":
                mentor = Mentor.objects.filter(pk=request.POST.get("mentor")).first()
                if mentor is None:
                    raise Http404
                services.mentorship_propose(
                    candidate=candidate,
                    mentor=mentor,
                    proposed_by=request.user,
                    message=request.POST.get("message", "")[:2000],
                )
                messages.success(
                    request,
                    _("Proposal sent to %(mentor)s.") % {"mentor": mentor.user.get_full_name()},
                )
                return redirect("admin:mentoring_candidatetomatch_changelist")
            pair = Mentorship.objects.filter(
                pk=request.POST.get("mentorship"), candidate=candidate
            ).first()
            if pair is None:
                raise Http404
            if action == "send":
                services.draft_send(draft=pair, sent_by=request.user)
                messages.success(request, _("The draft proposal was sent."))
            elif action == "withdraw":
                services.mentorship_cancel(mentorship=pair, by=request.user)
                messages.success(request, _("The proposal was withdrawn."))
            else:
                raise Http404
        except services.ProposalError as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(here)

    # --- Batch proposals -----------------------------------------------------------------------

    def batch_view(self, request):
        if not request.user.has_perm("mentoring.add_mentorship"):
            raise PermissionDenied
        regions = Region.objects.filter(pk__in=request.user.managed_region_ids).order_by(
            french("name")
        )
        if request.method == "POST":
            region = regions.filter(pk=request.POST.get("region")).first()
            if region is None:
                raise Http404
            pairs = services.drafts_prepare(region=region)
            messages.success(
                request,
                ngettext(
                    "%(count)d draft pair is ready for review: send, change or drop each one.",
                    "%(count)d draft pairs are ready for review: send, change or drop each one.",
                    len(pairs),
                )
                % {"count": len(pairs)},
            )
            url = reverse("admin:mentoring_mentorship_changelist")
            return HttpResponseRedirect(f"{url}?status__exact=draft&region={region.pk}")
        waiting = dict(
            Candidate.objects.filter(
                status=Candidate.Status.ELIGIBLE,
                anonymised_at__isnull=True,
                department__region__in=regions,
            )
            .values("department__region")
            .annotate(count=Count("pk"))
            .values_list("department__region", "count")
        )
        drafts = dict(
            Mentorship.objects.filter(status=Status.DRAFT, region__in=regions)
            .values("region")
            .annotate(count=Count("pk"))
            .values_list("region", "count")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Batch proposals"),
            "regions": [
                (region, waiting.get(region.pk, 0), drafts.get(region.pk, 0)) for region in regions
            ],
        }
        return TemplateResponse(request, "admin/mentoring/candidatetomatch/batch.html", context)
