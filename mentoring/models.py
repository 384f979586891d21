from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
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
        on = on or timezone.localdate()
        return self.paused_until is not None and self.paused_until >= on


class CandidateToMatch(Candidate):
    """Eligible candidates waiting for a mentor: the staff's matching queue in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("candidate to pair")
        verbose_name_plural = _("candidates to pair")


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

    # Statuses in which a mentorship takes one of the mentor's places.
    LOAD_STATUSES = (Status.ACTIVE,)
    ENDED_STATUSES = (Status.COMPLETED, Status.INTERRUPTED)

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("candidate")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("mentor")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
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
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=24, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("end note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        indexes = [
            # A mentor's load and pending proposals.
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_status_idx"),
            models.Index(fields=["candidate", "status"], name="mentorship_candidate_idx"),
            # KPIs: mentorships started in a period.
            models.Index(fields=["started_at"], name="mentorship_started_idx"),
            models.Index(fields=["status", "proposed_at"], name="mentorship_proposed_idx"),
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
            # The mentorship page's log and "last meeting" per mentorship.
            models.Index(fields=["mentorship", "-date"], name="meeting_mentorship_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0, duration_minutes__lte=480),
                name="meeting_duration_positive_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} – {self.date}"


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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_type__in=["none", "further_study"])
                | models.Q(start_date__isnull=False),
                name="outcome_job_has_start_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_contract_type_display()} – {self.mentorship}"

    @property
    def is_durable_at_level(self) -> bool:
        return self.contract_type in self.DURABLE_CONTRACTS and self.at_level
