"""``python manage.py run_periodic_jobs``: run once, now, every job Celery beat schedules.

Under the embedded default (`make run`: SQLite, no broker) no beat runs, so nothing would
ever send the reminders, anonymise the files past retention or purge the logs. `make run`
calls this after seeding; run it again whenever you want the demo to catch up with a day.
It runs the very tasks of ``CELERY_BEAT_SCHEDULE``, in this process, in the schedule's order.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

SUMMARY = "Periodic jobs run once:"


class Command(BaseCommand):
    help = (
        "Run every periodic job of Celery beat once, in this process (reminders, purges, "
        "re-sending e-mails, the dashboard's figures): what beat would run over a day."
    )

    def handle(self, *args, **options) -> None:
        results = []
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            task = import_string(entry["task"])
            results.append((name, task.apply(throw=True).get()))
        # After the jobs: the e-mails they sent (the console backend) come before this summary.
        self.stdout.write(SUMMARY)
        for name, result in results:
            self.stdout.write(f"  {name}: {result}")
