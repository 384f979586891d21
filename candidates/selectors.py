"""Reads the candidate pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import Candidate

if TYPE_CHECKING:
    from nqt.core.models import User


def my_space_panel(*, user: User) -> dict[str, Any]:
    """The candidate's own file and its latest history, for "Mon espace"."""
    candidate = Candidate.objects.select_related("department__region").get(user=user)
    history = list(candidate.history.order_by("-at", "-pk")[:10])
    return {"candidate": candidate, "history": history}
