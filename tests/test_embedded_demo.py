"""`make run`'s site: the embedded SQLite database with the demo data serves the staff's pages.

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
    "ranked": len(rank_mentors(candidate)),
    "pages": {name: client.get(url).status_code for name, (client, url) in pages.items()},
}))
"""


def test_the_demo_serves_the_staff_pages_on_the_embedded_sqlite_database(tmp_path):
    result = run_on_embedded_sqlite(SCRIPT, tmp_path / "db.sqlite3", timeout=300)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["ranked"] > 0
    assert outcome["pages"] == dict.fromkeys(outcome["pages"], 200)
