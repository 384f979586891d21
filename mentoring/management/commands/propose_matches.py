"""``python manage.py propose_matches --region grand-est [--dry-run] [--format json]``.

Solves the batch assignment for a region's eligible candidates waiting for a mentor. Without
``--dry-run`` the pairs are saved as drafts for staff to review and send in the admin; with it
nothing is written.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring import services
from mentoring.matching import batch
from nqt.core.models import Region


class Command(BaseCommand):
    help = "Draft the optimal candidate–mentor pairs of a region (staff send them from the admin)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--region", required=True, help="Region slug, e.g. grand-est.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the draft and write nothing."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, region: str, dry_run: bool, format: str, **options) -> None:
        try:
            region_obj = Region.objects.get(slug=region)
        except Region.DoesNotExist:
            slugs = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Unknown region {region!r}. Known regions: {slugs}.") from None
        today = timezone.localdate()
        if format == "text":
            self.stderr.write(f"Scoring the candidates and mentors of {region_obj.name}…")
        if dry_run:
            pairs = batch.draft_pairs(batch.region_pool(region_obj, today=today))
        else:
            pairs = services.drafts_prepare(region=region_obj, today=today)
        if format == "json":
            self.stdout.write(json.dumps([pair.as_dict() for pair in pairs], indent=2))
            return
        total = sum(pair.score for pair in pairs)
        self.stdout.write(f"Pairs: {len(pairs)}, total score {total:.1f}.")
        for pair in pairs:
            self.stdout.write(
                f"  candidate {pair.candidate_id:>6} → mentor {pair.mentor_id:>6}  "
                f"{pair.score:5.1f}"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
        else:
            self.stdout.write(
                "Saved as drafts: review and send them in the admin "
                "(Parrainages, statut Brouillon)."
            )
