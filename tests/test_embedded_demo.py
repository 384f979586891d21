"""`make run`'s site: the embedded SQLite database with the demo data serves the staff's pages,
and beat's periodic jobs, run once after seeding, leave nothing past its retention.

The rest of the suite runs on PostgreSQL; the raw SQL of the matching and the KPI queries
must also run on SQLite, which a newcomer's first `make run` uses. This test runs the demo
in a process of its own on a fresh SQLite file and opens the pages that depend on them.
"""

from __future__ import annotations

import json

from tests.support.processes import run_on_embedded_sqlite

SCRIPT = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

setup_test_environment()
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)

import io
from candidates.models import Candidate
from candidates.services import expired_candidate_ids

expired_after_seed = len(expired_candidate_ids())
jobs = io.StringIO()
call_command("run_periodic_jobs", stdout=jobs)
jobs_summary = jobs.getvalue().split("Periodic jobs run once:")[1]
figures = io.StringIO()
call_command("kpis", "--region", "grand-est", "--year", "2017", "--format", "json", stdout=figures)
figures = json.loads(figures.getvalue())

from candidates.models import Candidate
from mentoring.matching.ranking import rank_mentors
from nqt.core.models import User

candidate = Candidate.objects.filter(status=Candidate.Status.ELIGIBLE).first()
staff = Client()
staff.force_login(User.objects.get(email="staff-grand-est@demo.example.org"))
admin = Client()
admin.force_login(User.objects.get(email="admin@demo.example.org"))
pages = {
    "dashboard": (staff, "/tableau-de-bord/"),
    "dashboard 2017": (staff, "/tableau-de-bord/?annee=2017"),
    "dashboard, country": (admin, "/tableau-de-bord/"),
    "funder report": (staff, reverse("impact:funder_report") + "?annee=2017"),
    "mentorships": (staff, reverse("admin:mentoring_mentorship_changelist")),
    "needing attention": (
        staff, reverse("admin:mentoring_mentorship_changelist") + "?attention=all"
    ),
    "suggestions": (
        staff, reverse("admin:mentoring_candidatetomatch_suggestions", args=[candidate.pk])
    ),
    "batch proposals": (staff, reverse("admin:mentoring_candidatetomatch_batch")),
}
print(json.dumps({
    "expired_after_seed": expired_after_seed,
    "expired_after_jobs": len(expired_candidate_ids()),
    "anonymised": Candidate.objects.filter(anonymised_at__isnull=False).count(),
    "jobs": jobs_summary,
    "started_2017": figures["mentorships_started"],
    "success_2017": figures["success"]["rate"],
    "ranked": len(rank_mentors(candidate)),
    "pages": {name: client.get(url).status_code for name, (client, url) in pages.items()},
}))
"""


def test_the_demo_serves_the_staff_pages_on_the_embedded_sqlite_database(tmp_path):
    result = run_on_embedded_sqlite(SCRIPT, tmp_path / "db.sqlite3", timeout=300)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["ranked"] > 0
    # `make run` runs beat's jobs once after seeding: the purge anonymises the 2017 cohort,
    # past its retention, and nothing else; the figures stay (anonymous statistics).
    assert outcome["expired_after_seed"] == 208
    assert outcome["expired_after_jobs"] == 0
    assert outcome["anonymised"] == 208
    for job in ("purge-expired-candidates", "mentoring-daily-sweep", "purge-auth-events"):
        assert f"{job}: " in outcome["jobs"]
    assert outcome["started_2017"] == 208
    assert outcome["success_2017"] == 0.7115
    assert outcome["pages"] == dict.fromkeys(outcome["pages"], 200)
