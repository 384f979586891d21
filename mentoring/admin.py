from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nqt.core.admin_choices import ChoiceListAdmin
from nqt.core.admin_ordering import FrenchChangeList
from nqt.core.admin_scoping import RegionScopedAdmin
from nqt.core.collation import french
from nqt.core.french import elide, long_date

from . import rules, services
from .admin_filters import AttentionListFilter, MentorCompanyListFilter
from .followup import selectors as followup_selectors
from .followup import services as followup
from .matching import criteria
from .models import CheckIn, Introduction, Meeting, Mentor, Mentorship, Outcome, ReportedMessage
from .workspace import conversation, goals

# Mentorship.region: the candidate's region, stored on the row (no join to scope a list).
MENTORSHIP_REGION = "region"


class ExperienceListFilter(admin.SimpleListFilter):
    title = _("experience")
    parameter_name = "experience"

    def lookups(self, request, model_admin):
        return [
            ("below", _("Fewer than %(years)d years") % {"years": Mentor.MIN_YEARS_OF_EXPERIENCE}),
            ("ok", _("%(years)d years or more") % {"years": Mentor.MIN_YEARS_OF_EXPERIENCE}),
        ]

    def queryset(self, request, queryset):
        if self.value() == "below":
            return queryset.filter(years_of_experience__lt=Mentor.MIN_YEARS_OF_EXPERIENCE)
        if self.value() == "ok":
            return queryset.filter(years_of_experience__gte=Mentor.MIN_YEARS_OF_EXPERIENCE)
        return queryset


@admin.register(Mentor)
class MentorAdmin(RegionScopedAdmin):
    region_lookup = "region"
    actions = ["activate_selected", "deactivate_selected"]
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
        ExperienceListFilter,
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
    # Status changes go through the actions, which record who activated and notify the mentor.
    readonly_fields = [
        "user",
        "status",
        "experience_warning",
        "charter_signed_at",
        "activated_at",
        "activated_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["user", "company", "region", "status", "experience_warning"]}),
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

    @admin.display(description=_("name"), ordering=french("user__last_name"))
    def full_name(self, obj):
        return obj.user.get_full_name() or obj.user.email

    @admin.display(description=_("8 years or more"), boolean=True)
    def experience_ok(self, obj):
        return not obj.experience_flagged

    @admin.display(description=_("active mentees"), ordering="active_count")
    def active_mentees(self, obj):
        return obj.active_count

    @admin.display(description=_("experience check"))
    def experience_warning(self, obj):
        if obj.experience_flagged:
            return _(
                "Fewer than %(years)d years of experience: check the profile before activating."
            ) % {"years": Mentor.MIN_YEARS_OF_EXPERIENCE}
        return _("%(years)d years or more: fits the programme.") % {
            "years": Mentor.MIN_YEARS_OF_EXPERIENCE
        }

    def _apply(self, request, queryset, service, done_message):
        done, refused = 0, []
        for mentor in queryset.select_related("user"):
            try:
                service(mentor=mentor, by=request.user)
            except ValidationError as error:
                name = mentor.user.get_full_name() or mentor.user.email
                refused.append(f"{name}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Activate the selected mentors"), permissions=["change"])
    def activate_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.mentor_activate,
            lambda n: (
                ngettext(
                    "%d mentor activated: they were told by e-mail.",
                    "%d mentors activated: they were told by e-mail.",
                    n,
                )
                % n
            ),
        )

    @admin.action(description=_("Deactivate the selected mentors"), permissions=["change"])
    def deactivate_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.mentor_deactivate,
            lambda n: (
                ngettext(
                    "%d mentor deactivated: they were told by e-mail, and any proposal "
                    "waiting for their answer was withdrawn.",
                    "%d mentors deactivated: they were told by e-mail, and any proposal "
                    "waiting for their answer was withdrawn.",
                    n,
                )
                % n
            ),
        )


class MeetingInline(ChoiceListAdmin, admin.TabularInline):
    model = Meeting
    choice_lists = {"topics": Meeting.Topic}
    extra = 0
    fields = ["date", "duration_minutes", "mode", "topics_labels", "logged_by"]
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


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ["period", "role", "score", "comment", "needs_help", "help_handled_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    can_delete = False
    readonly_fields = ["declared_by", "declared_at", "confirmed_by", "confirmed_at"]


class StartedYearListFilter(admin.SimpleListFilter):
    """The year a mentorship started, offered without querying the data."""

    title = _("year started")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year, rules.FIRST_YEAR - 1, -1)]

    def queryset(self, request, queryset):
        # Only the years offered: anything else in the URL is ignored, not a server error.
        if self.value() in {value for value, _ in self.lookup_choices}:
            start, end = rules.year_bounds(int(self.value()))
            return queryset.filter(started_at__gte=start, started_at__lt=end)
        return queryset


def score_rows(details: dict) -> list[tuple[str, str]]:
    """(criterion, points) of a stored score explanation, in the criteria's order; a criterion
    no longer defined is named by its code."""
    points = (details or {}).get("points") or {}
    known = [code for code in criteria.CODES if code in points]
    others = sorted(code for code in points if code not in criteria.BY_CODE)
    return [
        (
            str(criteria.BY_CODE[code].label) if code in criteria.BY_CODE else code,
            number_format(points[code], decimal_pos=None if points[code] % 1 else 0),
        )
        for code in (*known, *others)
    ]


class MentorshipChangeList(FrenchChangeList):
    """The staff's list, kept light at national scale (tests/bench): rows carry only the
    columns shown (the people's names, not their whole files), and each row's link keeps the
    list's filters with a query string computed once, where Django resolves every row's URL
    to add it."""

    columns = (
        "candidate__user__first_name",
        "candidate__user__last_name",
        "candidate__user__email",
        "mentor__user__first_name",
        "mentor__user__last_name",
        "mentor__user__email",
        "status",
        "started_at",
        "last_meeting_on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read by the rows' links only (the page's other links take the view's own copy).
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def get_results(self, request):
        # Only the rows shown: actions and filters use the whole queryset (get_queryset).
        self.queryset = self.queryset.only(*self.columns)
        super().get_results(request)

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url


@admin.register(Mentorship)
class MentorshipAdmin(RegionScopedAdmin):
    region_lookup = MENTORSHIP_REGION
    list_display = [
        "candidate",
        "mentor",
        "status",
        "started_at",
        "last_meeting_on",
        "days_without_contact",
        "timeline_link",
    ]
    # The staff dashboard links to these lists with its filters (mentoring.admin_filters). No
    # date_hierarchy: at national scale its per-page scan of every start date costs more than
    # the rest of the list; the year filter offers the same navigation.
    list_filter = [
        "status",
        "end_reason",
        AttentionListFilter,
        MentorCompanyListFilter,
        StartedYearListFilter,
    ]
    list_select_related = ["candidate__user", "mentor__user"]
    search_fields = [
        "candidate__user__email",
        "candidate__user__last_name",
        "mentor__user__email",
        "mentor__user__last_name",
    ]
    show_full_result_count = False
    # A follow-up list read page by page: 25 rows keep it fast at national scale
    # (tests/bench/test_followup_bench.py).
    list_per_page = 25
    inlines = [OutcomeInline, CheckInInline, MeetingInline, IntroductionInline]
    readonly_fields = [
        "candidate",
        "mentor",
        "status",
        "score",
        "score_breakdown",
        "created_at",
        "proposed_by",
        "proposed_at",
        "answered_at",
        "decline_reason",
        "started_at",
        "ended_at",
        "end_reason",
        "end_note",
        "last_meeting_on",
        "conversation_summary",
        "goals_progress",
    ]

    # Shown read only, as a table of criteria (score_breakdown).
    exclude = ["score_details"]

    actions = ["send_drafts", "withdraw_selected", "confirm_outcomes", "help_handled"]

    def get_changelist(self, request, **kwargs):
        return MentorshipChangeList

    def get_urls(self):
        return [
            path(
                "<path:object_id>/chronologie/",
                self.admin_site.admin_view(self.timeline_view),
                name="mentoring_mentorship_timeline",
            ),
            *super().get_urls(),
        ]

    def timeline_view(self, request, object_id):
        mentorship = self.get_object(request, unquote(object_id))
        if mentorship is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": mentorship,
            "title": elide(_("Timeline of %(mentorship)s") % {"mentorship": mentorship}),
            "events": followup_selectors.mentorship_timeline(mentorship),
        }
        return TemplateResponse(request, "admin/mentoring/mentorship/timeline.html", context)

    @admin.display(description=_("score details"))
    def score_breakdown(self, obj):
        rows = score_rows(obj.score_details)
        if not rows:
            return self.get_empty_value_display()
        return format_html(
            '<table class="score-breakdown"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
            '<tfoot><tr><th scope="row">{}</th><td>{} / 100</td></tr></tfoot></table>',
            _("Criterion"),
            _("Points"),
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
            _("Total"),
            obj.score if obj.score is not None else "—",
        )

    @admin.display(description=_("conversation"))
    def conversation_summary(self, obj):
        # That the pair writes, never what (their messages are private to them).
        stats = conversation.conversation_stats(obj)
        if not stats.total:
            return _("No message exchanged yet.")
        return format_html(
            "{} · {} · {}",
            ngettext(
                "%(count)d message from the candidate",
                "%(count)d messages from the candidate",
                stats.candidate_messages,
            )
            % {"count": stats.candidate_messages},
            ngettext(
                "%(count)d message from the mentor",
                "%(count)d messages from the mentor",
                stats.mentor_messages,
            )
            % {"count": stats.mentor_messages},
            _("last one on %(date)s")
            % {"date": long_date(timezone.localtime(stats.last_message_at), "DATETIME_FORMAT")},
        )

    @admin.display(description=_("days without contact"))
    def days_without_contact(self, obj):
        if obj.status != Mentorship.Status.ACTIVE or obj.started_at is None:
            return "—"
        return (timezone.localdate() - obj.last_contact_on).days

    @admin.display(description=_("the pair's goals"))
    def goals_progress(self, obj):
        """How many of the pair's own goals are reached (their titles are the pair's)."""
        progress = goals.progress_of(obj)
        if not progress.total:
            return _("No goal set")
        if not progress.done:
            return ngettext(
                "No goal reached out of %(total)d",
                "No goal reached out of %(total)d",
                progress.total,
            ) % {"total": progress.total}
        return ngettext(
            "%(done)d goal reached out of %(total)d",
            "%(done)d goals reached out of %(total)d",
            progress.done,
        ) % {"done": progress.done, "total": progress.total}

    @admin.display(description=_("timeline"))
    def timeline_link(self, obj):
        url = reverse("admin:mentoring_mentorship_timeline", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Timeline"))

    @admin.action(
        description=_("Confirm the declared outcomes (closes the mentorships)"),
        permissions=["change"],
    )
    def confirm_outcomes(self, request, queryset):
        done = 0
        for mentorship in queryset.filter(
            status=Mentorship.Status.ACTIVE, outcome__confirmed_at__isnull=True
        ).select_related("outcome"):
            try:
                followup.outcome_confirm(outcome=mentorship.outcome, by=request.user)
                done += 1
            except followup.FollowUpError as error:
                self.message_user(request, f"{mentorship}: {error}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d outcome confirmed.", "%(count)d outcomes confirmed.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark the requests for help as handled"), permissions=["change"])
    def help_handled(self, request, queryset):
        count = followup.help_requests_handled(mentorships=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d request handled.", "%(count)d requests handled.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        # Proposals are made from a candidate's suggestions, through the matching service.
        return False

    @admin.action(
        description=_("Send the selected draft proposals to their mentors"),
        permissions=["change"],
    )
    def send_drafts(self, request, queryset):
        drafts = queryset.filter(status=Mentorship.Status.DRAFT).select_related(
            "candidate", "mentor"
        )
        sent, refused = services.drafts_send(drafts=list(drafts), sent_by=request.user)
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d proposal sent.", "%(count)d proposals sent.", len(sent))
                % {"count": len(sent)},
                messages.SUCCESS,
            )
        for draft, reason in refused:
            self.message_user(request, f"{draft}: {reason}", messages.WARNING)

    @admin.action(
        description=_("Withdraw the selected proposals or drop the drafts"),
        permissions=["change"],
    )
    def withdraw_selected(self, request, queryset):
        done = 0
        for mentorship in queryset.filter(
            status__in=[Mentorship.Status.PROPOSED, Mentorship.Status.DRAFT]
        ):
            try:
                services.mentorship_cancel(mentorship=mentorship, by=request.user)
                done += 1
            except services.ProposalError as error:
                self.message_user(request, f"{mentorship}: {error}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(count)d withdrawn.", "%(count)d withdrawn.", done) % {"count": done},
            messages.SUCCESS,
        )


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
class MeetingAdmin(ChoiceListAdmin, MentorshipChildAdmin):
    choice_lists = {"topics": Meeting.Topic}
    list_display = ["mentorship", "date", "duration_minutes", "mode", "topics_labels", "logged_by"]
    list_filter = ["mode"]
    date_hierarchy = "date"
    readonly_fields = ["mentorship", "logged_by", "created_at"]

    # Meetings are the parties' log, changed only through the follow-up services (which keep
    # Mentorship.last_meeting_on, read by the reminders and the staff lists): read-only here.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(ReportedMessage)
class ReportedMessageAdmin(MentorshipChildAdmin):
    """The messages a participant reported, the only ones the regional team reads: read only,
    each change page's reading logged (the candidates' access log)."""

    list_display = ["mentorship", "created_at", "reported_at", "reporter"]
    list_select_related = [
        "mentorship__candidate__user",
        "mentorship__mentor__user",
    ]
    date_hierarchy = None
    ordering = ["-reported_at", "-pk"]
    fields = [
        "mentorship",
        "written_by",
        "created_at",
        "body",
        "document",
        "reported_at",
        "reporter",
        "report_reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reported_at__isnull=False)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("written by"))
    def written_by(self, obj):
        role = conversation.author_role(obj, obj.mentorship)
        return CheckIn.Role(role).label if role else _("Deleted account")

    @admin.display(description=_("reported by"))
    def reporter(self, obj):
        if obj.reported_by_id is None:
            return _("Deleted account")
        role = obj.mentorship.party_of(obj.reported_by)
        return CheckIn.Role(role).label if role else "—"

    @admin.display(description=_("attached document"))
    def document(self, obj):
        if not obj.attachment_name:
            return self.get_empty_value_display()
        url = reverse("mentoring:message_attachment", args=[obj.mentorship_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.attachment_name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        message = self.get_object(request, unquote(object_id))
        if message is not None and request.method == "GET":
            conversation.log_staff_read(staff=request.user, message=message, detail="admin")
        return response


# The matching screens (queue, suggestions, batch) register themselves on import.
from .matching import admin as matching_admin  # noqa: E402, F401
