"""Matching criteria: what each one measures, its weight, and how a score is explained.

A criterion's value is between 0 and 1. Criteria that do not apply to a candidate (no target
sector given, no business project...) are left out, and the weights of those that apply are
rescaled so that a score always runs from 0 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Values of the partial geography and function matches.
GEOGRAPHY_SAME_DEPARTMENT = 1.0
GEOGRAPHY_SAME_REGION = 0.6
GEOGRAPHY_REMOTE = 0.3
FUNCTION_EXACT = 1.0
FUNCTION_EXPERTISE = 0.5

FRENCH = "fr"


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    help_text: str


CRITERIA = (
    Criterion(
        "sector", _("Sector"), _("The mentor works in one of the candidate's target sectors.")
    ),
    Criterion(
        "function",
        _("Function"),
        _(
            "The mentor's function is the candidate's target function (half if it is one of "
            "their fields of expertise)."
        ),
    ),
    Criterion(
        "geography",
        _("Geography"),
        _("Same department served, otherwise same region, otherwise remote mentoring."),
    ),
    Criterion(
        "field_of_study",
        _("Field of study"),
        _("The candidate's field of study is the mentor's function or expertise."),
    ),
    Criterion(
        "business",
        _("Business creation"),
        _("For a business creation project: the mentor has created or run a business."),
    ),
    Criterion(
        "languages",
        _("Languages"),
        _("Share of the candidate's languages other than French that the mentor speaks."),
    ),
    Criterion("load", _("Availability"), _("Share of the mentor's places still free.")),
    Criterion(
        "waiting",
        _("Waiting time"),
        _("How long the candidate has waited since validation, against the promise."),
    ),
)
CODES = tuple(criterion.code for criterion in CRITERIA)
BY_CODE = {criterion.code: criterion for criterion in CRITERIA}


def weights() -> dict[str, float]:
    """The weights in force (settings.MATCHING_WEIGHTS), shown to staff."""
    return {code: float(settings.MATCHING_WEIGHTS[code]) for code in CODES}


@dataclass(frozen=True)
class CandidateProfile:
    """What the criteria need to know about a candidate, read once."""

    candidate_id: int
    department_id: int | None
    region_id: int | None
    sector_ids: frozenset[int]
    target_family_id: int | None
    field_id: int | None
    business_project: bool
    language_ids: frozenset[int]  # other than French
    waiting: float  # 0..1

    def applicable(self) -> dict[str, bool]:
        return {
            "sector": bool(self.sector_ids),
            "function": self.target_family_id is not None,
            "geography": True,
            "field_of_study": self.field_id is not None,
            "business": self.business_project,
            "languages": bool(self.language_ids),
            "load": True,
            "waiting": True,
        }


def applicable_weights(
    profile: CandidateProfile, weight_by_code: dict[str, float] | None = None
) -> dict[str, float]:
    """The weight of each criterion for this candidate (in CODES order), zero when it does not
    apply. Pass the weights in force when calling it for many candidates."""
    applies = profile.applicable()
    weight_by_code = weight_by_code or weights()
    return {code: weight_by_code[code] if applies[code] else 0.0 for code in CODES}


@dataclass(frozen=True)
class Contribution:
    code: str
    label: str
    value: float  # 0..1
    points: float  # share of the 0–100 score
    max_points: float
    applies: bool


def explain(values: dict[str, float], weight_by_code: dict[str, float]) -> list[Contribution]:
    """Each criterion's contribution to the score, in points out of 100."""
    total = sum(weight_by_code.values()) or 1.0
    return [
        Contribution(
            code=code,
            label=str(BY_CODE[code].label),
            value=values[code],
            points=round(100 * weight_by_code[code] * values[code] / total, 1),
            max_points=round(100 * weight_by_code[code] / total, 1),
            applies=weight_by_code[code] > 0,
        )
        for code in CODES
    ]
