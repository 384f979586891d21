"""Forms of the conversation: they validate and normalise; ``conversation`` writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from candidates.models import DocumentKind
from candidates.uploads import CheckedUpload, check_upload

from ..models import Message

# A message's document is checked as a proof document is: PDF, JPEG or PNG by content.
ATTACHMENT_KIND = DocumentKind.PROOF_QPV
ACCEPTED_TYPES = "application/pdf,image/jpeg,image/png"


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=Message.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write your message before sending it."),
            "max_length": _(
                "A message may hold up to %(limit_value)d characters (this one has "
                "%(show_value)d): split it in two."
            ),
        },
    )
    attachment = forms.FileField(
        label=_("Attach a document (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "message-%s")
        super().__init__(*args, **kwargs)

    def clean_attachment(self) -> CheckedUpload | None:
        file = self.cleaned_data.get("attachment")
        if not file:
            return None
        try:
            return check_upload(file, kind=ATTACHMENT_KIND)
        except ValidationError as error:
            if error.code == "file_type":
                raise ValidationError(
                    _(
                        "The document must be a PDF, JPEG or PNG file. This file's content "
                        "is none of these, whatever its name says."
                    ),
                    code="file_type",
                ) from None
            raise


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you report this message? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the regional team reads it."),
    )
