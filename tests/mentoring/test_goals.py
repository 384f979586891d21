"""The pair's own goals on the mentorship page: add, tick, change, delete, through the URLs;
bad input and tampered ids refused with nothing saved; read-only for staff and after the end."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Goal, Mentorship
from mentoring.workspace import goals
from tests import factories

pytestmark = pytest.mark.django_db


def page(mentorship) -> str:
    return reverse("mentoring:mentorship", args=[mentorship.pk])


def url(name, goal) -> str:
    return reverse(f"mentoring:{name}", args=[goal.mentorship_id, goal.pk])


@pytest.fixture
def pair():
    return factories.MentorshipFactory(started_at=timezone.now() - datetime.timedelta(days=40))


def add(client, mentorship, **data):
    return client.post(reverse("mentoring:goal_add", args=[mentorship.pk]), data, follow=True)


def test_a_party_adds_a_goal_with_a_trimmed_title_and_a_due_date(login, pair):
    due = timezone.localdate() + datetime.timedelta(days=20)
    response = add(login(pair.candidate.user), pair, title="  Postuler   chez trois  ", due_on=due)
    goal = Goal.objects.get(mentorship=pair)
    assert (goal.title, goal.due_on, goal.created_by) == (
        "Postuler chez trois",
        due,
        pair.candidate.user,
    )
    assert "Postuler chez trois" in response.content.decode()
    assert "Aucun objectif atteint sur 1" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "   "}, "Donnez un titre à"),
        ({"title": "x" * 201}, "200"),
        ({"title": "Un objectif", "due_on": "pas une date"}, "date valide"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(login, pair, data, message):
    response = add(login(pair.mentor.user), pair, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Goal.objects.exists()


def test_a_due_date_before_the_start_is_refused(login, pair):
    before = timezone.localdate(pair.started_at) - datetime.timedelta(days=1)
    response = add(login(pair.mentor.user), pair, title="Trop tôt", due_on=before)
    assert "précéder le début du parrainage" in response.content.decode()
    assert not Goal.objects.exists()


def test_a_mentorship_holds_at_most_thirty_goals(login, pair):
    Goal.objects.bulk_create(
        Goal(mentorship=pair, title=f"Objectif {i}") for i in range(Goal.MAX_PER_MENTORSHIP)
    )
    response = add(login(pair.candidate.user), pair, title="Un de trop")
    assert "30 objectifs" in response.content.decode()
    assert Goal.objects.filter(mentorship=pair).count() == Goal.MAX_PER_MENTORSHIP


def test_either_party_ticks_and_unticks_a_goal(login, pair):
    goal = Goal.objects.create(mentorship=pair, title="CV relu", created_by=pair.candidate.user)
    login(pair.mentor.user).post(url("goal_done", goal), {"done": "1"})
    goal.refresh_from_db()
    assert goal.done_at is not None
    assert goal.done_by == pair.mentor.user
    response = login(pair.candidate.user).get(page(pair))
    assert "1 objectif atteint sur 1" in response.content.decode()
    login(pair.candidate.user).post(url("goal_done", goal), {"done": "0"})
    goal.refresh_from_db()
    assert goal.done_at is None
    assert goal.done_by is None


def test_a_party_changes_then_deletes_a_goal(login, pair):
    goal = Goal.objects.create(mentorship=pair, title="Ancien titre")
    client = login(pair.candidate.user)
    assert client.get(url("goal_edit", goal)).status_code == 200
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(url("goal_edit", goal), {"title": "Nouveau titre", "due_on": due})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.due_on) == ("Nouveau titre", due)
    response = client.post(url("goal_edit", goal), {"title": ""})
    assert response.status_code == 200  # the form again, with its error
    client.post(url("goal_delete", goal))
    assert not Goal.objects.exists()


def test_an_overdue_goal_shows_a_badge_and_its_date_in_words(login, pair):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        Goal.objects.create(
            mentorship=pair, title="Relancer", due_on=timezone.localdate() + datetime.timedelta(1)
        )
    Goal.objects.create(
        mentorship=pair,
        title="Atteint",
        due_on=timezone.localdate(pair.started_at),
        done_at=timezone.now(),
    )
    html = login(pair.candidate.user).get(page(pair)).content.decode()
    assert html.count(">En retard<") == 1
    assert "Était prévu pour le" in html
    assert "1 objectif atteint sur 2" in html


def test_another_mentorships_goal_is_a_404_and_stays(login, pair):
    other = Goal.objects.create(mentorship=factories.MentorshipFactory(), title="À eux")
    client = login(pair.candidate.user)
    for name in ("goal_done", "goal_edit", "goal_delete"):
        tampered = reverse(f"mentoring:{name}", args=[pair.pk, other.pk])
        assert client.post(tampered, {"done": "1", "title": "pris"}).status_code == 404
    assert client.post(url("goal_delete", other)).status_code == 404
    other.refresh_from_db()
    assert (other.title, other.done_at) == ("À eux", None)


def test_staff_read_the_progress_but_cannot_change_goals(login, staff, pair):
    goal = Goal.objects.create(mentorship=pair, title="Préparer l’entretien")
    client = login(staff)
    html = client.get(page(pair)).content.decode()
    assert "Aucun objectif atteint sur 1" in html
    assert reverse("mentoring:goal_add", args=[pair.pk]) not in html
    client.post(reverse("mentoring:goal_add", args=[pair.pk]), {"title": "Du personnel"})
    client.post(url("goal_done", goal), {"done": "1"})
    assert client.get(url("goal_edit", goal)).status_code == 404
    goal.refresh_from_db()
    assert goal.done_at is None
    assert Goal.objects.count() == 1


def test_goals_are_read_only_once_the_mentorship_has_ended(login, pair):
    goal = Goal.objects.create(mentorship=pair, title="Fini")
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.COMPLETED, ended_at=timezone.now()
    )
    client = login(pair.candidate.user)
    response = client.post(url("goal_done", goal), {"done": "1"}, follow=True)
    assert "ne peuvent plus changer" in response.content.decode()
    assert reverse("mentoring:goal_done", args=[pair.pk, goal.pk]) not in response.content.decode()
    assert client.get(url("goal_edit", goal)).status_code == 404
    goal.refresh_from_db()
    assert goal.done_at is None


def test_the_service_keeps_the_first_date_when_ticked_twice(pair):
    goal = goals.goal_add(mentorship=pair, by=pair.mentor.user, title="Une fois")
    first = goals.goal_set_done(goal=goal, by=pair.mentor.user, done=True).done_at
    again = goals.goal_set_done(goal=goal, by=pair.candidate.user, done=True)
    assert again.done_at == first
    assert again.done_by == pair.mentor.user


def test_the_goals_part_of_the_page_runs_a_fixed_number_of_queries(
    login, pair, django_assert_max_num_queries
):
    client = login(pair.candidate.user)
    Goal.objects.create(mentorship=pair, title="Un")
    client.get(page(pair))  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        client.get(page(pair))
    Goal.objects.bulk_create(Goal(mentorship=pair, title=f"Objectif {i}") for i in range(29))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page(pair))
    assert response.content.decode().count('class="list-group-item"') >= 30
