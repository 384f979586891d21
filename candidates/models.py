from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from nqt.core.fields import HttpsURLField
from nqt.core.models import DiplomaLevel, JobFamily, Language, Sector


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    PROOF_QPV = "proof_qpv", _("Proof of address in a QPV")
    PROOF_ZRR = "proof_zrr", _("Proof of address in a ZRR")
    PROOF_BOURSIER = "proof_boursier", _("Scholarship award notice")
    PROOF_RSA = "proof_rsa", _("RSA certificate")


class CandidateQuerySet(models.QuerySet):
    def live(self) -> CandidateQuerySet:
        """Files not anonymised: an erased person's file stays only for statistics."""
        return self.filter(anonymised_at__isnull=True)


class Candidate(models.Model):
    """A young graduate's application and profile (DESIGN §4, lifecycle §5)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INCOMPLETE = "incomplete", _("Incomplete")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible")
        IN_MENTORSHIP = "in_mentorship", _("In mentorship")
        PLACED = "placed", _("Placed")
        ALUMNI = "alumni", _("Alumni")
        # The candidate stepped back (candidates.services.candidate_pause / _withdraw): out of
        # every queue, kept in the historical figures. A pause can be resumed; a withdrawal
        # is final.
        PAUSED = "paused", _("Paused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class AwayReason(models.TextChoices):
        """Why a candidate paused or withdrew their application, as staff read it (the
        candidate's own form words it in the first person: mentoring.forms.OWN_AWAY_REASONS)."""

        JOB_FOUND = "job_found", _("Found a job on their own")
        MOVING_ABROAD = "moving_abroad", _("Moving abroad")
        NOT_AVAILABLE = "not_available", _("Not available for now")
        OTHER = "other", _("Another reason")

    class ProjectType(models.TextChoices):
        JOB = "job", _("Find a job")
        BUSINESS_CREATION = "business_creation", _("Create a business")

    class Mobility(models.TextChoices):
        # Model labels read the same to everyone (staff, mentors, exports, the candidate's own
        # file); the candidate's form asks in the first person (``forms.OWN_MOBILITY_LABELS``).
        DEPARTMENT = "department", _("Home department")
        REGION = "region", _("Home region")
        NATIONAL = "national", _("All of France")
        INTERNATIONAL = "international", _("France and abroad")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="candidate",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    # Identity and contact (never shown to mentors or companies).
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("department"),
    )

    # Studies.
    diploma_level = models.PositiveSmallIntegerField(
        _("diploma level"), choices=DiplomaLevel.choices, null=True, blank=True
    )
    diploma_title = models.CharField(_("diploma title"), max_length=200, blank=True)
    field_of_study = models.ForeignKey(
        JobFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of study"),
    )
    school = models.CharField(_("school or university"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )

    # Professional project.
    project_type = models.CharField(
        _("project"), max_length=20, choices=ProjectType.choices, default=ProjectType.JOB
    )
    target_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="candidates", verbose_name=_("target sectors")
    )
    target_job_family = models.ForeignKey(
        JobFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target function"),
    )
    target_job = models.CharField(_("target job"), max_length=200, blank=True)
    business_project = models.TextField(_("business project"), max_length=2000, blank=True)
    mobility = models.CharField(_("mobility"), max_length=20, choices=Mobility.choices, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="candidates", verbose_name=_("languages")
    )
    linkedin_url = HttpsURLField(_("LinkedIn profile"), blank=True)

    # Social criteria: visible to the candidate and the staff of their region only. Labels in
    # the third person, as staff read them; the candidate's form words them in the second
    # person (``forms.SocialCriteriaForm``).
    qpv = models.BooleanField(_("lives in a priority neighbourhood (QPV)"), default=False)
    qpv_name = models.CharField(_("neighbourhood (QPV)"), max_length=200, blank=True)
    zrr = models.BooleanField(_("lives in a rural revitalisation zone (ZRR)"), default=False)
    boursier = models.BooleanField(_("held a social-criteria scholarship"), default=False)
    rsa = models.BooleanField(_("receives the RSA"), default=False)

    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)

    # Lifecycle.
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # First submission: the age rule is checked on this date and it never moves afterwards.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Last time the file entered the staff queue (a resubmission, corrected eligibility data).
    awaiting_decision_since = models.DateTimeField(
        _("awaiting a decision since"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    requested_document = models.CharField(
        _("requested document"), max_length=20, choices=DocumentKind.choices, blank=True
    )
    # When staff found the file eligible; kept when the status moves on (the funnel, §9).
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    # Waiting for a mentor since: set each time the file enters the matching queue (found
    # eligible, back after an interrupted mentorship, resumed after a pause). The 15-day
    # promise, the queue's order and the time to match count from it, not from the first
    # validation.
    queued_at = models.DateTimeField(_("waiting for a mentor since"), null=True, blank=True)
    # A pause or a withdrawal: why, in the candidate's words too, and since when.
    away_reason = models.CharField(
        _("reason for the pause or withdrawal"),
        max_length=20,
        choices=AwayReason.choices,
        blank=True,
    )
    away_note = models.TextField(_("in the candidate's words"), max_length=1000, blank=True)
    away_since = models.DateTimeField(_("paused or withdrawn since"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        permissions = [
            # Birth date, phone, address, social criteria and their proofs (DESIGN §10): the
            # regional staff group has it, a staff account outside it does not.
            ("view_sensitive_data", _("Can view the sensitive data of candidates")),
        ]
        indexes = [
            # Staff queue: files of a status, oldest submission first.
            models.Index(fields=["status", "submitted_at"], name="candidate_queue_idx"),
            # Matching queue: eligible candidates, the longest waiting first.
            models.Index(fields=["status", "queued_at"], name="candidate_queued_idx"),
            # Staff review queue: submitted files, longest waiting first.
            models.Index(
                Coalesce("awaiting_decision_since", "submitted_at"),
                name="candidate_review_queue_idx",
                condition=models.Q(status="submitted"),
            ),
            # Periodic purge: ineligible files by decision date, inactive files.
            models.Index(fields=["status", "decided_at"], name="candidate_decided_idx"),
            models.Index(fields=["last_activity_at"], name="candidate_activity_idx"),
            # KPIs (impact.kpis): a region's candidates joined to their mentorships, with
            # the validation date of the time to match, read from the index alone.
            models.Index(
                fields=["department", "id"],
                include=["validated_at"],
                name="candidate_kpi_region_idx",
            ),
            # KPIs: the funnel's cohort, candidates registered in a year, in the whole country
            # and in a region (its departments), read from the index alone.
            models.Index(
                fields=["created_at"],
                include=["id", "department", "submitted_at", "validated_at"],
                name="candidate_kpi_created_idx",
            ),
            models.Index(
                fields=["department", "created_at"],
                include=["id", "submitted_at", "validated_at"],
                name="candidate_kpi_dept_created_idx",
            ),
            # KPIs: social criteria of the candidates who applied in a year, in the whole
            # country and in a region.
            models.Index(
                fields=["submitted_at"],
                include=["id", "department", "qpv", "zrr", "boursier", "rsa"],
                name="candidate_kpi_submitted_idx",
            ),
            models.Index(
                fields=["department", "submitted_at"],
                include=["id", "qpv", "zrr", "boursier", "rsa"],
                name="candidate_kpi_dept_submit_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(graduation_year__isnull=True)
                | models.Q(graduation_year__gte=1950, graduation_year__lte=2100),
                name="candidate_graduation_year_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ineligible") | ~models.Q(decision_reason=""),
                name="candidate_ineligible_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="candidate_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["paused", "withdrawn"])
                | (~models.Q(away_reason="") & models.Q(away_since__isnull=False)),
                name="candidate_away_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def region_id(self) -> int | None:
        return self.department.region_id if self.department_id else None


# A candidate may pause a file waiting for staff or for a mentor, and withdraw any file not in
# a mentorship yet (a paused one too): candidates.services.candidate_step_back.
PAUSABLE = frozenset(
    {Candidate.Status.SUBMITTED, Candidate.Status.INCOMPLETE, Candidate.Status.ELIGIBLE}
)
WITHDRAWABLE = frozenset({Candidate.Status.DRAFT, *PAUSABLE, Candidate.Status.PAUSED})


class Document(models.Model):
    """A candidate's CV or proof of a social criterion, stored under a server-made name."""

    Kind = DocumentKind

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="documents", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "kind"], name="document_one_per_kind"),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.candidate}"


class StatusChange(models.Model):
    """One step of a candidate's dated history, shown to them in "Mon espace"."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="history", verbose_name=_("candidate")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Candidate.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Candidate.Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["candidate", "at"], name="statuschange_candidate_idx")]

    def __str__(self) -> str:
        if not self.from_status:
            return f"{self.candidate} – {self.get_to_status_display()}"
        return (
            f"{self.candidate} – {self.get_from_status_display()} → {self.get_to_status_display()}"
        )


class SensitiveAccess(models.Model):
    """A staff member read a candidate's sensitive fields or documents (DESIGN §10).

    Kept 12 months (``candidates.tasks.purge_sensitive_access_log``).
    """

    class What(models.TextChoices):
        PROFILE = "profile", _("Sensitive fields (birth date, address, social criteria)")
        DOCUMENT = "document", _("Document")
        EXPORT = "export", _("Data export")
        # A message of a mentorship's conversation, once a participant reported it.
        MESSAGE = "message", _("Reported message")

    RETENTION_DAYS = 365

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="sensitive_accesses",
        verbose_name=_("candidate"),
    )
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to sensitive data")
        verbose_name_plural = _("accesses to sensitive data")
        indexes = [
            # The 12-month purge and the log's date ordering.
            models.Index(fields=["at"], name="sensitiveaccess_at_idx"),
            models.Index(fields=["candidate", "at"], name="sensitiveaccess_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.candidate} – {self.get_what_display()}"


class CandidateToReview(Candidate):
    """Submitted files waiting for a staff decision: the admin's review queue."""

    class Meta:
        proxy = True
        verbose_name = _("file to review")
        verbose_name_plural = _("files to review")
