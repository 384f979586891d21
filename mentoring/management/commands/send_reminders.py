"""``python manage.py send_reminders [--dry-run]``: run the daily sweep now."""

from django.core.management.base import BaseCommand

from mentoring.followup import reminders


class Command(BaseCommand):
    help = "Send the reminders, check-ins and expiries due today (what Celery beat runs daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what is due; send and change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        for run in reminders.sweep(dry_run=dry_run):
            if dry_run:
                line = f"{run.rule.label}: {run.due} due (dry run, nothing sent)"
            else:
                line = f"{run.rule.label}: {run.acted} done of {run.due} due"
            self.stdout.write(line)
