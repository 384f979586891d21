"""Forms of the candidate journey: sign-up, the application's steps, staff decisions.

Forms validate and normalise; the services in ``services.py`` make the changes. Each step form
hands the service its changes through ``changes()``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nqt.core.collation import french
from nqt.core.forms import first_name_field, last_name_field, normalise_spaces
from nqt.core.models import JobFamily, Language, Sector, User
from nqt.core.staff import manages_region

from . import eligibility, selectors, services, steps, uploads
from .models import Candidate, DocumentKind

Status = Candidate.Status

MIN_BIRTH_YEAR = 1900
MIN_AGE = 16
MAX_TARGET_SECTORS = 3
PROOF_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
CV_ACCEPT = ".pdf,application/pdf"

# The opening of a tag, or a control character.
_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

validate_postcode = RegexValidator(
    r"^\d{5}$", gettext_lazy("Enter a French postcode of five digits.")
)


def validate_plain_text(value: str) -> None:
    if _MARKUP.search(value or ""):
        raise ValidationError(
            gettext_lazy("Tags and control characters are not accepted: write plain text."),
            code="markup",
        )


class PlainTextField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validators=[validate_plain_text], **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(self.widget, forms.Textarea):
            return value.strip()
        return normalise_spaces(value)


def clean_department(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    """Put the department of the cleaned postcode in ``cleaned["department"]``.

    The department is never typed in: region scoping, eligibility and the KPIs read it, so it
    follows the postcode. A postcode of no department is an error on the postcode. Without a
    postcode, ``cleaned`` gets no department.
    """
    postcode = cleaned.get("postcode")
    if not postcode:
        return
    department = selectors.department_for_postcode(postcode)
    if department is None:
        form.add_error(
            "postcode", _("This postcode does not belong to a French department: check it.")
        )
    cleaned["department"] = department


# --- sign-up --------------------------------------------------------------------------------


class CandidateSignupForm(forms.Form):
    """Fields added to allauth's sign-up form: signing up is applying to the programme."""

    field_order = ["first_name", "last_name", "email", "password1", "password2", "consent"]

    first_name = first_name_field()
    last_name = last_name_field()
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": gettext_lazy(
                "To apply, you must accept that your data is used as the privacy notice says."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            _(
                'I have read the <a href="{url}">privacy notice</a> and accept that my data is '
                "used to process my application."
            ),
            url=reverse("privacy"),
        )

    def signup(self, request, user) -> None:
        services.candidate_register(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
        )


# --- the application's steps ----------------------------------------------------------------


class StepForm(forms.ModelForm):
    """A step of the application, bound to the candidate's own file.

    Once mentoring has started the step's eligibility data (``steps.ELIGIBILITY_FIELDS``) is
    settled: shown, but no longer editable.
    """

    required_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        self.candidate = candidate
        self.settled = candidate.status in services.ELIGIBILITY_LOCKED
        super().__init__(*args, instance=candidate, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True
        if self.settled:
            for name in self.fields:
                if name in steps.ELIGIBILITY_FIELDS:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Settled once your mentorship started: write to your regional team to "
                        "correct it."
                    )

    def changes(self) -> dict[str, Any]:
        return {"fields": {name: self.cleaned_data[name] for name in self._meta.fields}}


class IdentityForm(StepForm):
    first_name = first_name_field()
    last_name = last_name_field()
    postcode = forms.CharField(
        label=gettext_lazy("Postcode"),
        max_length=5,
        validators=[validate_postcode],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        help_text=gettext_lazy("For example: 67000"),
    )
    city = PlainTextField(
        label=gettext_lazy("City"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    required_fields = ("birth_date", "phone")

    class Meta:
        model = Candidate
        fields = ["birth_date", "phone", "postcode", "city"]
        widgets = {
            "birth_date": forms.DateInput(
                attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"
            ),
        }

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, candidate=candidate, **kwargs)
        self.fields["first_name"].initial = candidate.user.first_name
        self.fields["last_name"].initial = candidate.user.last_name
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].help_text = _("For example: 06 12 34 56 78")
        self.order_fields(["first_name", "last_name", "birth_date", "phone", "postcode", "city"])

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise ValidationError(_("The birth date cannot be in the future."), code="future")
        if birth_date.year < MIN_BIRTH_YEAR:
            raise ValidationError(_("Check the birth date: it is before 1900."), code="too_old")
        if eligibility.age_on(birth_date, today) < MIN_AGE:
            raise ValidationError(
                _("Check the birth date: it makes you younger than 16."), code="too_young"
            )
        return birth_date

    def clean(self):
        cleaned = super().clean()
        clean_department(self, cleaned)
        return cleaned

    def changes(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["department"] = self.cleaned_data["department"]
        return {
            "fields": fields,
            "user_fields": {
                "first_name": self.cleaned_data["first_name"],
                "last_name": self.cleaned_data["last_name"],
            },
        }


class ReferenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ReferenceMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class StudiesForm(StepForm):
    diploma_title = PlainTextField(label=gettext_lazy("Diploma title"), max_length=200)
    school = PlainTextField(label=gettext_lazy("School or university"), max_length=200)
    field_of_study = ReferenceChoiceField(
        label=gettext_lazy("Field of study"), queryset=JobFamily.objects.order_by(french("name"))
    )

    required_fields = ("diploma_level", "graduation_year")

    class Meta:
        model = Candidate
        fields = ["diploma_level", "diploma_title", "field_of_study", "school", "graduation_year"]
        widgets = {"graduation_year": forms.NumberInput(attrs={"min": 1950, "step": 1})}

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, candidate=candidate, **kwargs)
        self.fields["diploma_level"].help_text = _(
            "Your highest diploma obtained: Bac+3 is a licence or a bachelor, Bac+5 a master."
        )
        self.fields["graduation_year"].widget.attrs["max"] = timezone.localdate().year + 1

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        latest = timezone.localdate().year + 1
        if year > latest:
            raise ValidationError(
                _("The graduation year cannot be after %(year)d.") % {"year": latest},
                code="future",
            )
        return year


# The candidate's own wording of the answers (model labels are for staff, mentors, exports).
OWN_MOBILITY_LABELS = {
    Candidate.Mobility.DEPARTMENT: gettext_lazy("My department"),
    Candidate.Mobility.REGION: gettext_lazy("My region"),
    Candidate.Mobility.NATIONAL: gettext_lazy("All of France"),
    Candidate.Mobility.INTERNATIONAL: gettext_lazy("France and abroad"),
}


class ProjectForm(StepForm):
    target_sectors = ReferenceMultipleChoiceField(
        label=gettext_lazy("Target sectors"),
        queryset=Sector.objects.order_by(french("name")),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One to three sectors."),
        error_messages={"required": gettext_lazy("Choose at least one sector.")},
    )
    target_job_family = ReferenceChoiceField(
        label=gettext_lazy("Target function"),
        queryset=JobFamily.objects.order_by(french("name")),
        required=False,
    )
    target_job = PlainTextField(
        label=gettext_lazy("Target job"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: purchasing manager, data analyst"),
    )
    business_project = PlainTextField(
        label=gettext_lazy("Business project"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What you want to create, for whom, and where you stand today."),
    )
    languages = ReferenceMultipleChoiceField(
        label=gettext_lazy("Languages"),
        queryset=Language.objects.order_by(french("name")),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    required_fields = ("mobility",)

    class Meta:
        model = Candidate
        fields = [
            "project_type",
            "target_sectors",
            "target_job_family",
            "target_job",
            "business_project",
            "mobility",
            "languages",
            "linkedin_url",
        ]
        widgets = {"project_type": forms.RadioSelect}

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, candidate=candidate, **kwargs)
        self.fields["mobility"].choices = [
            (value, OWN_MOBILITY_LABELS.get(value, label))
            for value, label in self.fields["mobility"].choices
        ]
        self.fields["linkedin_url"].help_text = _(
            "Optional. For example: https://www.linkedin.com/in/your-name"
        )

    def clean_target_sectors(self):
        sectors = self.cleaned_data["target_sectors"]
        if len(sectors) > MAX_TARGET_SECTORS:
            raise ValidationError(_("Choose three sectors at most."), code="too_many")
        return sectors

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        if url:
            host = (urlsplit(url).hostname or "").lower()
            if host != "linkedin.com" and not host.endswith(".linkedin.com"):
                raise ValidationError(
                    _(
                        "Enter the address of your LinkedIn profile (https://www.linkedin.com/in/…)."
                    ),
                    code="not_linkedin",
                )
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("project_type") == Candidate.ProjectType.BUSINESS_CREATION:
            if not cleaned.get("business_project"):
                self.add_error("business_project", _("Describe your business project."))
        elif cleaned.get("project_type") == Candidate.ProjectType.JOB:
            if not cleaned.get("target_job_family"):
                self.add_error("target_job_family", _("Choose the function you aim for."))
            if not cleaned.get("target_job"):
                self.add_error("target_job", _("Name the job you are looking for."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        fields = changes["fields"]
        # Keep only the project the candidate chose (collect no more than needed).
        if fields["project_type"] == Candidate.ProjectType.JOB:
            fields["business_project"] = ""
        else:
            fields["target_job"] = ""
            fields["target_job_family"] = None
        return changes


def _existing_document_text(document) -> str:
    return _("Already sent: %(name)s (%(date)s). Choose a new file only to replace it.") % {
        "name": document.original_name,
        "date": timezone.localtime(document.uploaded_at).strftime("%d/%m/%Y"),
    }


class SocialCriteriaForm(StepForm):
    qpv_name = PlainTextField(
        label=gettext_lazy("Name of your neighbourhood (QPV)"), max_length=200, required=False
    )

    class Meta:
        model = Candidate
        fields = ["qpv", "qpv_name", "zrr", "boursier", "rsa"]
        # The candidate answers for themselves; the model's labels are staff's third person.
        labels = {
            "qpv": gettext_lazy("You live in a priority neighbourhood (QPV)"),
            "zrr": gettext_lazy("You live in a rural revitalisation zone (ZRR)"),
            "boursier": gettext_lazy("You held a scholarship on social criteria"),
            "rsa": gettext_lazy("You receive the RSA"),
        }

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        self.checked: dict[str, uploads.CheckedUpload] = {}
        super().__init__(*args, candidate=candidate, **kwargs)
        existing = {document.kind: document for document in candidate.documents.all()}
        fields = {}
        for criterion, kind in steps.PROOF_OF.items():
            field = self.fields[criterion]
            field.label = capfirst(field.label)
            fields[criterion] = field
            if criterion == "qpv":
                fields["qpv_name"] = self.fields["qpv_name"]
            help_text = _("PDF, JPEG or PNG, 5 MB at most.")
            if kind in existing:
                help_text = f"{_existing_document_text(existing[kind])} {help_text}"
            fields[kind] = forms.FileField(
                label=DocumentKind(kind).label,
                required=False,
                widget=forms.FileInput(attrs={"accept": PROOF_ACCEPT}),
                help_text=help_text,
                disabled=self.settled and kind in steps.ELIGIBILITY_DOCUMENTS,
            )
        self.fields = fields
        self.existing_kinds = set(existing)

    def _clean_proof(self, kind: str):
        upload = self.cleaned_data.get(kind)
        if upload:
            self.checked[kind] = uploads.check_upload(upload, kind=kind)
        return upload

    def clean_proof_qpv(self):
        return self._clean_proof(DocumentKind.PROOF_QPV)

    def clean_proof_zrr(self):
        return self._clean_proof(DocumentKind.PROOF_ZRR)

    def clean_proof_boursier(self):
        return self._clean_proof(DocumentKind.PROOF_BOURSIER)

    def clean_proof_rsa(self):
        return self._clean_proof(DocumentKind.PROOF_RSA)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("qpv"):
            if not cleaned.get("qpv_name"):
                self.add_error("qpv_name", _("Give the name of your neighbourhood."))
        else:
            cleaned["qpv_name"] = ""
        for criterion, kind in steps.PROOF_OF.items():
            if cleaned.get(kind) and not cleaned.get(criterion):
                self.add_error(
                    kind, _("Tick the criterion this document proves, or leave the file out.")
                )
        return cleaned

    def changes(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        unticked = [kind for criterion, kind in steps.PROOF_OF.items() if not fields[criterion]]
        return {
            "fields": fields,
            "documents": dict(self.checked),
            # A proof of a criterion no longer declared is not kept.
            "remove_documents": unticked,
        }


class CVForm(forms.Form):
    cv = forms.FileField(
        label=gettext_lazy("CV"),
        widget=forms.FileInput(attrs={"accept": CV_ACCEPT}),
    )

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.checked: uploads.CheckedUpload | None = None
        existing = next(
            (doc for doc in candidate.documents.all() if doc.kind == DocumentKind.CV), None
        )
        help_text = _("PDF only, 5 MB at most.")
        if existing is not None:
            self.fields["cv"].required = False
            help_text = f"{_existing_document_text(existing)} {help_text}"
        self.fields["cv"].help_text = help_text
        self.fields["cv"].error_messages["required"] = _("Choose your CV (a PDF file).")

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if upload:
            self.checked = uploads.check_upload(upload, kind=DocumentKind.CV)
        return upload

    def changes(self) -> dict[str, Any]:
        return {"documents": {DocumentKind.CV: self.checked} if self.checked else {}}


STEP_FORMS: dict[str, type[forms.Form]] = {
    steps.IDENTITY: IdentityForm,
    steps.STUDIES: StudiesForm,
    steps.PROJECT: ProjectForm,
    steps.SOCIAL: SocialCriteriaForm,
    steps.CV: CVForm,
}


# --- staff ----------------------------------------------------------------------------------


class CandidateAdminForm(forms.ModelForm):
    """The admin's change form of a file: the department is read-only and follows the postcode.

    The admin sets ``staff_user``: a postcode must stay in the regions they manage.
    """

    staff_user: User | None = None

    postcode = forms.CharField(
        label=gettext_lazy("Postcode"), max_length=5, required=False, validators=[validate_postcode]
    )

    class Meta:
        model = Candidate
        # The admin passes the editable fields of its fieldsets; the department is not one.
        fields = ["postcode"]

    def clean(self):
        cleaned = super().clean()
        clean_department(self, cleaned)
        department = cleaned.get("department")
        if (
            department is not None
            and self.staff_user is not None
            and not manages_region(
                self.staff_user, department.region_id, perm="candidates.change_candidate"
            )
        ):
            self.add_error(
                "postcode", _("This postcode belongs to a department outside your regions.")
            )
        return cleaned


DECISION_CHOICES = [
    (Status.ELIGIBLE, gettext_lazy("Eligible")),
    (Status.INELIGIBLE, gettext_lazy("Ineligible")),
    (Status.INCOMPLETE, gettext_lazy("Incomplete: a document is missing")),
]


class _DocumentRequestForm(forms.Form):
    """What a decision and a revision share: the missing document, required (and kept) only
    when the file is found incomplete. Subclasses declare ``decision``, shown first."""

    field_order = ["decision", "requested_document"]
    requested_document = forms.ChoiceField(
        label=gettext_lazy("Missing document"),
        choices=[("", "---------"), *DocumentKind.choices],
        required=False,
        help_text=gettext_lazy("Required when the file is incomplete."),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == Status.INCOMPLETE and not cleaned.get("requested_document"):
            self.add_error("requested_document", _("Say which document is missing."))
        if decision != Status.INCOMPLETE:
            cleaned["requested_document"] = ""
        return cleaned


class DecisionForm(_DocumentRequestForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason or note to the candidate"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "Required when the file is ineligible. The candidate reads it in their space and in "
            "the e-mail."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        if cleaned.get("decision") == Status.INELIGIBLE and not cleaned["reason"]:
            self.add_error("reason", _("Give the reason for ineligibility."))
        return cleaned


REVISION_CHOICES = [
    (Status.ELIGIBLE, gettext_lazy("Eligible")),
    (Status.INCOMPLETE, gettext_lazy("Incomplete: a document is missing")),
]


class RevisionForm(_DocumentRequestForm):
    """Revise a refusal (``services.candidate_revise_decision``); used with a prefix so its
    fields never pass for the decision form's."""

    decision = forms.ChoiceField(
        label=gettext_lazy("New decision"),
        choices=REVISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the new decision.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Why the decision is revised"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=gettext_lazy(
            "Required. Kept in the file's history; the candidate reads it in their space and "
            "in the e-mail."
        ),
        error_messages={"required": gettext_lazy("Explain why the decision is revised.")},
    )


class BulkIneligibleForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for ineligibility"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Sent to every selected candidate."),
        error_messages={"required": gettext_lazy("Give the reason for ineligibility.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for ineligibility."))
        return reason


class BulkIncompleteForm(forms.Form):
    requested_document = forms.ChoiceField(
        label=gettext_lazy("Missing document"),
        choices=[("", "---------"), *DocumentKind.choices],
        error_messages={"required": gettext_lazy("Say which document is missing.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Note to the candidates"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
