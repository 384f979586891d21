"""The steps of the online application ("Mon dossier") and what each still lacks.

Pure functions over a candidate already loaded with its documents and sectors: the pages, the
submission service and "Mon espace" share one definition of a complete file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Candidate, DocumentKind

if TYPE_CHECKING:
    from django.utils.functional import Promise

IDENTITY = "identite"
STUDIES = "etudes"
PROJECT = "projet"
SOCIAL = "criteres-sociaux"
CV = "cv"
SUMMARY = "recapitulatif"


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise


STEPS = (
    Step(IDENTITY, gettext_lazy("Identity and contact")),
    Step(STUDIES, gettext_lazy("Studies")),
    Step(PROJECT, gettext_lazy("Professional project")),
    Step(SOCIAL, gettext_lazy("Social criteria")),
    Step(CV, gettext_lazy("CV")),
)
SLUGS = tuple(step.slug for step in STEPS)

# Each ticked social criterion needs its proof document.
PROOF_OF = {
    "qpv": DocumentKind.PROOF_QPV,
    "zrr": DocumentKind.PROOF_ZRR,
    "boursier": DocumentKind.PROOF_BOURSIER,
    "rsa": DocumentKind.PROOF_RSA,
}
SOCIAL_CRITERIA = tuple(PROOF_OF)

# Changing one of these after a decision sends the file back to staff (issue: edit later).
ELIGIBILITY_FIELDS = (
    "birth_date",
    "postcode",
    "department",
    "diploma_level",
    "qpv",
    "qpv_name",
    "zrr",
    "boursier",
    "rsa",
)
ELIGIBILITY_DOCUMENTS = frozenset(PROOF_OF.values())


def step_by_slug(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def next_slug(slug: str) -> str:
    index = SLUGS.index(slug)
    return SLUGS[index + 1] if index + 1 < len(SLUGS) else SUMMARY


def _label(name: str) -> str:
    return capfirst(Candidate._meta.get_field(name).verbose_name)


def _blank(value) -> bool:
    return value is None or value == ""


def missing_items(candidate: Candidate) -> dict[str, list[str]]:
    """For each step, the names of what is still missing (an empty list: the step is done).

    Uses ``candidate.documents.all()`` and ``candidate.target_sectors.all()``: prefetch them
    for lists.
    """
    user = candidate.user
    kinds = {document.kind for document in candidate.documents.all()}
    missing: dict[str, list[str]] = {slug: [] for slug in SLUGS}

    identity = missing[IDENTITY]
    if not user.first_name:
        identity.append(_("First name"))
    if not user.last_name:
        identity.append(_("Last name"))
    for name in ("birth_date", "phone", "postcode", "city"):
        if _blank(getattr(candidate, name)):
            identity.append(_label(name))

    for name in ("diploma_level", "diploma_title", "field_of_study", "school", "graduation_year"):
        if _blank(getattr(candidate, name)):
            missing[STUDIES].append(_label(name))

    project = missing[PROJECT]
    if not candidate.target_sectors.all():
        project.append(_label("target_sectors"))
    if _blank(candidate.mobility):
        project.append(_label("mobility"))
    if candidate.project_type == Candidate.ProjectType.BUSINESS_CREATION:
        if _blank(candidate.business_project):
            project.append(_label("business_project"))
    else:
        for name in ("target_job_family", "target_job"):
            if _blank(getattr(candidate, name)):
                project.append(_label(name))

    social = missing[SOCIAL]
    if candidate.qpv and not candidate.qpv_name:
        social.append(_label("qpv_name"))
    for criterion, kind in PROOF_OF.items():
        if getattr(candidate, criterion) and kind not in kinds:
            social.append(DocumentKind(kind).label)

    if DocumentKind.CV not in kinds:
        missing[CV].append(_("CV (PDF)"))
    return missing


def is_complete(missing: dict[str, list[str]]) -> bool:
    return not any(missing.values())


def completed_steps(candidate: Candidate, missing: dict[str, list[str]]) -> set[str]:
    """Steps shown as done in the navigation.

    A social step with no criterion ticked has nothing missing to submit, but is not shown as
    done: the pre-check explains that the programme needs one.
    """
    done = {slug for slug, items in missing.items() if not items}
    if not any(getattr(candidate, criterion) for criterion in SOCIAL_CRITERIA):
        done.discard(SOCIAL)
    return done
