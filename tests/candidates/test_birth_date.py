"""The identity step refuses a birth date that makes the candidate younger than 16, counting
whole years as the age rule does (one more year on each birthday)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
IDENTITY = {
    "first_name": "Nour",
    "last_name": "Benali",
    "phone": "06 12 34 56 78",
    "postcode": "67100",
    "city": "Strasbourg",
}


def birth_date_errors(client, birth_date: str) -> list[str]:
    response = client.post(
        reverse("candidates:step", kwargs={"slug": "identite"}),
        {**IDENTITY, "birth_date": birth_date},
    )
    if response.status_code == 302:
        return []
    return [error.code for error in response.context["form"].errors.as_data()["birth_date"]]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("birth_date", "errors"),
    [
        ("2010-06-15", []),  # 16 today
        ("2010-06-16", ["too_young"]),  # 16 tomorrow: born in 2010 is not enough
        ("2010-12-31", ["too_young"]),
    ],
)
def test_a_candidate_must_be_16_on_the_day(login, birth_date, errors):
    client = login(factories.NewCandidateFactory().user)
    assert birth_date_errors(client, birth_date) == errors
