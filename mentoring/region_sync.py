"""``Mentorship.region`` is kept equal to its candidate's region by the database itself.

Two triggers do it, whatever writes the rows (the ORM, ``bulk_create``, ``QuerySet.update``, the
admin, raw SQL):

- on insert into ``mentoring_mentorship``, the region is read from the candidate's department;
- when a candidate's department changes, their mentorships follow.

PostgreSQL (production, tests) and SQLite (the embedded default) each get their own dialect.
``install`` is idempotent: migration 0006 calls it and, on SQLite, so does every ``migrate``
(post_migrate), because SQLite drops a table's triggers when a later migration rebuilds it.
Bulk loads that disable triggers (the national benchmark's COPY) write the column themselves.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

# Plain literals (no string building): every statement reads as it runs.
FILL = """
UPDATE mentoring_mentorship SET region_id = (
    SELECT d.region_id FROM candidates_candidate c
    JOIN core_department d ON d.id = c.department_id
    WHERE c.id = mentoring_mentorship.candidate_id
)
"""

POSTGRES = [
    """
CREATE OR REPLACE FUNCTION mentorship_set_region() RETURNS trigger AS $$
BEGIN
    NEW.region_id := (
        SELECT d.region_id FROM candidates_candidate c
        JOIN core_department d ON d.id = c.department_id
        WHERE c.id = NEW.candidate_id
    );
    RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE OR REPLACE FUNCTION candidate_move_mentorships() RETURNS trigger AS $$
BEGIN
    UPDATE mentoring_mentorship
    SET region_id = (SELECT region_id FROM core_department WHERE id = NEW.department_id)
    WHERE candidate_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS mentorship_set_region ON mentoring_mentorship",
    """
CREATE TRIGGER mentorship_set_region
BEFORE INSERT OR UPDATE OF candidate_id ON mentoring_mentorship
FOR EACH ROW EXECUTE FUNCTION mentorship_set_region()
""",
    "DROP TRIGGER IF EXISTS candidate_move_mentorships ON candidates_candidate",
    """
CREATE TRIGGER candidate_move_mentorships
AFTER UPDATE OF department_id ON candidates_candidate
FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id)
EXECUTE FUNCTION candidate_move_mentorships()
""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS mentorship_set_region ON mentoring_mentorship",
    "DROP TRIGGER IF EXISTS candidate_move_mentorships ON candidates_candidate",
    "DROP FUNCTION IF EXISTS mentorship_set_region()",
    "DROP FUNCTION IF EXISTS candidate_move_mentorships()",
]

# The new or changed mentorship takes its candidate's region (insert, change of candidate).
_SQLITE_SET_REGION = """BEGIN
    UPDATE mentoring_mentorship SET region_id = (
        SELECT d.region_id FROM candidates_candidate c
        JOIN core_department d ON d.id = c.department_id
        WHERE c.id = NEW.candidate_id
    ) WHERE id = NEW.id;
END
"""

SQLITE = [
    """
CREATE TRIGGER IF NOT EXISTS mentorship_set_region AFTER INSERT ON mentoring_mentorship
FOR EACH ROW
"""
    + _SQLITE_SET_REGION,
    """
CREATE TRIGGER IF NOT EXISTS mentorship_change_candidate
AFTER UPDATE OF candidate_id ON mentoring_mentorship
FOR EACH ROW
"""
    + _SQLITE_SET_REGION,
    """
CREATE TRIGGER IF NOT EXISTS candidate_move_mentorships
AFTER UPDATE OF department_id ON candidates_candidate
FOR EACH ROW WHEN OLD.department_id IS NOT NEW.department_id
BEGIN
    UPDATE mentoring_mentorship
    SET region_id = (SELECT region_id FROM core_department WHERE id = NEW.department_id)
    WHERE candidate_id = NEW.id;
END
""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS mentorship_set_region",
    "DROP TRIGGER IF EXISTS mentorship_change_candidate",
    "DROP TRIGGER IF EXISTS candidate_move_mentorships",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper, *, fill: bool = False) -> None:
    """Create (or re-create) the triggers; with ``fill``, first set every row's region."""
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"No region triggers for {connection.vendor}.")
    if fill:
        _run(connection, [FILL])
    _run(connection, POSTGRES if connection.vendor == "postgresql" else SQLITE)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor in ("postgresql", "sqlite"):
        _run(connection, POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP)


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """The names of the region triggers present in the database."""
    names = {"mentorship_set_region", "mentorship_change_candidate", "candidate_move_mentorships"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT DISTINCT trigger_name FROM information_schema.triggers")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()} & names


def reinstall_after_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    """post_migrate: put back triggers a SQLite table rebuild may have dropped."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return  # PostgreSQL keeps a table's triggers through ALTER TABLE.
    applied = MigrationRecorder(connection).applied_migrations()
    if ("mentoring", "0006_mentorship_region") in applied:
        install(connection)
