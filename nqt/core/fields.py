from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms complete a bare domain with https:// (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
