"""Every change to mentors (and, later, mentorships) goes through these functions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from companies.models import Invitation
from nqt.core import notifications
from nqt.core.models import Department, JobFamily, Language, Sector

from .. import rules
from ..models import Mentor, Mentorship
from . import proposals

if TYPE_CHECKING:
    from nqt.core.models import User

MAX_PAUSE_DAYS = rules.MAX_PAUSE_DAYS
MIN_CAPACITY, MAX_CAPACITY = 1, 5


def _active_load(mentor: Mentor) -> int:
    return Mentorship.objects.filter(mentor=mentor, status__in=rules.LOAD_STATUSES).count()


def _check_profile(
    *,
    capacity: int,
    years_of_experience: int,
    departments: Iterable[Department],
    remote: bool,
    region_id: int,
    load: int = 0,
) -> None:
    errors: dict[str, list[str]] = {}
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        errors["capacity"] = [_("Choose between 1 and 5 candidates at once.")]
    elif capacity < load:
        errors["capacity"] = [
            ngettext(
                "You accompany %(load)d person at the moment: your capacity cannot be lower. "
                "It will apply to the next proposals once a mentorship ends.",
                "You accompany %(load)d people at the moment: your capacity cannot be lower. "
                "It will apply to the next proposals once a mentorship ends.",
                load,
            )
            % {"load": load}
        ]
    if not 0 <= years_of_experience <= 60:
        errors["years_of_experience"] = [_("Enter a number of years between 0 and 60.")]
    departments = list(departments)
    if not departments and not remote:
        errors["departments"] = [
            _("Choose at least one department, or say that you can mentor remotely.")
        ]
    if any(department.region_id != region_id for department in departments):
        errors["departments"] = [_("Choose departments of your region.")]
    if errors:
        raise ValidationError(errors)


def _notify_staff_of_new_mentor(mentor: Mentor) -> None:
    notifications.notify_many(
        recipients=notifications.staff_of_region(mentor.region_id),
        kind="mentor_awaiting_activation",
        context={
            "mentor_name": mentor.user.get_full_name() or mentor.user.email,
            "company": mentor.company.name,
            "job_title": mentor.job_title,
            "years": mentor.years_of_experience,
            "flagged": mentor.experience_flagged,
            "minimum_years": Mentor.MIN_YEARS_OF_EXPERIENCE,
        },
        about=mentor,
        url=reverse("admin:mentoring_mentor_change", args=[mentor.pk]),
        dedup_prefix=f"mentor-awaiting-activation:{mentor.pk}",
    )


@transaction.atomic
def mentor_onboard(
    *,
    user: User,
    invitation: Invitation,
    job_title: str,
    function: JobFamily,
    expertise: Iterable[JobFamily],
    sectors: Iterable[Sector],
    years_of_experience: int,
    has_business_experience: bool,
    departments: Iterable[Department],
    remote: bool,
    capacity: int,
    languages: Iterable[Language],
    bio: str,
    charter_accepted: bool,
) -> Mentor:
    """Create the mentor profile of a colleague who accepted their company's invitation.

    The mentor waits for activation by the staff of the company's region, who are told (and
    warned when the experience is under the programme's minimum).
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    )
    if (
        invitation.kind != Invitation.Kind.MENTOR
        or invitation.accepted_by_id != user.pk
        or invitation.used_at is None
    ):
        raise ValidationError(_("This invitation does not let you create a mentor profile."))
    if Mentor.objects.filter(user=user).exists():
        raise ValidationError(_("Your mentor profile already exists."), code="exists")
    if not charter_accepted:
        raise ValidationError({"charter": [_("Accept the mentor charter to become a mentor.")]})
    company = invitation.company
    departments = list(departments)
    _check_profile(
        capacity=capacity,
        years_of_experience=years_of_experience,
        departments=departments,
        remote=remote,
        region_id=company.region_id,
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            mentor = Mentor.objects.create(
                user=user,
                company=company,
                region_id=company.region_id,
                status=Mentor.Status.PENDING,
                job_title=job_title.strip(),
                function=function,
                years_of_experience=years_of_experience,
                has_business_experience=has_business_experience,
                remote=remote,
                capacity=capacity,
                bio=bio.strip(),
                charter_signed_at=now,
                created_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("Your mentor profile already exists."), code="exists") from None
    mentor.expertise.set(expertise)
    mentor.sectors.set(sectors)
    mentor.departments.set(departments)
    mentor.languages.set(languages)
    _notify_staff_of_new_mentor(mentor)
    return mentor


@transaction.atomic
def mentor_update_profile(
    *,
    mentor: Mentor,
    job_title: str,
    function: JobFamily,
    expertise: Iterable[JobFamily],
    sectors: Iterable[Sector],
    years_of_experience: int,
    has_business_experience: bool,
    departments: Iterable[Department],
    remote: bool,
    capacity: int,
    languages: Iterable[Language],
    bio: str,
) -> Mentor:
    """The mentor edits their own profile and capacity."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    departments = list(departments)
    _check_profile(
        capacity=capacity,
        years_of_experience=years_of_experience,
        departments=departments,
        remote=remote,
        region_id=mentor.region_id,
        load=_active_load(mentor),
    )
    mentor.job_title = job_title.strip()
    mentor.function = function
    mentor.years_of_experience = years_of_experience
    mentor.has_business_experience = has_business_experience
    mentor.remote = remote
    mentor.capacity = capacity
    mentor.bio = bio.strip()
    mentor.save(
        update_fields=[
            "job_title",
            "function",
            "years_of_experience",
            "has_business_experience",
            "remote",
            "capacity",
            "bio",
        ]
    )
    mentor.expertise.set(expertise)
    mentor.sectors.set(sectors)
    mentor.departments.set(departments)
    mentor.languages.set(languages)
    return mentor


def check_pause(paused_until: datetime.date, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if paused_until <= today:
        raise ValidationError(
            {"paused_until": [_("Choose a date after today to pause your availability.")]}
        )
    if paused_until > today + datetime.timedelta(days=MAX_PAUSE_DAYS):
        raise ValidationError(
            {
                "paused_until": [
                    _(
                        "A pause lasts one year at most. To stop for longer, tell the "
                        "association's regional team."
                    )
                ]
            }
        )


@transaction.atomic
def mentor_set_pause(*, mentor: Mentor, paused_until: datetime.date | None) -> Mentor:
    """Pause new proposals until a date (current mentees are not affected), or resume."""
    if paused_until is not None:
        check_pause(paused_until)
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    mentor.paused_until = paused_until
    mentor.save(update_fields=["paused_until"])
    return mentor


@transaction.atomic
def mentor_activate(*, mentor: Mentor, by: User) -> Mentor:
    """Staff let a mentor receive proposals; the mentor is told after commit."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.status == Mentor.Status.ACTIVE:
        raise ValidationError(_("This mentor is already active."), code="already_active")
    if mentor.charter_signed_at is None:
        raise ValidationError(
            _("This mentor has not accepted the charter yet."), code="charter_missing"
        )
    mentor.status = Mentor.Status.ACTIVE
    mentor.activated_at = timezone.now()
    mentor.activated_by = by
    mentor.save(update_fields=["status", "activated_at", "activated_by"])
    notifications.notify(
        recipient=mentor.user,
        kind="mentor_activated",
        context={"mentor": mentor},
        about=mentor,
        url=reverse("mentoring:mentor_space"),
    )
    return mentor


@transaction.atomic
def mentor_deactivate(*, mentor: Mentor, by: User) -> Mentor:
    """Staff stop proposals to a mentor who left or no longer fits the programme.

    The proposals still waiting for the mentor's answer are withdrawn and their batch
    suggestions dropped in the same transaction, so none can be accepted afterwards (the
    candidates go back to the matching queue). The mentor is told once, after commit, with
    the proposals withdrawn, rather than once per proposal.
    """
    # The mentor's lock comes first, as in proposing and accepting: no proposal can be made
    # or accepted while the waiting ones are withdrawn.
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.status == Mentor.Status.INACTIVE:
        raise ValidationError(_("This mentor is already inactive."), code="already_inactive")
    if _active_load(mentor):
        raise ValidationError(
            _("This mentor accompanies candidates: end or hand over those mentorships first."),
            code="has_mentees",
        )
    mentor.status = Mentor.Status.INACTIVE
    mentor.save(update_fields=["status"])
    waiting = (
        Mentorship.objects.filter(
            mentor=mentor, status__in=[Mentorship.Status.PROPOSED, Mentorship.Status.DRAFT]
        )
        .select_related("candidate__user")
        .order_by("proposed_at", "pk")
    )
    withdrawn = []
    for mentorship in waiting:
        if mentorship.status == Mentorship.Status.PROPOSED:
            withdrawn.append(mentorship.candidate.user.first_name)
        proposals.mentorship_cancel(mentorship=mentorship, by=by, tell_mentor=False)
    notifications.notify(
        recipient=mentor.user,
        kind="mentor_deactivated",
        context={
            "mentor": mentor,
            "withdrawn_names": withdrawn,
            # "Inès et Omar", in the recipient's language (lazy: the e-mail is rendered in it).
            "withdrawn_list": get_text_list(withdrawn, gettext_lazy("and")),
            "contact_email": settings.LEGAL["contact_email"],
        },
        about=mentor,
        url=reverse("mentoring:mentor_space"),
    )
    return mentor
