from django.db import migrations, models

BATCH = 2000


def backfill_waiting_since(apps, schema_editor):
    """Each started mentorship waited from its candidate's validation, or, after an
    interrupted mentorship, from that interruption (when the candidate went back to the
    queue); an eligible candidate whose last mentorship was interrupted waits since then."""
    Candidate = apps.get_model("candidates", "Candidate")
    Mentorship = apps.get_model("mentoring", "Mentorship")
    rows = (
        Mentorship.objects.filter(
            status__in=["active", "completed", "interrupted"], started_at__isnull=False
        )
        .order_by("candidate_id", "started_at", "pk")
        .values_list(
            "pk", "candidate_id", "candidate__validated_at", "status", "ended_at", "started_at"
        )
    )
    changed, requeued = [], {}
    current, queue = None, None
    for pk, candidate_id, validated_at, status, ended_at, _started_at in rows.iterator(
        chunk_size=BATCH
    ):
        if candidate_id != current:
            current, queue = candidate_id, validated_at
        changed.append(Mentorship(pk=pk, queued_at=queue))
        if status == "interrupted" and ended_at is not None:
            queue = ended_at
            requeued[candidate_id] = ended_at
        else:
            requeued.pop(candidate_id, None)
        if len(changed) >= BATCH:
            Mentorship.objects.bulk_update(changed, ["queued_at"])
            changed = []
    if changed:
        Mentorship.objects.bulk_update(changed, ["queued_at"])
    for candidate_id, ended_at in requeued.items():
        Candidate.objects.filter(pk=candidate_id, status="eligible").update(queued_at=ended_at)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0006_waiting_since_and_stepping_back"),
        ("mentoring", "0010_drop_region_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorship",
            name="queued_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="candidate waiting since"
            ),
        ),
        migrations.RunPython(backfill_waiting_since, migrations.RunPython.noop),
    ]
