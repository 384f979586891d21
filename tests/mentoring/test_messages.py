"""Writing in the pair's conversation (the service): who may write, the limits, the read
marks the unread counts read, the document checked like the application's uploads."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates.uploads import check_upload
from mentoring.models import Mentorship, Message
from mentoring.workspace import conversation
from mentoring.workspace.forms import MessageForm
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def pair():
    return factories.MentorshipFactory()


def send(pair, author, body="Bonjour, on se voit jeudi ?", **kwargs) -> Message:
    return conversation.message_send(mentorship=pair, author=author, body=body, **kwargs)


def test_either_party_writes_and_the_message_is_kept_trimmed(pair):
    first = send(pair, pair.candidate.user, body="  Bonjour !  \n")
    reply = send(pair, pair.mentor.user, body="Bonjour, avec plaisir.")
    assert list(pair.messages.values_list("author", "body")) == [
        (pair.candidate.user.pk, "Bonjour !"),
        (pair.mentor.user.pk, "Bonjour, avec plaisir."),
    ]
    assert first.created_at <= reply.created_at


@pytest.mark.parametrize("body", ["", "   ", "\n\t \n"])
def test_an_empty_message_is_refused(pair, body):
    with pytest.raises(ValidationError) as error:
        send(pair, pair.candidate.user, body=body)
    assert "Écrivez votre message" in error.value.message_dict["body"][0]
    assert not Message.objects.exists()


def test_a_message_longer_than_the_limit_is_refused_with_its_length(pair):
    send(pair, pair.candidate.user, body="a" * Message.MAX_LENGTH)
    with pytest.raises(ValidationError) as error:
        send(pair, pair.candidate.user, body="a" * 10_000)
    assert "4000" in error.value.message_dict["body"][0]
    assert "10000" in error.value.message_dict["body"][0]
    assert Message.objects.count() == 1


def test_the_form_says_the_same_for_10000_characters():
    form = MessageForm(data={"body": "a" * 10_000})
    assert not form.is_valid()
    assert "4000" in form.errors["body"][0]
    assert not MessageForm(data={"body": "  "}).is_valid()


def test_thirty_messages_an_hour_then_a_clear_refusal(pair):
    author = pair.candidate.user
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(conversation.RATE_LIMIT):
            send(pair, author, body=f"message {n}")
    later = start + datetime.timedelta(minutes=30)
    with time_machine.travel(later, tick=False), pytest.raises(ValidationError) as error:
        send(pair, author, body="un de trop")
    assert "30 messages dans l'heure" in error.value.messages[0]
    assert Message.objects.count() == conversation.RATE_LIMIT
    # The other party is not limited by the first one's messages.
    send(pair, pair.mentor.user)
    # An hour after the first ones, the author writes again.
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        send(pair, author, body="de nouveau")


def test_the_limit_counts_the_persons_messages_in_all_their_conversations(pair):
    # A mentor with two mentees: one limit for the person.
    other = factories.MentorshipFactory(mentor=pair.mentor)
    for n in range(conversation.RATE_LIMIT):
        send(pair if n % 2 else other, pair.mentor.user, body=f"message {n}")
    with pytest.raises(ValidationError):
        send(pair, pair.mentor.user)


@pytest.mark.parametrize("status", [Mentorship.Status.COMPLETED, Mentorship.Status.INTERRUPTED])
def test_an_ended_mentorship_is_read_only(status):
    ended = factories.MentorshipFactory(status=status, ended_at=timezone.now())
    for author in (ended.candidate.user, ended.mentor.user):
        with pytest.raises(conversation.ConversationClosed):
            send(ended, author)
    assert not Message.objects.exists()


def test_the_status_is_read_again_under_the_lock(pair):
    # A stale object (the page loaded before the end) does not let a message through.
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.COMPLETED, ended_at=timezone.now()
    )
    with pytest.raises(conversation.ConversationClosed):
        send(pair, pair.candidate.user)


def test_nobody_else_writes_in_a_pairs_conversation(pair):
    for outsider in (
        factories.StaffFactory(),
        factories.NationalAdminFactory(),
        factories.MentorFactory().user,
        factories.CandidateFactory().user,
    ):
        with pytest.raises(conversation.ConversationClosed):
            send(pair, outsider)
    assert not Message.objects.exists()


def test_writing_marks_the_conversation_read_for_the_author_only(pair):
    send(pair, pair.candidate.user)
    pair.refresh_from_db()
    assert pair.candidate_read_at is not None
    assert pair.mentor_read_at is None


def test_a_read_mark_never_goes_backwards(pair):
    later = timezone.now()
    conversation.conversation_read(mentorship=pair, user=pair.mentor.user, at=later)
    conversation.conversation_read(
        mentorship=pair, user=pair.mentor.user, at=later - datetime.timedelta(minutes=5)
    )
    pair.refresh_from_db()
    assert pair.mentor_read_at == later


def test_staff_reading_write_no_mark(pair):
    assert not conversation.conversation_read(mentorship=pair, user=factories.StaffFactory())
    pair.refresh_from_db()
    assert pair.candidate_read_at is None
    assert pair.mentor_read_at is None


def test_the_first_unread_message_is_the_other_partys_first_after_the_mark(pair):
    mentor, candidate = pair.mentor.user, pair.candidate.user
    send(pair, mentor, body="un")
    conversation.conversation_read(mentorship=pair, user=candidate)
    mine = send(pair, candidate, body="deux")
    Mentorship.objects.filter(pk=pair.pk).update(candidate_read_at=mine.created_at)
    pair.refresh_from_db()
    third = send(pair, mentor, body="trois")
    send(pair, mentor, body="quatre")
    page = conversation.conversation_page(mentorship=pair, user=candidate)
    assert page.first_unread_id == third.pk
    # Never read: every message of the other party is unread, one's own never.
    Mentorship.objects.filter(pk=pair.pk).update(mentor_read_at=None)
    pair.refresh_from_db()
    page = conversation.conversation_page(mentorship=pair, user=mentor)
    assert page.first_unread_id == mine.pk


# --- The document ----------------------------------------------------------------------------


def pdf(name="plan d'action.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_pdf_is_stored_privately_under_a_server_made_name(pair):
    checked = MessageForm(data={"body": "Mon CV"}, files={"attachment": pdf("../CV Ana.pdf")})
    assert checked.is_valid(), checked.errors
    message = send(pair, pair.candidate.user, attachment=checked.cleaned_data["attachment"])
    assert message.attachment_name == "CV Ana.pdf"
    assert message.attachment.name.startswith("messages/")
    assert "Ana" not in message.attachment.name
    assert default_storage.exists(message.attachment.name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),  # HTML renamed .pdf
        ("notes.txt", b"just text"),
        ("macro.docx", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_a_document_is_checked_by_its_content_not_its_name(name, content):
    form = MessageForm(data={"body": "Voici"}, files={"attachment": pdf(name, content)})
    assert not form.is_valid()
    assert "PDF, JPEG ou PNG" in form.errors["attachment"][0]


def test_an_empty_or_oversized_document_is_refused():
    form = MessageForm(data={"body": "Voici"}, files={"attachment": pdf(content=b"")})
    assert not form.is_valid()
    big = PDF + b"0" * (5 * 1024 * 1024)
    form = MessageForm(data={"body": "Voici"}, files={"attachment": pdf(content=big)})
    assert not form.is_valid()
    assert "trop volumineux" in form.errors["attachment"][0]


def test_a_refused_message_leaves_no_file_behind(pair, tmp_path):
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.COMPLETED)
    checked = check_upload(pdf(), kind="proof_qpv")
    with pytest.raises(ValidationError):
        send(pair, pair.candidate.user, attachment=checked)
    assert not (tmp_path / "media" / "messages").exists()
