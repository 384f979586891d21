from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from nqt.core.collation import french
from nqt.core.fields import HttpsURLField
from nqt.core.models import Region, Sector

from .validators import validate_siren


class CompanyQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> CompanyQuerySet:
        """Companies whose partnership lets them invite mentors on ``on``.

        ``Company.agreement_in_force`` is the same rule for a row already loaded; a test keeps
        the two in step.
        """
        return self.filter(
            models.Q(agreement_start__isnull=True) | models.Q(agreement_start__lte=on),
            models.Q(agreement_end__isnull=True) | models.Q(agreement_end__gte=on),
            partnership_status=Company.Partnership.ACTIVE,
        )


class Company(models.Model):
    """A partner company that lends mentors."""

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro-enterprise (fewer than 10 employees)")
        SME = "sme", _("SME (10 to 249 employees)")
        MIDCAP = "midcap", _("Mid-sized company (250 to 4,999 employees)")
        LARGE = "large", _("Large company (5,000 employees or more)")

    class Partnership(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Active partner")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    name = models.CharField(_("name"), max_length=200)
    siren = models.CharField(
        _("SIREN number"), max_length=9, unique=True, validators=[validate_siren]
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="companies", verbose_name=_("sector")
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="companies", verbose_name=_("region")
    )
    partnership_status = models.CharField(
        _("partnership"), max_length=10, choices=Partnership.choices, default=Partnership.PROSPECT
    )
    agreement_start = models.DateField(_("agreement start"), null=True, blank=True)
    agreement_end = models.DateField(_("agreement end"), null=True, blank=True)
    website = HttpsURLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = [french("name")]
        verbose_name = _("partner company")
        verbose_name_plural = _("partner companies")
        indexes = [
            models.Index(fields=["region", "partnership_status"], name="company_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(siren__regex=r"^[0-9]{9}$"), name="company_siren_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(agreement_start__isnull=True)
                | models.Q(agreement_end__isnull=True)
                | models.Q(agreement_end__gte=models.F("agreement_start")),
                name="company_agreement_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def agreement_in_force(self, on: datetime.date | None = None) -> bool:
        """Whether the partnership lets the company invite mentors on ``on`` (today).

        The rule of ``Company.objects.in_force(on)``, read from this row without a query.
        """
        on = on or timezone.localdate()
        return (
            self.partnership_status == self.Partnership.ACTIVE
            and (self.agreement_start is None or self.agreement_start <= on)
            and (self.agreement_end is None or on <= self.agreement_end)
        )


class CompanyContact(models.Model):
    """A company's HR or CSR person: invites mentors and follows the engagement."""

    class Role(models.TextChoices):
        HR = "hr", _("Human resources")
        CSR = "csr", _("Corporate social responsibility")
        MANAGEMENT = "management", _("Management")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="company_contact",
        verbose_name=_("account"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.HR)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")

    def __str__(self) -> str:
        return f"{self.user} ({self.company})"


# Neither accepted nor revoked: at most one per address and company, expired or not.
_UNANSWERED = models.Q(used_at__isnull=True, revoked_at__isnull=True)


def _open_at(now: datetime.datetime) -> models.Q:
    return _UNANSWERED & models.Q(expires_at__gt=now)


class InvitationQuerySet(models.QuerySet):
    """The invitation states as filters; ``Invitation.state`` is the same rule for one row."""

    def unanswered(self) -> InvitationQuerySet:
        return self.filter(_UNANSWERED)

    def open(self, now: datetime.datetime | None = None) -> InvitationQuerySet:
        """Invitations whose link still works at ``now``: the SENT state."""
        return self.filter(_open_at(now or timezone.now()))

    def state_counts(self, now: datetime.datetime | None = None) -> dict[str, int]:
        """How many invitations are in each state, keyed by state value, in one query."""
        now = now or timezone.now()
        state = Invitation.State
        return self.aggregate(
            **{
                state.SENT.value: models.Count("pk", filter=_open_at(now)),
                state.ACCEPTED.value: models.Count(
                    "pk", filter=models.Q(used_at__isnull=False, revoked_at__isnull=True)
                ),
                state.EXPIRED.value: models.Count(
                    "pk", filter=_UNANSWERED & models.Q(expires_at__lte=now)
                ),
                state.REVOKED.value: models.Count("pk", filter=models.Q(revoked_at__isnull=False)),
            }
        )


class Invitation(models.Model):
    """A single-use invitation bound to an e-mail address.

    Only the SHA-256 of the token is stored; the token itself travels in the e-mail.
    """

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Company contact")
        MENTOR = "mentor", _("Mentor")

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["company", "-created_at"], name="invitation_company_idx")]
        constraints = [
            # One open invitation per address and company (resending renews it).
            models.UniqueConstraint(
                "company",
                "kind",
                Lower("email"),
                condition=_UNANSWERED,
                name="invitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    @property
    def state(self) -> str:
        """The row's state; ``InvitationQuerySet`` filters by the same rule."""
        if self.revoked_at:
            return self.State.REVOKED
        if self.used_at:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.SENT

    @property
    def state_label(self) -> str:
        return self.State(self.state).label
