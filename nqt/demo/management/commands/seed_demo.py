"""``python manage.py seed_demo``: load the Grand Est demo data and print the demo logins."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nqt.core.models import Region
from nqt.demo import data as demo


class Command(BaseCommand):
    help = (
        "Load demo data for the Grand Est region (companies, mentors, the 2017 cohort and "
        "current candidates) and one login per role. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data: DEBUG is off, so this may be a production "
                "database. Pass --force if you really mean it."
            )
        if demo.demo_data_present():
            self.stdout.write("Demo data is already loaded; nothing to do.")
        else:
            self.stdout.write("Loading the Grand Est demo data…")
            started = time.monotonic()
            try:
                demo.seed_demo(progress=lambda line: self.stdout.write(f"  {line}"))
            except Region.DoesNotExist:
                raise CommandError(
                    "The Grand Est region is missing: run `python manage.py migrate` first, "
                    "it loads the reference data."
                ) from None
            elapsed = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
        self.stdout.write("")
        self.stdout.write("Demo logins (all seeded e-mail addresses end in @demo.example.org):")
        for login in demo.DEMO_LOGINS:
            self.stdout.write(f"  {login.role}: {login.email} / {demo.DEMO_PASSWORD}")
