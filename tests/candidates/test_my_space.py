"""The candidate's panel in "Mon espace": the status and what it means, the dated history,
links to edit the file, with a bounded number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from tests import factories

pytestmark = pytest.mark.django_db

Status = Candidate.Status


def my_space(login, candidate) -> str:
    return login(candidate.user).get(reverse("my_space")).content.decode()


def test_a_new_draft_says_what_is_missing_and_where_to_continue(login):
    content = my_space(login, factories.NewCandidateFactory())
    assert "Brouillon" in content
    assert "il manque encore" in content
    assert reverse("candidates:application") in content


def test_a_complete_draft_invites_to_send(login):
    content = my_space(login, factories.with_documents(factories.DraftCandidateFactory()))
    assert "Vérifier et envoyer mon dossier" in content


def test_a_submitted_file_says_the_team_checks_it(login):
    content = my_space(login, factories.CandidateFactory())
    assert "Déposé" in content
    assert "vérifie votre éligibilité" in content


def test_an_ineligible_file_shows_the_reason_and_other_services(login):
    candidate = factories.CandidateFactory(
        status=Status.INELIGIBLE,
        decision_reason="Votre diplôme est un Bac+2.",
        decided_at=timezone.now(),
    )
    content = my_space(login, candidate)
    assert "Non éligible" in content
    assert "Votre diplôme est un Bac+2." in content
    for service in ("France Travail", "APEC", "Mission Locale"):
        assert service in content
    assert "corrigez-la" in content


def test_an_eligible_file_states_the_promise(login):
    content = my_space(login, factories.EligibleCandidateFactory())
    assert "Votre candidature est validée" in content
    assert "15 jours" in content


@pytest.mark.parametrize(
    ("status", "shown"),
    [(Status.IN_MENTORSHIP, "En parrainage"), (Status.PLACED, "Félicitations")],
)
def test_mentorship_and_job_statuses(login, status, shown):
    assert shown in my_space(login, factories.CandidateFactory(status=status))


def test_the_history_is_dated_and_carries_the_teams_notes(login):
    candidate = factories.CandidateFactory(status=Status.INCOMPLETE, requested_document="cv")
    factories.StatusChangeFactory(
        candidate=candidate,
        from_status=Status.SUBMITTED,
        to_status=Status.INCOMPLETE,
        note="Merci d'envoyer un CV à jour.",
    )
    content = my_space(login, candidate)
    assert "Historique" in content
    assert "Merci d&#x27;envoyer un CV à jour." in content
    assert timezone.localdate().strftime("%d/%m/%Y") in content


@pytest.mark.parametrize("history", [1, 40])
def test_my_space_query_count_does_not_grow_with_the_history(
    login, history, django_assert_max_num_queries
):
    candidate = factories.with_documents(factories.CandidateFactory())
    factories.StatusChangeFactory.create_batch(history, candidate=candidate)
    client = login(candidate.user)
    # 11: with the unread messages and overdue goals of the current mentorship.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("my_space"))
    assert len(response.context["panels"][0][1]["history"]) == min(history, 10)


def test_other_people_never_see_a_candidates_sensitive_data_in_their_space(login):
    mentorship = factories.MentorshipFactory(candidate__qpv_name="Neuhof")
    candidate = mentorship.candidate
    for user in (mentorship.mentor.user, factories.CompanyContactFactory().user):
        content = login(user).get(reverse("my_space")).content.decode()
        assert "Neuhof" not in content
        assert candidate.birth_date.strftime("%d/%m/%Y") not in content
        assert candidate.postcode not in content
