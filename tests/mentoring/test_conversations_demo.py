"""The demo's pairs write to each other: the login candidate has one unread message from
their mentor, one message of another pair is reported to the team, and every conversation
sits inside its mentorship and within the 12 months the purge keeps."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import F, Q
from django.test import TestCase

from mentoring.models import Mentorship, Message, ReportedMessage
from mentoring.workspace import conversation, unread
from nqt.core.models import User
from nqt.demo import data as demo


class TestDemoConversations(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", "--force", stdout=io.StringIO())

    def test_the_login_candidate_reads_one_unread_message_from_their_mentor(self):
        candidate = User.objects.get(email=demo.CANDIDATE_LOGIN.email)
        header = unread.header_unread(candidate)
        assert header.count == 1
        (pk,) = unread.unread_by_mentorship(candidate)
        last = Message.objects.filter(mentorship_id=pk).last()
        assert last.author.email == demo.MENTOR_LOGIN.email
        assert unread.unread_by_mentorship(last.author) == {}

    def test_one_message_is_reported_by_the_other_party(self):
        (reported,) = ReportedMessage.objects.filter(reported_at__isnull=False).select_related(
            "mentorship__candidate", "mentorship__mentor"
        )
        assert reported.reported_by_id == reported.mentorship.candidate.user_id
        assert reported.author_id == reported.mentorship.mentor.user_id
        assert reported.report_reason
        assert reported.created_at <= reported.reported_at

    def test_conversations_sit_inside_their_mentorship_and_survive_the_purge(self):
        assert Message.objects.count() > 100
        assert Message.objects.filter(mentorship__status__in=Mentorship.ENDED_STATUSES).exists(), (
            "some ended pairs keep a read-only conversation"
        )
        outside = Message.objects.filter(
            Q(created_at__lt=F("mentorship__started_at"))
            | Q(created_at__gt=F("mentorship__ended_at"))
            | ~(
                Q(author=F("mentorship__candidate__user")) | Q(author=F("mentorship__mentor__user"))
            )
        )
        assert not outside.exists()
        assert conversation.conversations_purge() == 0

    def test_a_second_run_adds_no_message(self):
        before = Message.objects.count()
        call_command("seed_demo", "--force", stdout=io.StringIO())
        assert Message.objects.count() == before
