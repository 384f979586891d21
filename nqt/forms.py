"""Forms of the project's own pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from nqt.core.models import User


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone: the person confirms with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password


class EmailPreferencesForm(forms.Form):
    """Which optional reminders arrive by e-mail (all of them stay in the site)."""

    emailed = forms.MultipleChoiceField(
        label=_("Send me these reminders by e-mail"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, kinds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["emailed"].choices = [(kind.code, kind.label) for kind in kinds]
