from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import roles
from .collation import french


class DiplomaLevel(models.IntegerChoices):
    """Years of higher education after the baccalauréat; a doctorate counts as Bac+8."""

    BAC3 = 3, _("Bac+3")
    BAC4 = 4, _("Bac+4")
    BAC5 = 5, _("Bac+5")
    DOCTORATE = 8, _("Doctorate")


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    min_diploma_level = models.PositiveSmallIntegerField(
        _("minimum diploma level"), choices=DiplomaLevel.choices, default=DiplomaLevel.BAC3
    )

    class Meta:
        ordering = [french("name")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("region")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class ReferenceItem(models.Model):
    """A value of a shared vocabulary, named in French and in English."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True
        ordering = [french("name")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name


class Sector(ReferenceItem):
    """Business sector: a company's, a mentor's expertise, a candidate's target."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class JobFamily(ReferenceItem):
    """Function or job family; also used as field of study so both can be compared."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("function")
        verbose_name_plural = _("functions")


class Language(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email=self.normalize_email(username))

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Their role follows from the profile they have (DESIGN §4)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Regional staff and national admins can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    managed_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="staff_members",
        verbose_name=_("managed regions"),
        help_text=_("Regions whose candidates, companies and mentors this staff member manages."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Optional reminders this person does not want by e-mail (they still appear in the site).
    muted_email_kinds = models.JSONField(
        _("reminders not sent by e-mail"), default=list, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = User.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this user holds: profile roles registered by the apps, plus staff/admin."""
        return roles.roles_of(self)

    @property
    def is_national_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @cached_property
    def managed_region_ids(self) -> frozenset[int]:
        if not (self.is_active and self.is_staff):
            return frozenset()
        if self.is_superuser:
            return frozenset(Region.objects.values_list("pk", flat=True))
        return frozenset(self.managed_regions.values_list("pk", flat=True))


class Notification(models.Model):
    """An in-app message and its e-mail outbox entry, written with the change that caused it.

    The row is the source of truth for delivery (DESIGN §7): the e-mail task claims it with a
    conditional update, and a periodic task re-sends rows still pending.
    """

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        NONE = "none", _("No e-mail")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(_("shown in the site"), default=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    # NULL, not "": most notifications have no key and NULLs never collide in a unique index.
    dedup_key = models.CharField(
        _("deduplication key"), max_length=255, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    email_status = models.CharField(
        _("e-mail status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The notification centre: a recipient's in-app messages, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_idx"),
            # The periodic resend: rows whose e-mail is still waiting or stuck sending.
            models.Index(
                fields=["created_at"],
                name="notif_unsent_idx",
                condition=models.Q(email_status__in=["pending", "sending"]),
            ),
            models.Index(fields=["content_type", "object_id"], name="notif_about_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email_status="pending") | ~models.Q(email=""),
                name="notif_pending_has_address",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AuthEvent(models.Model):
    """A sign-in, a failed one, a lock-out, a sign-out, a change of password, e-mail address
    or second factor, a deactivation or an erasure (DESIGN §10): who (the user's id, when the
    account is known), what, when and from which address. Never a password or an e-mail
    address. Kept 12 months (``nqt.core.tasks.purge_auth_events``)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Sign-in refused after too many failures")
        LOGOUT = "logout", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGED = "email_changed", _("E-mail addresses changed")
        SECOND_FACTOR_CHANGED = "second_factor_changed", _("Second factor changed")
        DEACTIVATED = "deactivated", _("Account deactivated")
        ERASED = "erased", _("Account erased")

    RETENTION_DAYS = 365

    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("authentication event")
        verbose_name_plural = _("authentication events")
        indexes = [
            # The 12-month purge and the log's date ordering.
            models.Index(fields=["at"], name="authevent_at_idx"),
            models.Index(fields=["user", "at"], name="authevent_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.user_id or '?'}"
