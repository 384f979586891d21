"""Moves: the apps that keep a copy of a candidate's region hear when their department changes.

A candidate's department (and so their region) is read from their file, but an app above
``candidates`` may store it with its own rows to filter them by region without a join
(``Mentorship.region``). ``candidates`` cannot import those apps (DESIGN §3): each registers a
handler from its ``AppConfig.ready()``, and the candidates' services call ``candidate_moved``
in the transaction of every change of department.
"""

from __future__ import annotations

from collections.abc import Callable

# handler(candidate_id, department_id): department_id None when the file lost its department.
Handler = Callable[[int, int | None], None]

_handlers: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    _handlers[name] = handler


def candidate_moved(*, candidate_id: int, department_id: int | None) -> None:
    """The candidate's department is now ``department_id``: every registered app follows."""
    for handler in _handlers.values():
        handler(candidate_id, department_id)
