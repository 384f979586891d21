"""Goals in the person's export, and erased with the account (DESIGN §10): each goal keeps its
dates for the other party, its title becomes the placeholder "[texte effacé]"."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mentoring.models import Goal
from nqt.core import privacy
from tests import factories
from tests.mentoring.test_erasure import erase_through_the_account_page, rows_containing

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return factories.MentorshipFactory(candidate__user__last_name="Zerrouki")


def test_both_parties_exports_hold_the_goals(pair):
    due = timezone.localdate() + datetime.timedelta(days=9)
    Goal.objects.create(
        mentorship=pair,
        title="Relancer Airbus",
        due_on=due,
        created_by=pair.candidate.user,
        done_at=timezone.now(),
        done_by=pair.mentor.user,
    )
    for user, role in ((pair.candidate.user, "candidate"), (pair.mentor.user, "mentor")):
        [mentorship] = privacy.export_user_data(user)["mentoring"]["mentorships"]
        assert mentorship["as"] == role
        [goal] = mentorship["goals"]
        assert goal["title"] == "Relancer Airbus"
        assert goal["due_on"] == due.isoformat()
        assert (goal["set_by"], goal["reached_by"]) == ("candidate", "mentor")


def test_the_goals_titles_go_with_the_account_and_their_dates_stay(login, pair):
    goal = Goal.objects.create(
        mentorship=pair, title="Zerrouki prépare l'entretien", created_by=pair.candidate.user
    )
    assert rows_containing(["Zerrouki prépare"])
    erase_through_the_account_page(login(pair.candidate.user))
    goal.refresh_from_db()
    assert goal.title == "[texte effacé]"
    assert goal.created_at is not None
    assert rows_containing(["Zerrouki prépare"]) == []
