"""A candidate pauses or withdraws their application from "Mon espace" (a reason, then a
confirmation), and resumes a paused one. The file leaves every queue (matching, the 15-day
promise, the staff digest, the "to match" counts) but stays in the historical figures; a
pending proposal is withdrawn and its mentor told; an active mentorship must end first."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from candidates.models import Candidate
from impact import kpis
from mentoring import selectors
from mentoring.followup import reminders
from mentoring.models import Mentorship
from mentoring.services import proposals
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)
PAUSE = reverse("mentoring:application_pause")
WITHDRAW = reverse("mentoring:application_withdraw")
RESUME = reverse("mentoring:application_resume")
QUEUE = reverse("admin:mentoring_candidatetomatch_changelist")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def waiting():
    """Validated a month ago: past the 15-day promise, in the matching queue."""
    return factories.EligibleCandidateFactory(
        validated_at=NOW - datetime.timedelta(days=30), user__last_name="Haddad"
    )


def text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def step_back(client, url, **data):
    """The reason, then the confirmation."""
    first = client.post(url, {"reason": "job_found", "note": "", **data})
    assert first.status_code == 200
    return client.post(url, {"reason": "job_found", "note": "", **data, "confirm": "1"})


def test_the_reason_is_asked_then_confirmed_before_anything_changes(login, waiting):
    client = login(waiting.user)
    form = text(client.get(PAUSE))
    assert "Mettre ma candidature en pause" in form
    assert "J'ai trouvé un emploi par moi-même" in form
    confirmation = text(client.post(PAUSE, {"reason": "not_available", "note": "Stage"}))
    assert "Confirmer la pause" in confirmation
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.ELIGIBLE
    response = client.post(PAUSE, {"reason": "not_available", "note": "Stage", "confirm": "1"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.PAUSED
    assert waiting.away_reason == Candidate.AwayReason.NOT_AVAILABLE
    assert waiting.away_note == "Stage"
    assert waiting.away_since == NOW
    assert waiting.history.last().to_status == Candidate.Status.PAUSED


def test_another_reason_needs_a_few_words(login, waiting):
    response = login(waiting.user).post(PAUSE, {"reason": "other", "note": "", "confirm": "1"})
    assert response.status_code == 200
    assert "Dites-nous en quelques mots" in text(response)
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.ELIGIBLE


def test_a_paused_file_leaves_the_queues_but_stays_in_the_figures(login, staff, waiting):
    step_back(login(waiting.user), PAUSE)
    page = text(login(staff).get(QUEUE))
    assert "Haddad" not in page
    reminders.sweep()
    assert not Notification.objects.filter(kind="unmatched_digest").exists()
    [row] = selectors.staff_panel(user=staff)["regions"]
    assert row.get("eligible", 0) == 0
    funnel = kpis.funnel(kpis.make_scope(year=2026))
    assert funnel["eligible"] == 1  # found eligible once: history stays honest


def test_my_space_shows_the_pause_and_offers_to_resume(login, waiting):
    client = login(waiting.user)
    step_back(client, PAUSE)
    page = text(client.get(reverse("my_space")))
    assert "En pause" in page
    assert "Emploi trouvé par ses propres moyens" in page
    assert RESUME in page
    later = NOW + datetime.timedelta(hours=5)
    with time_machine.travel(later, tick=False):
        assert client.post(RESUME).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.ELIGIBLE
    assert waiting.queued_at == later  # the promise counts from the return
    assert waiting.away_reason == ""


def test_withdrawing_withdraws_the_pending_proposal_and_tells_mentor_and_staff(
    login, staff, waiting
):
    mentor = factories.MentorFactory()
    proposal = proposals.mentorship_propose(candidate=waiting, mentor=mentor, proposed_by=staff)
    response = step_back(login(waiting.user), WITHDRAW)
    assert response.status_code == 302
    proposal.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.WITHDRAWN
    assert proposal.status == Mentorship.Status.CANCELLED
    told = Notification.objects.get(kind="proposal_withdrawn", recipient=mentor.user)
    assert "a retiré sa candidature" in told.body_text
    staff_told = Notification.objects.get(kind="application_stepped_back", recipient=staff)
    assert "Haddad" in staff_told.body_text
    assert "Emploi trouvé par ses propres moyens" in staff_told.body_text


def test_a_candidate_with_a_mentor_must_end_the_mentorship_first(login):
    mentorship = factories.MentorshipFactory()
    client = login(mentorship.candidate.user)
    page = text(client.get(WITHDRAW))
    assert "mettez d'abord fin au parrainage" in page
    response = client.post(WITHDRAW, {"reason": "job_found", "note": "", "confirm": "1"})
    assert response.status_code == 200
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE
    assert mentorship.candidate.status == Candidate.Status.IN_MENTORSHIP


def test_a_withdrawn_file_cannot_be_resumed(login, waiting):
    client = login(waiting.user)
    step_back(client, WITHDRAW)
    client.post(RESUME)
    waiting.refresh_from_db()
    assert waiting.status == Candidate.Status.WITHDRAWN


@pytest.mark.parametrize("url", [PAUSE, WITHDRAW, RESUME])
def test_only_a_candidate_acts_on_their_own_file(client, mentor, staff, url):
    assert client.post(url).status_code == 302  # anonymous: to the login page
    for user in (mentor.user, staff):
        client.force_login(user)
        assert client.post(url, {"reason": "job_found", "confirm": "1"}).status_code == 404


def test_staff_see_the_status_and_reason_on_the_file_and_filter_on_it(login, staff, waiting):
    step_back(login(waiting.user), WITHDRAW)
    client = login(staff)
    page = text(client.get(reverse("candidates:file", args=[waiting.pk])))
    assert "Pause ou retrait" in page
    assert "Retirée" in page
    assert "Emploi trouvé par ses propres moyens" in page
    listed = text(
        client.get(reverse("admin:candidates_candidate_changelist"), {"status__exact": "withdrawn"})
    )
    assert "Haddad" in listed
