"""Forms of the shared mentorship page: they validate and normalise; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Introduction, Meeting, Mentorship, Outcome

DURATION_CHOICES = [
    (15, _("15 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
]


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=60
    )
    mode = forms.ChoiceField(label=_("How"), choices=Meeting.Mode.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Meeting.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Short note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen by both of you and by the regional team."),
    )


class IntroductionForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    contact_company = forms.CharField(label=_("Company"), max_length=200)
    contact_role = forms.CharField(
        label=_("Role of the contact"),
        max_length=200,
        help_text=_("Their job, not their name. For example: recruitment manager"),
    )
    result = forms.ChoiceField(label=_("Result"), choices=Introduction.Result.choices)
    notes = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntroductionResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Introduction.Result.choices)


class CheckInForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How is the mentorship going?"),
        choices=[
            (1, _("1 – badly")),
            (2, _("2")),
            (3, _("3 – fairly well")),
            (4, _("4")),
            (5, _("5 – very well")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("In a few words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs_help = forms.BooleanField(
        label=_("We need help from the regional team"),
        required=False,
        help_text=_("The regional team is told at once and contacts you."),
    )


class OutcomeForm(forms.Form):
    contract_type = forms.ChoiceField(label=_("Situation"), choices=Outcome.ContractType.choices)
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("For example: purchasing manager"),
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    at_level = forms.BooleanField(
        label=_("The job is at the level of the diploma (executive or equivalent)"),
        required=False,
    )
    through_network = forms.BooleanField(
        label=_("Found through the mentor's network"), required=False
    )


class InterruptForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the mentorship stop?"),
        choices=[
            (value, label)
            for value, label in Mentorship.EndReason.choices
            if value != Mentorship.EndReason.JOB_FOUND
        ],
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DurabilityForm(forms.Form):
    still_employed = forms.TypedChoiceField(
        label=_("Do you still hold this job?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
