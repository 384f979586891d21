"""Reads the candidate pages need, with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from nqt.core.models import Department

from . import eligibility, steps
from .models import PAUSABLE, WITHDRAWABLE, Candidate, Document, DocumentKind, StatusChange

if TYPE_CHECKING:
    from nqt.core.models import User


def candidate_files() -> QuerySet[Candidate]:
    """Candidates with everything a file page shows, in a fixed number of queries."""
    return Candidate.objects.select_related(
        "user", "department__region", "field_of_study", "target_job_family"
    ).prefetch_related(
        "target_sectors",
        "languages",
        Prefetch("documents", queryset=Document.objects.order_by("kind")),
    )


def department_code(postcode: str) -> str:
    """The department code a French postcode belongs to.

    Corsica shares the 20 prefix: 200xx–201xx are Corse-du-Sud (2A), the rest Haute-Corse (2B);
    overseas departments use three digits (971 Guadeloupe … 976 Mayotte).
    """
    if postcode.startswith(("97", "98")):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]


def department_for_postcode(postcode: str) -> Department | None:
    return (
        Department.objects.select_related("region").filter(code=department_code(postcode)).first()
    )


def application_state(candidate: Candidate) -> dict[str, Any]:
    """What the step navigation and the summary show: missing items and done steps.

    The pre-check is not part of it: the pages that show it call
    ``eligibility.evaluate_current``.
    """
    missing = steps.missing_items(candidate)
    return {
        "missing": missing,
        "missing_steps": [(step, missing[step.slug]) for step in steps.STEPS if missing[step.slug]],
        "complete": steps.is_complete(missing),
        "done": steps.completed_steps(candidate, missing),
    }


def my_space_panel(*, user: User) -> dict[str, Any]:
    """The candidate's own file, what it still needs, and its dated history, for "Mon espace"."""
    candidate = candidate_files().get(user=user)
    history = list(
        StatusChange.objects.filter(candidate=candidate)
        .select_related("by")
        .order_by("-at", "-pk")[:10]
    )
    state = application_state(candidate)
    missing_items = [item for items in state["missing"].values() for item in items]
    requested = candidate.requested_document
    return {
        "candidate": candidate,
        "history": history,
        "requested_document": DocumentKind(requested).label if requested else "",
        "requested_step": steps.CV if requested == DocumentKind.CV else steps.SOCIAL,
        "promise_days": settings.MATCHING_PROMISE_DAYS,
        "missing_items": missing_items,
        "complete": state["complete"],
        "other_services": eligibility.OTHER_SERVICES,
        # The candidate may step back (mentoring's pages, through nqt.core.links).
        "can_pause": candidate.status in PAUSABLE,
        "can_withdraw": candidate.status in WITHDRAWABLE,
    }


def cv_document(candidate: Candidate) -> Document | None:
    """The candidate's CV, the only document a mentor may read (never the proofs)."""
    return Document.objects.filter(candidate=candidate, kind=Document.Kind.CV).first()


def professional_profile(candidate: Candidate) -> dict[str, Any]:
    """What a mentor proposed to or assigned this candidate may read (DESIGN §8).

    Never the social criteria, proof documents, birth date, address or phone: mentoring builds
    its candidate pages from this, not from the model.
    """
    return {
        "first_name": candidate.user.first_name,
        "last_name": candidate.user.last_name,
        "department": str(candidate.department) if candidate.department_id else "",
        "diploma_level": candidate.get_diploma_level_display() if candidate.diploma_level else "",
        "diploma_title": candidate.diploma_title,
        "field_of_study": candidate.field_of_study.label if candidate.field_of_study_id else "",
        "school": candidate.school,
        "graduation_year": candidate.graduation_year,
        "project_type": candidate.get_project_type_display(),
        "target_sectors": [sector.label for sector in candidate.target_sectors.all()],
        "target_function": (
            candidate.target_job_family.label if candidate.target_job_family_id else ""
        ),
        "target_job": candidate.target_job,
        "business_project": candidate.business_project,
        "mobility": candidate.get_mobility_display() if candidate.mobility else "",
        "languages": [language.label for language in candidate.languages.all()],
        "linkedin_url": candidate.linkedin_url,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_candidate_data(user: User) -> dict[str, Any] | None:
    """The candidates part of a person's data export (``nqt.core.privacy.export_user_data``)."""
    candidate = candidate_files().filter(user=user).first()
    return candidate_export(candidate) if candidate is not None else None


def candidate_export(candidate: Candidate) -> dict[str, Any]:
    """A file's data, from a candidate loaded by ``candidate_files``."""
    return {
        "status": candidate.status,
        "status_label": str(candidate.get_status_display()),
        "created_at": _iso(candidate.created_at),
        "submitted_at": _iso(candidate.submitted_at),
        "decided_at": _iso(candidate.decided_at),
        "decision_reason": candidate.decision_reason,
        "requested_document": candidate.requested_document,
        "validated_at": _iso(candidate.validated_at),
        "consent": {
            "given_at": _iso(candidate.consent_at),
            "privacy_notice_version": candidate.consent_version,
        },
        "identity_and_contact": {
            "birth_date": _iso(candidate.birth_date),
            "phone": str(candidate.phone) if candidate.phone else "",
            "postcode": candidate.postcode,
            "city": candidate.city,
            "department": str(candidate.department) if candidate.department_id else "",
        },
        "studies": {
            "diploma_level": (
                str(candidate.get_diploma_level_display()) if candidate.diploma_level else ""
            ),
            "diploma_title": candidate.diploma_title,
            "field_of_study": str(candidate.field_of_study) if candidate.field_of_study_id else "",
            "school": candidate.school,
            "graduation_year": candidate.graduation_year,
        },
        "professional_project": {
            "project_type": candidate.project_type,
            "target_sectors": [str(sector) for sector in candidate.target_sectors.all()],
            "target_function": (
                str(candidate.target_job_family) if candidate.target_job_family_id else ""
            ),
            "target_job": candidate.target_job,
            "business_project": candidate.business_project,
            "mobility": candidate.mobility,
            "languages": [str(language) for language in candidate.languages.all()],
            "linkedin_url": candidate.linkedin_url,
        },
        "social_criteria": {
            "qpv": candidate.qpv,
            "qpv_name": candidate.qpv_name,
            "zrr": candidate.zrr,
            "boursier": candidate.boursier,
            "rsa": candidate.rsa,
        },
        "documents": [
            {
                "kind": document.kind,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "uploaded_at": _iso(document.uploaded_at),
            }
            for document in candidate.documents.all()
        ],
        "history": [
            {
                "at": _iso(change.at),
                "from": change.from_status,
                "to": change.to_status,
                "note": change.note,
            }
            for change in candidate.history.order_by("at", "pk")
        ],
        # Staff reads of the sensitive fields and documents (DESIGN §10), without who read.
        "sensitive_data_reads": [
            {"at": _iso(access.at), "what": access.what}
            for access in candidate.sensitive_accesses.order_by("at", "pk")
        ],
        "anonymised_at": _iso(candidate.anonymised_at),
    }
