"""Forms of the mentor pages: they validate and normalise; services make the changes."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from nqt.core.models import Department, JobFamily, Language, Region, Sector

from . import services

CAPACITY_ERROR = _("Choose between 1 and 5 candidates at once.")
YEARS_ERROR = _("Enter a number of years between 0 and 60.")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it names when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MentorProfileForm(forms.Form):
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        help_text=_("For example: purchasing manager"),
        error_messages={"required": _("Enter your job title.")},
    )
    function = forms.ModelChoiceField(
        label=_("Function"),
        queryset=JobFamily.objects.all(),
        empty_label=_("Choose your function"),
        error_messages={"required": _("Choose your function.")},
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"),
        queryset=JobFamily.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you can help with besides your own function (optional)."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors of expertise"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector you know well.")},
    )
    years_of_experience = forms.IntegerField(
        label=_("Years of professional experience"),
        min_value=0,
        max_value=60,
        error_messages={
            "required": _("Enter your years of professional experience."),
            "invalid": YEARS_ERROR,
            "min_value": YEARS_ERROR,
            "max_value": YEARS_ERROR,
        },
        help_text=_(
            "The programme asks for at least 8 years; the regional team reviews every profile."
        ),
    )
    has_business_experience = forms.BooleanField(
        label=_("I have created or run a business"), required=False
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments where you can meet your mentees"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remote = forms.BooleanField(
        label=_("I can also mentor remotely (video or phone)"), required=False
    )
    capacity = forms.IntegerField(
        label=_("How many young graduates at once"),
        min_value=services.MIN_CAPACITY,
        max_value=services.MAX_CAPACITY,
        initial=2,
        error_messages={
            "required": CAPACITY_ERROR,
            "invalid": CAPACITY_ERROR,
            "min_value": CAPACITY_ERROR,
            "max_value": CAPACITY_ERROR,
        },
        help_text=_("From 1 to 5; most mentors accompany 1 or 2 people at a time."),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A few lines for the young graduate you will accompany: your path, what you enjoy "
            "passing on (1,000 characters at most)."
        ),
    )

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(region=region)
        self.fields["departments"].help_text = _(
            "Departments of %(region)s. Choose at least one, or tick remote mentoring."
        ) % {"region": region.name}

    @staticmethod
    def initial_from(mentor) -> dict:
        return {
            "job_title": mentor.job_title,
            "function": mentor.function_id,
            "expertise": list(mentor.expertise.all()),
            "sectors": list(mentor.sectors.all()),
            "years_of_experience": mentor.years_of_experience,
            "has_business_experience": mentor.has_business_experience,
            "departments": list(mentor.departments.all()),
            "remote": mentor.remote,
            "capacity": mentor.capacity,
            "languages": list(mentor.languages.all()),
            "bio": mentor.bio,
        }


class MentorOnboardingForm(MentorProfileForm):
    charter = forms.BooleanField(
        label=_("I have read the mentor charter and I commit to respect it"),
        error_messages={"required": _("Accept the mentor charter to become a mentor.")},
    )


class PauseForm(forms.Form):
    paused_until = forms.DateField(
        label=_("Pause new proposals until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose the date until which you pause."),
            "invalid": _("Enter a valid date, for example 31/12/2026."),
        },
        help_text=_("Your current mentees are not affected: only new proposals wait."),
    )

    def clean_paused_until(self) -> datetime.date:
        value = self.cleaned_data["paused_until"]
        try:
            services.check_pause(value, today=timezone.localdate())
        except ValidationError as error:
            raise ValidationError(error.message_dict["paused_until"]) from None
        return value


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The regional team reads it to find a better match; the candidate does not."),
        error_messages={"required": _("Please say in a few words why you decline.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please say in a few words why you decline."))
        return reason


# The reasons as the candidate gives them; staff read the model's wording ("Found a job on
# their own").
OWN_AWAY_REASONS = [
    (Candidate.AwayReason.JOB_FOUND, _("I found a job on my own")),
    (Candidate.AwayReason.MOVING_ABROAD, _("I am moving abroad")),
    (Candidate.AwayReason.NOT_AVAILABLE, _("I am not available for now")),
    (Candidate.AwayReason.OTHER, _("Another reason")),
]


class StepBackForm(forms.Form):
    """Why a candidate pauses or withdraws their application (the service checks the rest)."""

    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=OWN_AWAY_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("In a few words (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Set by the confirmation page: without it the view shows the confirmation first.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("reason") == Candidate.AwayReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Tell us in a few words why."))
        return data
