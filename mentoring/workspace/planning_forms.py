"""Forms of the planned meetings: they validate and normalise; ``planning`` makes the changes."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..followup.forms import DURATION_CHOICES
from ..models import Meeting, PlannedMeeting
from . import planning


class PlannedMeetingForm(forms.Form):
    """A time and a way to meet: a proposal, a counter-proposal or a new time."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the day."), "invalid": _("Enter a valid date.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"],
        error_messages={"required": _("Choose the time."), "invalid": _("Enter a valid time.")},
        help_text=_("Paris time."),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        choices=DURATION_CHOICES,
        coerce=int,
        initial=60,
        error_messages={"invalid_choice": _("A meeting lasts between 15 minutes and 4 hours.")},
    )
    mode = forms.ChoiceField(
        label=_("How"),
        choices=Meeting.Mode.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Mode.IN_PERSON,
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("In person: the address or the café. For example: Café du Théâtre, Metz"),
    )
    video_url = forms.CharField(
        label=_("Video call link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
        help_text=_("By video: the link, starting with https://"),
    )
    note = forms.CharField(
        label=_("Short note"),
        max_length=PlannedMeeting.NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. For example: bring your CV printed."),
    )

    def clean_video_url(self) -> str:
        url = self.cleaned_data["video_url"].strip()
        if url:
            try:
                forms.URLField(assume_scheme="https").clean(url)
            except ValidationError:
                raise ValidationError(_("Enter a valid link, starting with https://.")) from None
        return url

    def clean(self):
        data = super().clean()
        day, time = data.get("date"), data.get("time")
        if day is None or time is None:
            return data
        # The site's time zone: a time skipped by the spring change (02:30 on the last Sunday
        # of March) moves forward an hour, as calendar applications do.
        starts_at = timezone.make_aware(datetime.datetime.combine(day, time))
        try:
            slot = planning.check_slot(
                starts_at=starts_at,
                duration_minutes=data.get("duration_minutes") or 0,
                mode=data.get("mode") or "",
                place=data.get("place", ""),
                video_url=data.get("video_url", ""),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, errors)
            return data
        data.update(slot)
        return data

    def service_kwargs(self) -> dict:
        """What the services take from the cleaned form."""
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("starts_at", "duration_minutes", "mode", "place", "video_url", "note")
        }

    @classmethod
    def initial_from(cls, planned: PlannedMeeting) -> dict:
        local = timezone.localtime(planned.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": planned.duration_minutes,
            "mode": planned.mode,
            "place": planned.place,
            "video_url": planned.video_url,
        }
