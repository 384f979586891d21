"""French alphabetical order for lists of people, companies, regions, sectors...

The databases' own order is by code point ("BTP" before "Banque", "Île-de-France" after
"Occitanie"). ``french(field)`` is an ordering expression that sorts as a French reader expects
(case and accents ignored first, so "Banque" < "BTP" and "Dylan" < "Émilie" < "Fanny"):

- on PostgreSQL, through the ICU collation ``fr-FR-x-icu`` (created by ``initdb`` with ICU);
- on SQLite (``make run``), through a collation of the same name that ``register`` adds to
  each new connection, comparing ``sort_key``.

Python lists built from rows (regions of a dashboard) sort with ``key=sort_key``.
"""

from __future__ import annotations

import functools
import unicodedata

from django.core import checks
from django.db import connections
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "fr-FR-x-icu"

# Letters that no Unicode decomposition splits but a French dictionary files as two.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def french(field: str | F):
    """``field`` (a name, a lookup such as ``"user__last_name"``, or an expression) in French
    order, for ``order_by``, ``Meta.ordering`` or an admin's ``ordering``."""
    return Collate(F(field) if isinstance(field, str) else field, COLLATION)


@functools.lru_cache(maxsize=4096)
def _base(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(text: str | None) -> tuple[str, str]:
    """French order: letters without case or accents first, then the text itself so that
    equal words ("Eric", "Éric") still come in a fixed order."""
    text = text or ""
    return (_base(text), text)


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: gives an SQLite connection the French collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def check_collation(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Database check (``migrate`` runs it): every ordered list needs the French collation,
    which a PostgreSQL built without ICU lacks."""
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [COLLATION])
            found = cursor.fetchone() is not None
        if not found:
            errors.append(
                checks.Error(
                    f"The database {alias!r} has no collation {COLLATION!r}, which the lists' "
                    "French order uses.",
                    hint="Use a PostgreSQL built with ICU (the Debian and Docker ones are).",
                    id="core.E001",
                )
            )
    return errors
