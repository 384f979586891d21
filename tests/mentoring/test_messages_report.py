"""Reporting a message: one of the other party's, with a confirmation step; the region's
staff are told and read that message (only reported ones) in the admin, each read logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from candidates.models import SensitiveAccess
from mentoring.models import Message
from mentoring.workspace import conversation
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return factories.MentorshipFactory()


@pytest.fixture
def rude(pair):
    return factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="Texte déplacé")


def report_url(message) -> str:
    return reverse("mentoring:message_report", args=[message.mentorship_id, message.pk])


def test_the_candidate_reports_after_a_confirmation_page(login, pair, rude, staff, other_staff):
    client = login(pair.candidate.user)
    confirm = client.get(report_url(rude))
    assert confirm.status_code == 200
    assert "Texte déplacé" in confirm.content.decode()
    rude.refresh_from_db()
    assert rude.reported_at is None  # a GET changes nothing
    response = client.post(report_url(rude), {"reason": "Propos blessants"}, follow=True)
    assert "Le message est signalé" in response.content.decode()
    rude.refresh_from_db()
    assert rude.reported_at is not None
    assert rude.reported_by == pair.candidate.user
    assert rude.report_reason == "Propos blessants"
    told = Notification.objects.filter(kind="message_reported")
    assert list(told.values_list("recipient", flat=True)) == [staff.pk]
    notification = told.get()
    assert "Message signalé" in notification.title
    # The e-mail leads to the admin, where the read is logged; it never quotes the text.
    assert "Texte déplacé" not in notification.body_text + notification.body_html
    assert notification.url == reverse("admin:mentoring_reportedmessage_change", args=[rude.pk])


def test_the_author_is_not_told_of_the_report(login, pair, rude):
    conversation.message_report(message=rude, by=pair.candidate.user)
    page = reverse("mentoring:mentorship", args=[pair.pk])
    reporter = login(pair.candidate.user).get(page).content.decode()
    assert "Signalé à l&#x27;équipe régionale" in reporter or "Signalé à l'équipe" in reporter
    author = login(pair.mentor.user).get(page).content.decode()
    assert "Texte déplacé" in author
    assert "Signalé à l" not in author
    assert report_url(rude) not in author


def test_one_cannot_report_ones_own_or_twice(pair, rude, staff):
    with pytest.raises(ValidationError):
        conversation.message_report(message=rude, by=pair.mentor.user)
    conversation.message_report(message=rude, by=pair.candidate.user)
    with pytest.raises(ValidationError):
        conversation.message_report(message=rude, by=pair.candidate.user)
    assert Notification.objects.filter(kind="message_reported").count() == 1


def test_an_erased_persons_message_cannot_be_reported(login, pair):
    gone = factories.MessageFactory(mentorship=pair, author=None, body="Message supprimé")
    assert login(pair.candidate.user).get(report_url(gone)).status_code == 404


def test_staff_read_only_reported_messages_and_each_read_is_logged(login, pair, rude, staff):
    quiet = factories.MessageFactory(mentorship=pair, body="Pas signalé")
    conversation.message_report(message=rude, by=pair.candidate.user, reason="Insultes")
    client = login(staff)
    listing = client.get(reverse("admin:mentoring_reportedmessage_changelist"))
    assert listing.status_code == 200
    assert "Pas signalé" not in listing.content.decode()
    change = client.get(reverse("admin:mentoring_reportedmessage_change", args=[rude.pk]))
    assert change.status_code == 200
    assert "Texte déplacé" in change.content.decode()
    assert "Insultes" in change.content.decode()
    log = SensitiveAccess.objects.get(what=SensitiveAccess.What.MESSAGE)
    assert log.staff == staff
    assert log.candidate == pair.candidate
    not_reported = reverse("admin:mentoring_reportedmessage_change", args=[quiet.pk])
    assert client.get(not_reported).status_code == 404
    assert SensitiveAccess.objects.count() == 1


def test_staff_of_another_region_do_not_see_the_report(login, pair, rude, other_staff):
    conversation.message_report(message=rude, by=pair.candidate.user)
    client = login(other_staff)
    url = reverse("admin:mentoring_reportedmessage_change", args=[rude.pk])
    assert client.get(url).status_code == 404


def test_a_reported_messages_document_is_served_to_staff_and_logged(login, pair, rude, staff):
    rude.attachment_name = "pièce.pdf"
    rude.attachment.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = reverse("mentoring:message_attachment", args=[pair.pk, rude.pk])
    client = login(staff)
    assert client.get(url).status_code == 404
    assert not SensitiveAccess.objects.exists()
    conversation.message_report(message=rude, by=pair.candidate.user)
    response = client.get(url)
    assert response.status_code == 200
    assert (
        "pi%C3%A8ce.pdf" in response["Content-Disposition"]
        or "pièce" in (response["Content-Disposition"])
    )
    assert "no-store" in response["Cache-Control"]
    assert SensitiveAccess.objects.filter(what=SensitiveAccess.What.MESSAGE).count() == 1


def test_the_parties_download_a_document_under_its_original_name(login, pair, rude):
    rude.attachment_name = "Plan d'action.pdf"
    rude.attachment.save("b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = login(pair.candidate.user).get(
        reverse("mentoring:message_attachment", args=[pair.pk, rude.pk])
    )
    assert response.status_code == 200
    assert "Plan" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not SensitiveAccess.objects.exists()
    assert Message.objects.get(pk=rude.pk).reported_at is None
