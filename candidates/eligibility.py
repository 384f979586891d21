"""The eligibility rules engine (DESIGN §1): pure functions, no database writes.

``evaluate`` checks a candidate against each programme rule on a given day and says, rule by
rule, whether it passes and why. Candidates see it as a pre-check before submitting; staff see
it as a recommendation — only staff decide (DESIGN §5).

A rule's ``passed`` is ``None`` when the file does not yet hold what the rule needs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from nqt.core.french import long_date
from nqt.core.models import DiplomaLevel

from . import steps

if TYPE_CHECKING:
    from .models import Candidate

MAX_AGE = 30  # candidates must be strictly under 30 on the submission date

AGE = "age"
DIPLOMA = "diploma"
SOCIAL_CRITERION = "social_criterion"

# Public services that accompany young people the programme cannot take.
OTHER_SERVICES = (
    ("France Travail", "https://www.francetravail.fr/"),
    ("APEC", "https://www.apec.fr/"),
    ("Mission Locale", "https://www.mission-locale.fr/"),
)


class Recommendation:
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome, worded for the candidate ("vous", ``message``) and for staff (third
    person, ``staff_message``): the same pre-check shows on both sides."""

    code: str
    passed: bool | None
    message: str
    staff_message: str


@dataclass(frozen=True)
class Eligibility:
    on: datetime.date
    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed is True for result in self.results)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.passed is False)

    @property
    def unknown(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.passed is None)

    @property
    def recommendation(self) -> str:
        if self.failed:
            return Recommendation.INELIGIBLE
        if self.unknown:
            return Recommendation.INCOMPLETE
        return Recommendation.ELIGIBLE

    def result(self, code: str) -> RuleResult:
        return next(result for result in self.results if result.code == code)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Age in whole years on ``on``: one more year on each birthday (29 Feb → 1 Mar)."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def check_age(birth_date: datetime.date | None, on: datetime.date) -> RuleResult:
    if birth_date is None:
        return RuleResult(
            AGE,
            None,
            _("Your birth date is not filled in yet."),
            _("Birth date not filled in yet."),
        )
    age = age_on(birth_date, on)
    values = {"date": long_date(on), "age": age}
    if age < MAX_AGE:
        return RuleResult(
            AGE,
            True,
            _("You are under 30 on %(date)s (%(age)d years old).") % values,
            _("Under 30 on %(date)s (%(age)d years old).") % values,
        )
    return RuleResult(
        AGE,
        False,
        _("The programme is for people under 30: you are %(age)d years old on %(date)s.") % values,
        _("%(age)d years old on %(date)s: the programme is for people under 30.") % values,
    )


def check_diploma(
    diploma_level: int | None, min_level: int | None, region_name: str = ""
) -> RuleResult:
    if diploma_level is None:
        return RuleResult(
            DIPLOMA,
            None,
            _("Your diploma level is not filled in yet."),
            _("Diploma level not filled in yet."),
        )
    if min_level is None:
        return RuleResult(
            DIPLOMA,
            None,
            _("Your postcode is needed to know your region's minimum level."),
            _("No postcode yet: the region's minimum level is not known."),
        )
    values = {
        "level": DiplomaLevel(diploma_level).label,
        "region": region_name,
        "minimum": DiplomaLevel(min_level).label,
    }
    if diploma_level >= min_level:
        return RuleResult(
            DIPLOMA,
            True,
            _("Your diploma (%(level)s) reaches the minimum level of %(region)s (%(minimum)s).")
            % values,
            _("Diploma (%(level)s) at or above the minimum level of %(region)s (%(minimum)s).")
            % values,
        )
    return RuleResult(
        DIPLOMA,
        False,
        _("In %(region)s the programme requires at least %(minimum)s; your diploma is %(level)s.")
        % values,
        _("In %(region)s the programme requires at least %(minimum)s; the diploma is %(level)s.")
        % values,
    )


def social_criteria_met(candidate: Candidate) -> list[str]:
    """Short names of the social criteria (``steps.SOCIAL_CRITERIA``) the candidate declares.

    QPV, ZRR and RSA are acronyms read as such in any language; the scholarship is translated.
    """
    return [
        _("scholarship") if name == "boursier" else name.upper()
        for name in steps.SOCIAL_CRITERIA
        if getattr(candidate, name)
    ]


def check_social_criterion(criteria: list[str]) -> RuleResult:
    if criteria:
        values = {"criteria": ", ".join(str(criterion) for criterion in criteria)}
        return RuleResult(
            SOCIAL_CRITERION,
            True,
            _("You meet at least one social criterion (%(criteria)s).") % values,
            _("Meets at least one social criterion (%(criteria)s).") % values,
        )
    return RuleResult(
        SOCIAL_CRITERION,
        False,
        _(
            "The programme requires at least one social criterion: living in a QPV or a ZRR, "
            "having held a scholarship on social criteria, or receiving the RSA."
        ),
        _(
            "No social criterion declared: the programme requires living in a QPV or a ZRR, "
            "having held a scholarship on social criteria, or receiving the RSA."
        ),
    )


def evaluate(candidate: Candidate, *, on: datetime.date) -> Eligibility:
    """Every rule's result for ``candidate`` on ``on`` (the submission date).

    Reads ``candidate.department.region``: select it with the candidate to keep lists flat.
    """
    region = candidate.department.region if candidate.department_id else None
    return Eligibility(
        on=on,
        results=(
            check_age(candidate.birth_date, on),
            check_diploma(
                candidate.diploma_level,
                region.min_diploma_level if region else None,
                region.name if region else "",
            ),
            check_social_criterion(social_criteria_met(candidate)),
        ),
    )


def reference_date(candidate: Candidate, *, today: datetime.date) -> datetime.date:
    """The day the age rule applies to: the first submission, or today for a draft."""
    if candidate.submitted_at is not None:
        return timezone.localdate(candidate.submitted_at)
    return today


def evaluate_current(candidate: Candidate) -> Eligibility:
    """The rules' results as the pages show them today (on the first submission's date)."""
    return evaluate(candidate, on=reference_date(candidate, today=timezone.localdate()))
