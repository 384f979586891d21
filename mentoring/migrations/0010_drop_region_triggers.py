"""Drop the triggers that kept Mentorship.region (0006 installed them until the model took over
the column); harmless on a database that never had them."""

from django.db import migrations

POSTGRES = [
    "DROP TRIGGER IF EXISTS mentorship_set_region ON mentoring_mentorship",
    "DROP TRIGGER IF EXISTS candidate_move_mentorships ON candidates_candidate",
    "DROP FUNCTION IF EXISTS mentorship_set_region()",
    "DROP FUNCTION IF EXISTS candidate_move_mentorships()",
]
SQLITE = [
    "DROP TRIGGER IF EXISTS mentorship_set_region",
    "DROP TRIGGER IF EXISTS mentorship_change_candidate",
    "DROP TRIGGER IF EXISTS candidate_move_mentorships",
]


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0003_kpi_indexes"),
        ("mentoring", "0009_mentor_remote_pool_idx"),
    ]

    operations = [migrations.RunPython(drop_triggers, migrations.RunPython.noop)]
