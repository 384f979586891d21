"""Reload the reference data (regions, departments, vocabularies) that a flush removes.

Transactional tests end with a TRUNCATE of every table; the data migration's rows go with it.
"""

from importlib import import_module

from django.apps import apps

from nqt.core.models import Region

_migration = import_module("nqt.core.migrations.0002_reference_data")


def ensure_reference_data() -> None:
    if not Region.objects.exists():
        _migration.load(apps, schema_editor=None)
