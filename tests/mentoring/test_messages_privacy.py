"""The conversation in a person's export, at their erasure (their messages go, the other
party's stay without their name) and in the daily purge (12 months after the end)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from mentoring.models import Mentorship, Message
from mentoring.tasks import purge_old_conversations
from mentoring.workspace import conversation
from nqt.core import privacy
from tests import factories
from tests.mentoring.test_erasure import rows_containing

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Yasmina",
        candidate__user__last_name="Ouardi",
        mentor__user__first_name="Bertrand",
        mentor__user__last_name="Lefebvre",
    )


def with_document(message: Message, name: str) -> Message:
    message.attachment_name = name
    message.attachment.save("doc.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return message


def test_the_export_holds_both_parties_messages_as_roles(pair):
    with_document(
        factories.MessageFactory(mentorship=pair, body="Mon CV en pièce jointe"), "CV.pdf"
    )
    factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="Merci, je lis")
    for user, role in ((pair.candidate.user, "candidate"), (pair.mentor.user, "mentor")):
        data = privacy.export_user_data(user)
        [exported] = data["mentoring"]["mentorships"]
        assert [(m["author"], m["text"], m["document"]) for m in exported["messages"]] == [
            ("candidate", "Mon CV en pièce jointe", "CV.pdf"),
            ("mentor", "Merci, je lis", ""),
        ]
        assert exported["messages"][0]["sent_at"]
        assert exported["as"] == role
        assert "Lefebvre" not in str(exported["messages"])


def test_erasure_removes_the_persons_messages_and_their_name_from_the_others(
    pair, django_capture_on_commit_callbacks
):
    own = with_document(
        factories.MessageFactory(mentorship=pair, body="Yasmina Ouardi, 06 12 34 56 78"),
        "CV Yasmina Ouardi.pdf",
    )
    stored = own.attachment.name
    reply = factories.MessageFactory(
        mentorship=pair, author=pair.mentor.user, body="Bonjour Yasmina, bravo Ouardi !"
    )
    conversation.message_report(message=reply, by=pair.candidate.user, reason="Yasmina signale")
    assert default_storage.exists(stored)

    # The document goes once the erasure is committed (a rollback keeps it).
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(pair.candidate.user)

    own.refresh_from_db()
    assert own.author is None
    assert own.body == "Message supprimé"
    assert own.attachment_name == ""
    assert not own.attachment
    assert not default_storage.exists(stored)
    reply.refresh_from_db()
    assert reply.author == pair.mentor.user
    assert "Yasmina" not in reply.body
    assert "Ouardi" not in reply.body
    assert reply.body.startswith("Bonjour ")
    assert reply.reported_by is None
    assert reply.report_reason == ""
    assert rows_containing(["Yasmina", "Ouardi"]) == []
    # The mentor still reads the conversation, the erased side as "Compte supprimé".
    stats = conversation.conversation_stats(Mentorship.objects.get(pk=pair.pk))
    assert (stats.erased_messages, stats.mentor_messages) == (1, 1)


def test_the_purge_deletes_conversations_ended_over_12_months_ago(
    pair, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = factories.MentorshipFactory(
        status=Mentorship.Status.COMPLETED,
        proposed_at=now - datetime.timedelta(days=600),
        answered_at=now - datetime.timedelta(days=590),
        started_at=now - datetime.timedelta(days=590),
        ended_at=now - datetime.timedelta(days=366),
    )
    recent = factories.MentorshipFactory(
        status=Mentorship.Status.INTERRUPTED,
        proposed_at=now - datetime.timedelta(days=500),
        answered_at=now - datetime.timedelta(days=490),
        started_at=now - datetime.timedelta(days=490),
        ended_at=now - datetime.timedelta(days=300),
    )
    gone = with_document(factories.MessageFactory(mentorship=old), "a.pdf")
    stored = gone.attachment.name
    kept = [
        factories.MessageFactory(mentorship=recent).pk,
        factories.MessageFactory(mentorship=pair).pk,
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_old_conversations.apply().get() == 1
    assert sorted(Message.objects.values_list("pk", flat=True)) == sorted(kept)
    assert not default_storage.exists(stored)
    # The mentorship itself stays (its statistics).
    assert Mentorship.objects.filter(pk=old.pk).exists()
    assert purge_old_conversations.apply().get() == 0
