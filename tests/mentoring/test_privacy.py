"""A mentor's profile and the notes of their mentorships in the export, and forgotten on
erasure while the anonymous statistics stay (DESIGN §10)."""

from __future__ import annotations

import pytest

from mentoring.models import Meeting, Mentor, Mentorship
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
