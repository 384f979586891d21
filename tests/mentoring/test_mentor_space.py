"""'Mon espace parrainage': profile, capacity, pause, current mentees (professional profile only),
pending proposals, history; a mentor never reaches another mentor's data."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentor, Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

SPACE = reverse("mentoring:mentor_space")
PROFILE = reverse("mentoring:mentor_profile")
PAUSE = reverse("mentoring:mentor_pause")


def profile_form(mentor, **overrides):
    data = {
        "job_title": mentor.job_title,
        "function": mentor.function_id,
        "sectors": list(mentor.sectors.values_list("pk", flat=True)),
        "years_of_experience": str(mentor.years_of_experience),
        "departments": list(mentor.departments.values_list("pk", flat=True)),
        "capacity": str(mentor.capacity),
        "bio": mentor.bio,
    }
    data.update(overrides)
    return data


def page_of(response) -> str:
    return unescape(response.content.decode())


def test_mentor_sees_mentees_with_their_professional_profile_only(login, mentor):
    mentee = factories.CandidateFactory(
        user__first_name="Nour",
        user__last_name="Benali",
        user__email="nour.benali@example.org",
        diploma_title="Master Finance d'entreprise",
        target_job="Contrôleuse de gestion",
        phone="+33698765432",
        postcode="67100",
        city="Strasbourg-Neuhof",
        qpv=True,
        qpv_name="Neuhof-Meinau",
        boursier=True,
        birth_date=datetime.date(2001, 4, 23),
    )
    factories.MentorshipFactory(mentor=mentor, candidate=mentee)
    page = page_of(login(mentor.user).get(SPACE))
    assert "Nour Benali" in page
    assert "Master Finance d'entreprise" in page
    assert "Contrôleuse de gestion" in page
    for private in [
        "nour.benali@example.org",
        "98765432",
        "67100",
        "Strasbourg-Neuhof",
        "Neuhof-Meinau",
        "QPV",
        "boursier",
        "23/04/2001",
        "2001",
    ]:
        assert private not in page, private


def test_mentor_sees_pending_proposals_with_accept_and_decline(login, mentor):
    candidate = factories.EligibleCandidateFactory(user__last_name="Diallo")
    factories.MentorshipFactory(
        mentor=mentor,
        candidate=candidate,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        answered_at=None,
    )
    page = page_of(login(mentor.user).get(SPACE))
    section = page[page.index("Propositions en attente de votre réponse") :]
    assert "Diallo" in section
    assert "Accepter" in section
    assert "Refuser" in section


def test_draft_suggestions_stay_invisible_to_the_mentor(login, mentor):
    draft = factories.MentorshipFactory(
        mentor=mentor,
        candidate__user__last_name="Brouillon",
        status=Mentorship.Status.DRAFT,
        started_at=None,
    )
    client = login(mentor.user)
    assert "Brouillon" not in page_of(client.get(SPACE))
    assert client.get(reverse("mentoring:mentor_mentorship", args=[draft.pk])).status_code == 404


def test_history_lists_past_mentorships(login, mentor):
    started = timezone.now() - datetime.timedelta(days=300)
    factories.MentorshipFactory(
        mentor=mentor,
        candidate__user__last_name="Ancienne",
        status=Mentorship.Status.COMPLETED,
        started_at=started,
        ended_at=started + datetime.timedelta(days=180),
        end_reason=Mentorship.EndReason.JOB_FOUND,
    )
    page = page_of(login(mentor.user).get(SPACE))
    history = page[page.index("Mes parrainages passés") :]
    assert "Ancienne" in history
    assert "Emploi ou projet trouvé" in history


def test_mentor_opens_their_mentorship_but_not_another_mentors(login, mentor, other_mentor):
    mine = factories.MentorshipFactory(mentor=mentor, candidate__user__last_name="Mienne")
    theirs = factories.MentorshipFactory(mentor=other_mentor, candidate__user__last_name="Autre")
    client = login(mentor.user)
    # A started mentorship opens the page both parties share.
    response = client.get(reverse("mentoring:mentor_mentorship", args=[mine.pk]), follow=True)
    assert response.status_code == 200
    assert "Mienne" in page_of(response)
    assert client.get(reverse("mentoring:mentor_mentorship", args=[theirs.pk])).status_code == 404
    assert "Autre" not in page_of(client.get(SPACE))


@pytest.mark.parametrize(
    "role", ["candidate", "company_contact", "staff"], ids=["candidate", "contact", "staff"]
)
def test_others_get_404_on_a_mentorship_page(login, mentor, role, request):
    mentorship = factories.MentorshipFactory(mentor=mentor)
    user = {
        "candidate": lambda: mentorship.candidate.user,
        "company_contact": lambda: factories.CompanyContactFactory(company=mentor.company).user,
        "staff": lambda: factories.StaffFactory(),
    }[role]()
    url = reverse("mentoring:mentor_mentorship", args=[mentorship.pk])
    assert login(user).get(url).status_code == 404


def test_mentor_edits_their_profile_and_capacity(login, mentor):
    response = login(mentor.user).post(
        PROFILE, profile_form(mentor, job_title="Directrice financière groupe", capacity="4")
    )
    assert response.url == SPACE
    mentor.refresh_from_db()
    assert mentor.job_title == "Directrice financière groupe"
    assert mentor.capacity == 4


@pytest.mark.parametrize("capacity", ["0", "6", "-1", ""])
def test_capacity_outside_1_to_5_is_refused(login, mentor, capacity):
    response = login(mentor.user).post(PROFILE, profile_form(mentor, capacity=capacity))
    assert response.status_code == 200
    assert "Indiquez un nombre entre 1 et 5" in page_of(response)
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_capacity_cannot_go_below_the_current_number_of_mentees(login, mentor):
    factories.MentorshipFactory.create_batch(2, mentor=mentor)
    response = login(mentor.user).post(PROFILE, profile_form(mentor, capacity="1"))
    assert response.status_code == 200
    assert "Vous accompagnez 2 personnes en ce moment" in page_of(response)
    mentor.refresh_from_db()
    assert mentor.capacity == 2


@time_machine.travel(datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_mentor_pauses_until_a_date_then_resumes(login, mentor):
    client = login(mentor.user)
    response = client.post(PAUSE, {"paused_until": "2026-07-31"}, follow=True)
    assert "jusqu'au 31 juillet 2026 inclus" in page_of(response)
    mentor.refresh_from_db()
    assert mentor.paused_until == datetime.date(2026, 7, 31)
    assert mentor.is_paused()
    client.post(PAUSE, {"resume": "1"})
    mentor.refresh_from_db()
    assert mentor.paused_until is None


@time_machine.travel(datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-05-03", "postérieure à aujourd'hui"),
        ("2026-05-04", "postérieure à aujourd'hui"),
        ("2027-05-10", "Une pause dure un an au plus"),
        ("31/02/2026", "Saisissez une date valide"),
        ("", "Choisissez la date"),
    ],
    ids=["past", "today", "too-far", "invalid", "empty"],
)
def test_pause_dates_in_the_past_or_too_far_are_refused(login, mentor, date, message):
    response = login(mentor.user).post(PAUSE, {"paused_until": date}, follow=True)
    assert message in page_of(response)
    mentor.refresh_from_db()
    assert mentor.paused_until is None


def test_pending_mentor_sees_that_activation_is_awaited(login):
    mentor = factories.MentorFactory(status=Mentor.Status.PENDING, activated_at=None)
    page = page_of(login(mentor.user).get(SPACE))
    assert "attend son activation" in page


@pytest.mark.parametrize("mentees", [1, 5])
def test_mentor_space_query_count_does_not_grow(login, mentees, django_assert_num_queries):
    mentor = factories.MentorFactory(capacity=5)
    factories.MentorshipFactory.create_batch(mentees, mentor=mentor)
    for _ in range(mentees * 3):
        factories.MentorshipFactory(
            mentor=mentor,
            status=Mentorship.Status.COMPLETED,
            ended_at=timezone.now(),
        )
    factories.MentorshipFactory.create_batch(
        mentees, mentor=mentor, status=Mentorship.Status.PROPOSED, started_at=None
    )
    client = login(mentor.user)
    # 16: with the unread messages of each mentee (one query for all of them).
    with django_assert_num_queries(16):
        response = client.get(SPACE)
    assert response.status_code == 200
