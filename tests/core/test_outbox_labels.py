"""The outbox in the admin names each kind of notification in words, never by its code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from nqt.core import notifications
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:core_notification_changelist")


def sent(kind: str) -> Notification:
    return Notification.objects.create(
        recipient=factories.UserFactory(), email="inès@example.org", kind=kind, title="Objet"
    )


def test_every_kind_has_a_french_label():
    with translation.override("fr"):
        choices = notifications.kind_choices()
        codes = [code for code, _label in choices]
        labels = [str(label) for _code, label in choices]
    assert "proposal_received" in codes
    assert all(label and label != code for code, label in zip(codes, labels, strict=True))
    assert "Proposition de parrainage reçue" in labels
    assert len(set(labels)) == len(labels)


def test_the_outbox_list_and_filter_show_labels(login, national_admin):
    sent("proposal_received")
    sent("unmatched_digest")
    page = login(national_admin).get(CHANGELIST).content.decode()
    assert "Proposition de parrainage reçue" in page
    assert "Récapitulatif des jeunes en attente de parrain ou marraine" in page
    # The codes appear only inside the filter's links, never as text.
    assert ">proposal_received<" not in page
    assert "proposal_received</td>" not in page


def test_filtering_by_kind_lists_that_kind_only(login, national_admin):
    wanted = sent("proposal_received")
    sent("unmatched_digest")
    response = login(national_admin).get(CHANGELIST, {"kind": "proposal_received"})
    assert list(response.context["cl"].queryset) == [wanted]


def test_the_view_page_shows_the_label(login, national_admin):
    notification = sent("durability_check")
    url = reverse("admin:core_notification_change", args=[notification.pk])
    page = login(national_admin).get(url).content.decode()
    assert "Question des six mois" in page
    assert "durability_check" not in page
