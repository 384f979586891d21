"""The staff's matching screens: the queue, the suggestions with "Propose", batch drafts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship
from tests import factories

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:mentoring_candidatetomatch_changelist")
BATCH = reverse("admin:mentoring_candidatetomatch_batch")


def suggestions(candidate):
    return reverse("admin:mentoring_candidatetomatch_suggestions", args=[candidate.pk])


def test_queue_lists_the_regions_eligible_candidates_longest_waiting_first(login, staff):
    old = factories.EligibleCandidateFactory(
        validated_at=timezone.now() - datetime.timedelta(days=20)
    )
    new = factories.EligibleCandidateFactory()
    factories.EligibleCandidateFactory(department=factories.department("75"))
    factories.CandidateFactory()  # submitted, not yet eligible
    response = login(staff).get(QUEUE)
    assert [c.pk for c in response.context["cl"].result_list] == [old.pk, new.pk]
    content = response.content.decode()
    assert "J+20 / 15" in content
    assert "waiting-late" in content


@pytest.mark.parametrize("count", [5, 60])
def test_queue_query_count_does_not_grow(login, staff, count, django_assert_max_num_queries):
    factories.EligibleCandidateFactory.create_batch(count)
    client = login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(QUEUE).status_code == 200


def test_suggestions_explain_each_mentor_and_show_the_weights(login, staff, mentor):
    candidate = factories.EligibleCandidateFactory()
    response = login(staff).get(suggestions(candidate))
    assert response.status_code == 200
    [(_ranked, shown)] = response.context["suggestions"]
    assert shown == mentor
    content = response.content.decode()
    assert mentor.user.get_full_name() in content
    assert "Critères et pondérations" in content
    assert "30 / 100" in content  # the sector's weight
    assert "Secteur : " in content


@pytest.mark.parametrize("mentors", [2, 30])
def test_suggestions_query_count_does_not_grow(
    login, staff, mentors, django_assert_max_num_queries
):
    factories.MentorFactory.create_batch(mentors)
    candidate = factories.EligibleCandidateFactory()
    client = login(staff)
    with django_assert_max_num_queries(21):
        assert client.get(suggestions(candidate)).status_code == 200


def test_staff_propose_from_the_suggestions(login, staff, mentor):
    candidate = factories.EligibleCandidateFactory()
    response = login(staff).post(
        suggestions(candidate),
        {"action": "propose", "mentor": mentor.pk, "message": "Même secteur, même ville"},
    )
    assert response.status_code == 302
    proposal = Mentorship.objects.get(candidate=candidate)
    assert proposal.status == Mentorship.Status.PROPOSED
    assert proposal.message == "Même secteur, même ville"


def test_a_refused_proposal_is_explained_and_nothing_is_created(login, staff):
    candidate = factories.EligibleCandidateFactory()
    far = factories.MentorFactory(departments=[factories.department("68")])
    response = login(staff).post(
        suggestions(candidate), {"action": "propose", "mentor": far.pk}, follow=True
    )
    assert "ne couvre pas le département" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_staff_of_another_region_get_404(login, other_staff, mentor):
    candidate = factories.EligibleCandidateFactory()
    client = login(other_staff)
    assert client.get(suggestions(candidate)).status_code == 404
    assert (
        client.post(suggestions(candidate), {"action": "propose", "mentor": mentor.pk}).status_code
        == 404
    )
    assert client.post(BATCH, {"region": factories.region().pk}).status_code == 404
    assert not Mentorship.objects.exists()


def test_batch_prepares_drafts_then_staff_send_them(login, staff, mentor):
    candidates = factories.EligibleCandidateFactory.create_batch(2)
    client = login(staff)
    assert factories.region().name in client.get(BATCH).content.decode()
    response = client.post(BATCH, {"region": factories.region().pk})
    assert response.status_code == 302
    assert "status__exact=draft" in response["Location"]
    drafts = Mentorship.objects.filter(status=Mentorship.Status.DRAFT)
    assert {d.candidate_id for d in drafts} == {c.pk for c in candidates}
    response = client.post(
        reverse("admin:mentoring_mentorship_changelist"),
        {"action": "send_drafts", "_selected_action": [d.pk for d in drafts]},
    )
    assert response.status_code == 302
    assert Mentorship.objects.filter(status=Mentorship.Status.PROPOSED).count() == 2
