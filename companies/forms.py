"""Forms of the company pages and admin: they validate and normalise, nothing more."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from nqt.core.forms import first_name_field, last_name_field
from nqt.core.models import User

from .models import Company
from .validators import validate_siren


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address of the person to invite."),
            "invalid": _("Enter a valid e-mail address, for example prenom.nom@entreprise.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("For example: prenom.nom@entreprise.fr"),
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])


class InvitationAccountForm(forms.Form):
    """The account of an invited person: the address comes from the invitation, not from here."""

    first_name = first_name_field(error_messages={"required": _("Enter your first name.")})
    last_name = last_name_field(error_messages={"required": _("Enter your last name.")})
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Choose a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not too common and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        error_messages={"required": _("Type the password a second time.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            probe = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user=probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SirenField(forms.CharField):
    """A SIREN typed as printed on a Kbis ("552 100 554") is stored as its nine digits."""

    default_validators = [validate_siren]

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"[\s.\-]", "", value)


class CompanyAdminForm(forms.ModelForm):
    siren = SirenField(
        label=_("SIREN number"),
        help_text=_(
            "9 digits, spaces allowed, as on the Kbis or annuaire-entreprises.data.gouv.fr. "
            "For example: 552 100 554"
        ),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "siren",
            "sector",
            "size",
            "region",
            "website",
            "partnership_status",
            "agreement_start",
            "agreement_end",
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("agreement_start"), cleaned.get("agreement_end")
        if start and end and end < start:
            self.add_error(
                "agreement_end", _("The agreement cannot end before it starts: check both dates.")
            )
        return cleaned
