"""Once mentoring has started, every step shows its eligibility data (``steps.ELIGIBILITY_FIELDS``
and the proofs of ``steps.ELIGIBILITY_DOCUMENTS``) without letting it change; before, all of it
is editable."""

from __future__ import annotations

import pytest

from candidates import steps
from candidates.forms import STEP_FORMS
from candidates.models import Candidate
from tests import factories

pytestmark = pytest.mark.django_db

Status = Candidate.Status

SETTLED = {
    steps.IDENTITY: {"birth_date", "postcode"},
    steps.STUDIES: {"diploma_level"},
    steps.PROJECT: set(),
    steps.SOCIAL: {"qpv", "qpv_name", "zrr", "boursier", "rsa", *steps.ELIGIBILITY_DOCUMENTS},
    steps.CV: set(),
}


def disabled_fields(slug: str, candidate: Candidate) -> set[str]:
    form = STEP_FORMS[slug](candidate=candidate)
    return {name for name, field in form.fields.items() if field.disabled}


@pytest.mark.parametrize("status", [Status.IN_MENTORSHIP, Status.PLACED, Status.ALUMNI])
@pytest.mark.parametrize("slug", steps.SLUGS)
def test_eligibility_data_is_settled_once_mentoring_started(slug, status):
    candidate = factories.CandidateFactory(status=status)
    assert disabled_fields(slug, candidate) == SETTLED[slug]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ELIGIBLE])
@pytest.mark.parametrize("slug", steps.SLUGS)
def test_eligibility_data_stays_editable_before_mentoring(slug, status):
    candidate = factories.CandidateFactory(status=status)
    assert disabled_fields(slug, candidate) == set()
