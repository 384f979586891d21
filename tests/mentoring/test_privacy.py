"""A mentor's profile and the notes of their mentorships in the export, and forgotten on
erasure while the anonymous statistics stay (DESIGN §10)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionItem, CheckIn, Meeting, Mentor, Mentorship
from nqt.core import privacy
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_holds_the_mentor_profile_and_mentorships(mentor):
    meeting = factories.MeetingFactory(mentorship__mentor=mentor, notes="CV revu ensemble")
    data = privacy.export_user_data(mentor.user)["mentoring"]
    assert data["mentor_profile"]["job_title"] == mentor.job_title
    assert data["mentor_profile"]["capacity"] == 2
    [mentorship] = data["mentorships"]
    assert mentorship["as"] == "mentor"
    assert mentorship["meetings"][0]["notes"] == meeting.notes


def test_erasure_forgets_the_profile_and_notes_but_keeps_the_statistics(mentor):
    meeting = factories.MeetingFactory(mentorship__mentor=mentor, notes="Notes personnelles")
    mentor.bio = "Vingt ans dans la banque"
    mentor.save(update_fields=["bio"])

    privacy.erase_user(mentor.user)

    mentor.refresh_from_db()
    assert mentor.bio == ""
    assert mentor.job_title == ""
    assert mentor.status == Mentor.Status.INACTIVE
    meeting.refresh_from_db()
    assert meeting.notes == ""
    assert meeting.duration_minutes == 60
    assert Mentorship.objects.filter(mentor=mentor).count() == 1
    assert Meeting.objects.count() == 1


def test_the_candidates_export_holds_the_whole_follow_up(login):
    """Meetings, introductions, the action plan, their own check-ins and the outcome."""
    mentorship = factories.MentorshipFactory(status=Mentorship.Status.COMPLETED)
    mentorship.ended_at = mentorship.started_at + datetime.timedelta(days=20)
    mentorship.save(update_fields=["ended_at"])
    user = mentorship.candidate.user
    factories.MeetingFactory(mentorship=mentorship, notes="Simulation d'entretien")
    factories.IntroductionFactory(mentorship=mentorship, notes="Rappeler en mai")
    ActionItem.objects.create(mentorship=mentorship, step=ActionItem.Step.CV_REVIEWED, done_by=user)
    CheckIn.objects.create(
        mentorship=mentorship,
        author=user,
        role=CheckIn.Role.CANDIDATE,
        period=CheckIn.Period.MONTH_1,
        score=4,
        comment="Très utile",
    )
    CheckIn.objects.create(
        mentorship=mentorship,
        author=mentorship.mentor.user,
        role=CheckIn.Role.MENTOR,
        period=CheckIn.Period.MONTH_1,
        score=2,
        comment="Avis du mentor pour l'équipe",
    )
    factories.OutcomeFactory(
        mentorship=mentorship, employer="Crédit Mutuel", job_title="Analyste", declared_by=user
    )

    response = login(user).get(reverse("my_data_export"))
    [exported] = json.loads(response.content)["mentoring"]["mentorships"]

    assert exported["as"] == "candidate"
    assert exported["meetings"][0]["notes"] == "Simulation d'entretien"
    assert exported["meetings"][0]["topics"] == ["CV"]
    [introduction] = exported["introductions"]
    assert introduction["company"] == "Banque du Rhin"
    assert introduction["notes"] == "Rappeler en mai"
    assert [item["step"] for item in exported["action_plan"]] == ["CV relu"]
    # Their own check-ins; the mentor's answers to the team are the mentor's.
    [check_in] = exported["check_ins"]
    assert (check_in["score"], check_in["comment"]) == (4, "Très utile")
    outcome = exported["outcome"]
    assert outcome["employer"] == "Crédit Mutuel"
    assert outcome["job_title"] == "Analyste"
    assert outcome["contract_type"] == "Contrat à durée indéterminée (CDI)"
    assert outcome["start_date"] == timezone.localdate().isoformat()
    assert "Avis du mentor" not in response.content.decode()


def test_the_mentors_export_holds_their_check_ins_and_introductions(mentor):
    mentorship = factories.MentorshipFactory(mentor=mentor)
    CheckIn.objects.create(
        mentorship=mentorship,
        author=mentor.user,
        role=CheckIn.Role.MENTOR,
        period=CheckIn.Period.MONTH_1,
        score=5,
        comment="Très motivée",
    )
    factories.IntroductionFactory(mentorship=mentorship)
    [exported] = privacy.export_user_data(mentor.user)["mentoring"]["mentorships"]
    assert exported["check_ins"][0]["comment"] == "Très motivée"
    assert exported["introductions"][0]["role"] == "Responsable du recrutement"
    assert exported["outcome"] is None
