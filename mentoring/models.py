from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from companies.models import Company
from nqt.core.models import Department, JobFamily, Language, Region, Sector


class Mentor(models.Model):
    """An experienced manager of a partner company who accompanies candidates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting activation")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    MIN_YEARS_OF_EXPERIENCE = 8

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor",
        verbose_name=_("account"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("company")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("region")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    job_title = models.CharField(_("job title"), max_length=200)
    function = models.ForeignKey(
        JobFamily,
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("function"),
    )
    expertise = models.ManyToManyField(
        JobFamily,
        blank=True,
        related_name="expert_mentors",
        verbose_name=_("fields of expertise"),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="mentors", verbose_name=_("sectors of expertise")
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), validators=[MaxValueValidator(60)]
    )
    has_business_experience = models.BooleanField(_("has created or run a business"), default=False)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="mentors", verbose_name=_("departments served")
    )
    remote = models.BooleanField(_("mentors remotely"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How many candidates at once (1 to 5)."),
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="mentors", verbose_name=_("languages")
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    charter_signed_at = models.DateTimeField(_("charter accepted at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activated by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        indexes = [
            # Matching's hard filter: active mentors of a region.
            models.Index(fields=["region", "status"], name="mentor_region_status_idx"),
            models.Index(fields=["company", "status"], name="mentor_company_status_idx"),
            # Matching: the active mentors who mentor remotely, one branch of every
            # candidate's pool (mentoring.matching.ranking), read from the index alone.
            models.Index(
                fields=["id"],
                include=[
                    "paused_until",
                    "function",
                    "region",
                    "has_business_experience",
                    "capacity",
                ],
                condition=models.Q(status="active", remote=True),
                name="mentor_remote_pool_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=5),
                name="mentor_capacity_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(years_of_experience__lte=60),
                name="mentor_years_of_experience_max",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def experience_flagged(self) -> bool:
        """Fewer years than the programme asks for: staff look before activating."""
        return self.years_of_experience < self.MIN_YEARS_OF_EXPERIENCE

    def is_paused(self, on=None) -> bool:
        from .rules import is_paused  # the rules read these models

        return is_paused(self.paused_until, on or timezone.localdate())


class CandidateToMatch(Candidate):
    """Eligible candidates waiting for a mentor: the staff's matching queue in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("candidate to pair")
        verbose_name_plural = _("candidates to pair")


def _fill_regions(mentorships: list[Mentorship]) -> None:
    """Each new mentorship takes its candidate's region: read from the candidate when it is
    loaded with its department, otherwise in one query for all of them."""
    unknown = []
    for mentorship in mentorships:
        candidate = mentorship.candidate if Mentorship.candidate.is_cached(mentorship) else None
        if candidate is not None and (
            candidate.department_id is None or Candidate.department.is_cached(candidate)
        ):
            mentorship.region_id = candidate.region_id
        else:
            unknown.append(mentorship)
    if unknown:
        regions = dict(
            Candidate.objects.filter(pk__in={m.candidate_id for m in unknown}).values_list(
                "pk", "department__region"
            )
        )
        for mentorship in unknown:
            mentorship.region_id = regions.get(mentorship.candidate_id)


class MentorshipQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """``bulk_create`` skips ``save()``: the rows take their candidates' region here."""
        objs = list(objs)
        _fill_regions(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def follow_candidate(self, candidate_id: int, department_id: int | None) -> int:
        """The candidate's department is now ``department_id`` (``nqt.core.moves``): their
        mentorships take its region, in one statement."""
        region = Department.objects.filter(pk=department_id).values("region")[:1]
        return self.filter(candidate_id=candidate_id).update(region=models.Subquery(region))


class Mentorship(models.Model):
    """One candidate with one mentor, from proposal to closure (DESIGN §5)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        INTERRUPTED = "interrupted", _("Interrupted")

    class EndReason(models.TextChoices):
        JOB_FOUND = "job_found", _("Job or project found")
        CANDIDATE_UNREACHABLE = "candidate_unreachable", _("Candidate unreachable")
        MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentor unavailable")
        NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
        MISMATCH = "mismatch", _("The pair did not work out")
        OTHER = "other", _("Other")

    ENDED_STATUSES = (Status.COMPLETED, Status.INTERRUPTED)
    # A mentorship has started (the mentor accepted): it has a page and counts in the KPIs.
    STARTED_STATUSES = (Status.ACTIVE, *ENDED_STATUSES)

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("candidate")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("mentor")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The candidate's region, copied on insert (``save`` and ``bulk_create`` set it, whatever
    # value was given) and updated whenever the candidate's department changes (the candidates'
    # services call ``nqt.core.moves``, which runs ``follow_candidate``). Region-scoped lists
    # and KPIs filter on it instead of joining the candidate and the department on every query.
    # A raw ``QuerySet.update`` of the candidate or of the department bypasses both: the
    # mentoring app never changes a mentorship's candidate, and the candidates app changes a
    # department only through its services.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="mentorships",
        verbose_name=_("region"),
    )
    message = models.TextField(_("message to the mentor"), max_length=2000, blank=True)
    score = models.PositiveSmallIntegerField(_("matching score"), null=True, blank=True)
    score_details = models.JSONField(_("score details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # The candidate's ``queued_at`` when the mentor accepted: this mentorship's time to match
    # counts from it (a second mentorship after an interruption, from the return to the queue).
    queued_at = models.DateTimeField(
        _("candidate waiting since"), null=True, blank=True, editable=False
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=24, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("end note"), max_length=2000, blank=True)
    # When each party last read the conversation (their unread messages are the other's
    # messages written after it; None: never opened).
    candidate_read_at = models.DateTimeField(
        _("conversation read by the candidate at"), null=True, blank=True, editable=False
    )
    mentor_read_at = models.DateTimeField(
        _("conversation read by the mentor at"), null=True, blank=True, editable=False
    )
    # The latest meeting's date, recomputed from the meetings in the transaction of every
    # change to them (mentoring.followup.services): staff lists and the daily sweep read this
    # column instead of aggregating every meeting.
    last_meeting_on = models.DateField(_("last meeting"), null=True, blank=True, editable=False)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        indexes = [
            # A mentor's load and pending proposals.
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_status_idx"),
            models.Index(fields=["candidate", "status"], name="mentorship_candidate_idx"),
            # KPIs (impact.kpis): mentorships started in a year, and the per-year series,
            # read from the index alone (index-only scan) before the candidate join.
            models.Index(
                fields=["started_at"],
                include=["id", "status", "candidate", "mentor"],
                name="mentorship_kpi_started_idx",
            ),
            # KPIs: active mentorships of a region (joined on the candidate) and those without
            # a recent meeting (the attention rule's anti-join), index-only.
            models.Index(
                fields=["candidate"],
                include=["id", "started_at", "mentor"],
                name="mentorship_kpi_active_idx",
                condition=models.Q(status="active"),
            ),
            # KPIs: the engagement table's per-company activity, reached through the mentors.
            models.Index(
                fields=["mentor"],
                include=["id", "status", "started_at", "ended_at", "candidate"],
                name="mentorship_kpi_mentor_idx",
            ),
            models.Index(fields=["status", "proposed_at"], name="mentorship_proposed_idx"),
            # Region-scoped KPIs and lists: a region's mentorships started in a period, read
            # from the index alone (impact.kpis, the staff lists).
            models.Index(
                fields=["region", "started_at"],
                include=["id", "status", "candidate", "mentor"],
                name="mentorship_region_started_idx",
            ),
            # A region's mentorships by status (active now, proposals about to expire).
            models.Index(
                fields=["region", "status"],
                include=["id", "proposed_at", "last_meeting_on", "started_at"],
                name="mentorship_region_status_idx",
            ),
            # The staff's mentorship list in the admin: a region's mentorships, newest first
            # (the admin's default order), whatever filter narrows them.
            models.Index(fields=["region", "-id"], name="mentorship_region_recent_idx"),
            # Follow-up: active mentorships by the date of their last meeting (the silence
            # reminders, the staff list's "days without contact" and its attention filter).
            models.Index(
                fields=["last_meeting_on", "started_at"],
                name="mentorship_silence_idx",
                condition=models.Q(status="active"),
            ),
            # Matching: the places each mentor has taken (active) or promised (proposed),
            # counted for every candidate ranking; an index-only scan of this partial index.
            models.Index(
                fields=["mentor"],
                name="mentorship_load_idx",
                condition=models.Q(status__in=["active", "proposed"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=models.Q(status="active"),
                name="mentorship_one_active_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["candidate", "mentor"],
                condition=models.Q(status="proposed"),
                name="mentorship_one_pending_proposal_per_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(started_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="mentorship_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="mentorship_score_0_100",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["active", "completed", "interrupted"])
                | models.Q(started_at__isnull=False),
                name="mentorship_started_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ↔ {self.mentor}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            _fill_regions([self])
        super().save(*args, **kwargs)

    @property
    def last_contact_on(self) -> datetime.date | None:
        """The last meeting's date, or the start's when there has been none (None before)."""
        if self.last_meeting_on is not None:
            return self.last_meeting_on
        return timezone.localdate(self.started_at) if self.started_at else None

    @staticmethod
    def silent_q(now: datetime.datetime, days: int) -> models.Q:
        """Active mentorships whose last contact (``last_contact_on``) is ``days`` days old or
        more: served by the partial index mentorship_silence_idx."""
        delay = datetime.timedelta(days=days)
        return models.Q(status=Mentorship.Status.ACTIVE) & (
            models.Q(last_meeting_on__lte=timezone.localdate(now) - delay)
            | models.Q(last_meeting_on__isnull=True, started_at__lte=now - delay)
        )

    def party_of(self, user) -> str | None:
        """ "candidate" or "mentor" when ``user`` is one of the two parties, else None."""
        if self.candidate.user_id == user.pk:
            return CheckIn.Role.CANDIDATE
        if self.mentor.user_id == user.pk:
            return CheckIn.Role.MENTOR
        return None

    def check_in_opens_at(self, period: str) -> datetime.datetime | None:
        """When the check-in of ``period`` opens (None before the start)."""
        from .rules import CHECK_IN_OPENS_AFTER  # the rules read these models

        return self.started_at + CHECK_IN_OPENS_AFTER[period] if self.started_at else None

    def check_in_open(self, period: str, now=None) -> bool:
        """The check-in of ``period`` can be answered: active, and its date has come."""
        opens_at = self.check_in_opens_at(period)
        return (
            self.status == self.Status.ACTIVE
            and opens_at is not None
            and opens_at <= (now or timezone.now())
        )


class Meeting(models.Model):
    """A mentor–candidate session, logged by either of them."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone")

    class Topic(models.TextChoices):
        CV = "cv", _("CV")
        COVER_LETTER = "cover_letter", _("Cover letter")
        INTERVIEW = "interview", _("Interview practice")
        NETWORK = "network", _("Network")
        PROJECT = "project", _("Professional project")
        TARGET_COMPANIES = "target_companies", _("Target companies")
        OTHER = "other", _("Other")

    MAX_DURATION_MINUTES = 8 * 60

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mentorship")
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(_("short note"), max_length=2000, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # The mentorship page's log and "last meeting" per mentorship; with the duration,
            # the engagement table's meetings and hours are read from the index alone.
            models.Index(
                fields=["mentorship", "-date"],
                include=["duration_minutes"],
                name="meeting_mentorship_date_idx",
            ),
            # KPIs: meetings of a year, and the recent ones the attention rule looks for.
            models.Index(
                fields=["date"],
                include=["mentorship", "duration_minutes"],
                name="meeting_kpi_date_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0, duration_minutes__lte=480),
                name="meeting_duration_positive_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} – {date_format(self.date, 'SHORT_DATE_FORMAT')}"

    @property
    def topic_labels(self) -> list[str]:
        return [str(self.Topic(topic).label) for topic in self.topics if topic in self.Topic.values]


class Introduction(models.Model):
    """The mentor put the candidate in touch with a professional of their network."""

    class Result(models.TextChoices):
        NOTHING_YET = "nothing_yet", _("Nothing yet")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Job offer")
        NO_FOLLOW_UP = "no_follow_up", _("No follow-up")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="introductions",
        verbose_name=_("mentorship"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    contact_company = models.CharField(_("company"), max_length=200)
    contact_role = models.CharField(_("role of the contact"), max_length=200)
    result = models.CharField(
        _("result"), max_length=14, choices=Result.choices, default=Result.NOTHING_YET
    )
    notes = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        indexes = [models.Index(fields=["mentorship", "-date"], name="introduction_mentorship_idx")]

    def __str__(self) -> str:
        return f"{self.contact_role} @ {self.contact_company}"


class Outcome(models.Model):
    """What the candidate got at the end of the mentorship, and whether it lasted."""

    class ContractType(models.TextChoices):
        CDI = "cdi", _("Permanent contract (CDI)")
        CDD_LONG = "cdd_long", _("Fixed-term contract of 6 months or more")
        CDD_SHORT = "cdd_short", _("Fixed-term contract under 6 months")
        INTERIM = "interim", _("Temporary work")
        WORK_STUDY = "work_study", _("Work-study")
        CIVIC_SERVICE = "civic_service", _("Civic service")
        BUSINESS_CREATION = "business_creation", _("Business creation")
        FURTHER_STUDY = "further_study", _("Further study")
        NONE = "none", _("None")

    # A durable job (emploi pérenne), DESIGN §9.
    DURABLE_CONTRACTS = (ContractType.CDI, ContractType.CDD_LONG, ContractType.BUSINESS_CREATION)

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("mentorship")
    )
    contract_type = models.CharField(_("contract"), max_length=20, choices=ContractType.choices)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    at_level = models.BooleanField(_("at the diploma's level"), default=False)
    through_network = models.BooleanField(_("found through the mentor's network"), default=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    durability_checked_at = models.DateTimeField(_("durability checked at"), null=True, blank=True)
    still_employed = models.BooleanField(
        _("still in the job after 6 months"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        indexes = [
            # KPIs: the outcome of each of a year's mentorships (success rate, time to job,
            # funnel), read from the index alone.
            models.Index(
                fields=["mentorship"],
                include=["contract_type", "at_level", "start_date"],
                name="outcome_kpi_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_type__in=["none", "further_study"])
                | models.Q(start_date__isnull=False),
                name="outcome_job_has_start_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_contract_type_display()} – {self.mentorship}"

    # Contracts that are a job (the others: none, further study).
    NOT_A_JOB = (ContractType.NONE, ContractType.FURTHER_STUDY)
    JOB_CONTRACTS = (
        ContractType.CDI,
        ContractType.CDD_LONG,
        ContractType.CDD_SHORT,
        ContractType.INTERIM,
        ContractType.WORK_STUDY,
        ContractType.CIVIC_SERVICE,
        ContractType.BUSINESS_CREATION,
    )

    @property
    def is_job(self) -> bool:
        return self.contract_type not in self.NOT_A_JOB

    def durability_question_open(self, today=None) -> bool:
        """Within the window after six months from the job's start (``rules.durability_open``:
        6 to 9 months), until the candidate answers."""
        from .rules import durability_open  # the rules read these models

        return (
            self.is_job
            and durability_open(self.start_date, today or timezone.localdate())
            and self.durability_checked_at is None
        )

    @property
    def is_durable_at_level(self) -> bool:
        return self.contract_type in self.DURABLE_CONTRACTS and self.at_level


class ActionItem(models.Model):
    """A step of the mentorship's action plan, ticked by either party."""

    class Step(models.TextChoices):
        CV_REVIEWED = "cv_reviewed", _("CV reviewed")
        COVER_LETTER = "cover_letter", _("Cover letter written")
        INTERVIEW_PRACTICE = "interview_practice", _("Interview practised")
        TARGET_COMPANIES = "target_companies", _("Target companies listed")
        NETWORK_INTRODUCTIONS = "network_introductions", _("Introductions to the network")

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("mentorship"),
    )
    step = models.CharField(_("step"), max_length=24, choices=Step.choices)
    done_at = models.DateTimeField(_("done on"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )

    class Meta:
        verbose_name = _("action plan step")
        verbose_name_plural = _("action plan steps")
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "step"], name="actionitem_one_per_step"),
        ]

    def __str__(self) -> str:
        return self.get_step_display()


class CheckIn(models.Model):
    """How the mentorship is going, asked of each party after one and three months."""

    class Period(models.TextChoices):
        MONTH_1 = "month_1", _("after one month")
        MONTH_3 = "month_3", _("after three months")

    class Role(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        MENTOR = "mentor", _("Mentor")

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("mentorship")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    role = models.CharField(_("answered by"), max_length=10, choices=Role.choices)
    period = models.CharField(_("check-in"), max_length=10, choices=Period.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    needs_help = models.BooleanField(_("asks for help"), default=False)
    created_at = models.DateTimeField(_("answered on"), default=timezone.now)
    help_handled_at = models.DateTimeField(_("help handled on"), null=True, blank=True)
    help_handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("help handled by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [
            # "Needs attention": requests for help staff have not handled yet.
            models.Index(
                fields=["mentorship"],
                name="checkin_open_help_idx",
                condition=models.Q(needs_help=True, help_handled_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "role", "period"], name="checkin_one_per_party_and_period"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="checkin_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} – {self.get_period_display()} – {self.score}/5"


class Message(models.Model):
    """A message between the two parties of a mentorship (DESIGN §13).

    Private to the pair: staff see that the pair writes (counts, dates), and read a message
    only once a participant reports it (the read is logged). Plain text: shown escaped, its
    links made clickable. Read-only once the mentorship has ended, deleted 12 months later.
    """

    MAX_LENGTH = 4000

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="messages", verbose_name=_("mentorship")
    )
    # None once the author's account is erased: the other party reads "Compte supprimé".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=MAX_LENGTH)
    # An optional document, checked like the application's uploads and served through a view
    # that checks who asks (never from a public media URL).
    attachment = models.FileField(
        _("attached document"), upload_to="messages/%Y/%m/", max_length=200, blank=True
    )
    attachment_name = models.CharField(_("document name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    report_reason = models.TextField(_("reason for the report"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            # A conversation in order, its unread count and its last message.
            models.Index(fields=["mentorship", "created_at"], name="message_conversation_idx"),
            # The rate limit (a person's messages of the last hour).
            models.Index(fields=["author", "created_at"], name="message_author_idx"),
            # Staff's list of reported messages.
            models.Index(
                fields=["reported_at"],
                name="message_reported_idx",
                condition=models.Q(reported_at__isnull=False),
            ),
            # The e-mail digest (mentoring.workspace.digest): the conversations with a message
            # of the last day, found without reading every conversation.
            models.Index(fields=["created_at"], include=["mentorship"], name="message_recent_idx"),
        ]

    def __str__(self) -> str:
        # Never the text: a message's name shows in lists staff read.
        sent = date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{self.mentorship} – {sent}"


class ReportedMessage(Message):
    """A message a participant reported: the only messages the regional team may read (in the
    admin, each read logged)."""

    class Meta:
        proxy = True
        verbose_name = _("reported message")
        verbose_name_plural = _("reported messages")


class PlannedMeeting(models.Model):
    """A meeting the pair plans together (DESIGN §13): proposed by one party, answered by the
    other; once accepted both receive a calendar invitation.

    A counter-proposal replaces a proposal, and moving an accepted meeting is a new proposal:
    both keep the ``uid`` of the calendar event, so calendars update the event instead of
    adding one. ``sequence`` is the event's RFC 5545 SEQUENCE, raised with each change sent.
    A planned meeting is never counted as held: it becomes a ``Meeting`` only when a party
    confirms it took place.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        REPLACED = "replaced", _("Replaced")

    MIN_DURATION_MINUTES = 15
    MAX_DURATION_MINUTES = 240
    NOTE_MAX_LENGTH = 500

    mentorship = models.ForeignKey(
        Mentorship,
        on_delete=models.CASCADE,
        related_name="planned_meetings",
        verbose_name=_("mentorship"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Meeting.Mode.choices)
    # Required in person, the link (https only) for a video call: checked by the services
    # (``workspace.planning.check_slot``), not by the database, since erasure blanks them.
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video call link"), max_length=500, blank=True)
    note = models.CharField(_("short note"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The calendar event: the same along a chain of counter-proposals and moves.
    uid = models.UUIDField(_("calendar event id"), default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )
    # The daily sweep's bookkeeping: the reminder the day before, the "did it take place?".
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    held_asked_at = models.DateTimeField(_("asked whether it took place at"), null=True, blank=True)
    # Once a party answers "did it take place?": the logged meeting, or when they said no.
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned",
        verbose_name=_("logged meeting"),
    )
    not_held_at = models.DateTimeField(_("marked as not held at"), null=True, blank=True)

    class Meta:
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")
        ordering = ["starts_at", "pk"]
        indexes = [
            # The mentorship page: a pair's proposals, accepted meetings and those to confirm.
            models.Index(fields=["mentorship", "status", "starts_at"], name="planned_page_idx"),
            # The daily sweep (the day before, "did it take place?") and the calendar feeds:
            # accepted meetings by their start.
            models.Index(
                fields=["starts_at"],
                name="planned_accepted_start_idx",
                condition=models.Q(status="accepted"),
            ),
            # The other meetings of an event (a counter-proposal, a move).
            models.Index(fields=["uid"], name="planned_uid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=240),
                name="planned_duration_15_to_240",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) | models.Q(not_held_at__isnull=True),
                name="planned_held_or_not",
            ),
            # One event is at most one accepted meeting and one proposal waiting at a time.
            models.UniqueConstraint(
                fields=["uid"],
                condition=models.Q(status="accepted"),
                name="planned_one_accepted_per_event",
            ),
            models.UniqueConstraint(
                fields=["uid"],
                condition=models.Q(status="proposed"),
                name="planned_one_proposal_per_event",
            ),
        ]

    def __str__(self) -> str:
        start = date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{self.mentorship} – {start}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class CalendarFeed(models.Model):
    """A person's private calendar feed: calendar applications subscribe to its secret URL.

    Renewing the token revokes the old URL, which then answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("account"),
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class Goal(models.Model):
    """A goal the pair set themselves, beside the programme's action plan (DESIGN §13)."""

    # A mentorship keeps a short list: beyond it the page says so rather than growing forever.
    MAX_PER_MENTORSHIP = 30
    TITLE_MAX_LENGTH = 200

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="goals", verbose_name=_("mentorship")
    )
    title = models.CharField(_("goal"), max_length=TITLE_MAX_LENGTH)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]
        indexes = [
            # The mentorship page's list, in the order the pair set them, and its counts.
            models.Index(fields=["mentorship", "created_at"], name="goal_mentorship_idx"),
            # "Mon espace": a person's overdue goals (due date passed, not reached).
            models.Index(
                fields=["mentorship", "due_on"],
                name="goal_open_due_idx",
                condition=models.Q(done_at__isnull=True, due_on__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title=""), name="goal_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The due date has passed and the goal is not reached."""
        return (
            self.done_at is None
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )
