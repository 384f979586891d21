"""The conversation on the mentorship page: messages in order, the empty state, the unread
marker, escaping, older pages, htmx polling and posting (with and without JavaScript), what
staff see (counts, never text), and flat query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship, Message
from mentoring.workspace import conversation
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def pair():
    return factories.MentorshipFactory(
        candidate__user__first_name="Inès", mentor__user__first_name="Hugo"
    )


def page(pair, query="") -> str:
    return reverse("mentoring:mentorship", args=[pair.pk]) + query


def many(pair, count: int) -> list[Message]:
    start = timezone.now() - datetime.timedelta(days=10)
    rows = [
        Message(
            mentorship=pair,
            author=pair.candidate.user if n % 2 else pair.mentor.user,
            body=f"message numéro {n}",
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    return Message.objects.bulk_create(rows)


def test_the_empty_state_invites_to_write_first(login, pair):
    content = login(pair.candidate.user).get(page(pair)).content.decode()
    assert "Pas encore de message\u00a0: écrivez le premier." in content
    assert 'id="message-form"' in content
    assert 'hx-trigger="every 15s"' in content


def test_messages_in_order_with_first_names_times_and_the_unread_marker(login, pair):
    factories.MessageFactory(mentorship=pair, body="Bonjour Hugo")
    factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="Bonjour Inès")
    content = login(pair.mentor.user).get(page(pair)).content.decode()
    assert content.index("Bonjour Hugo") < content.index("Bonjour Inès")
    assert "<time datetime=" in content
    assert "Inès</strong>" in content
    # The mentor's unread message is the candidate's: the marker comes before it.
    assert content.index("Nouveaux messages") < content.index("Bonjour Hugo")
    # Viewing marked it read: the marker is gone on the next view.
    pair.refresh_from_db()
    assert pair.mentor_read_at is not None
    assert "Nouveaux messages" not in login(pair.mentor.user).get(page(pair)).content.decode()


def test_an_erased_author_shows_as_a_deleted_account(login, pair):
    factories.MessageFactory(mentorship=pair, author=None, body="Message supprimé")
    content = login(pair.mentor.user).get(page(pair)).content.decode()
    assert "Compte supprimé" in content


def test_markup_shows_as_text_and_only_web_links_are_clickable(login, pair):
    factories.MessageFactory(
        mentorship=pair,
        body="<script>alert(1)</script> <a href=javascript:alert(2)>clic</a> "
        "javascript:alert(3) https://www.apec.fr/offres?x=1&y=2 moi@example.org\nligne",
    )
    content = login(pair.mentor.user).get(page(pair)).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;a href=javascript:alert(2)&gt;" in content
    assert 'href="javascript' not in content
    assert (
        '<a href="https://www.apec.fr/offres?x=1&amp;y=2" rel="nofollow noopener noreferrer">'
        in content
    )
    assert "mailto:moi@example.org" not in content
    assert "moi@example.org<br>ligne" in content


def test_the_page_shows_the_last_50_and_links_to_the_earlier_ones(login, pair):
    rows = many(pair, 60)
    content = login(pair.candidate.user).get(page(pair)).content.decode()
    assert "message numéro 59" in content
    assert "message numéro 10<" in content
    assert "message numéro 9<" not in content
    assert f"?avant={rows[10].pk}" in content
    # Without JavaScript: the page of earlier messages.
    older = login(pair.candidate.user).get(page(pair, f"?avant={rows[10].pk}"))
    text = older.content.decode()
    assert "message numéro 9<" in text
    assert "message numéro 0<" in text
    assert "message numéro 10<" not in text
    assert "Revenir aux derniers messages" in text
    assert 'hx-trigger="every 15s"' not in text
    # With htmx: the fragment only.
    fragment = login(pair.candidate.user).get(
        reverse("mentoring:messages_older", args=[pair.pk]) + f"?avant={rows[10].pk}", **HTMX
    )
    assert fragment.status_code == 200
    assert "message numéro 0<" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_a_tampered_avant_is_ignored(login, pair):
    many(pair, 3)
    response = login(pair.candidate.user).get(page(pair, "?avant=abc"))
    assert response.status_code == 200
    assert "message numéro 2" in response.content.decode()


@pytest.mark.parametrize("count", [5, 200])
def test_the_page_queries_do_not_grow_with_the_conversation(
    login, pair, count, django_assert_max_num_queries
):
    many(pair, count)
    client = login(pair.candidate.user)
    with django_assert_max_num_queries(30):
        response = client.get(page(pair))
    assert response.status_code == 200


def test_query_counts_are_equal_for_5_and_200_messages(login, django_assert_num_queries):
    counts = []
    for count in (5, 200):
        pair = factories.MentorshipFactory()
        many(pair, count)
        client = login(pair.candidate.user)
        client.get(page(pair))  # the session and the read mark settle
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as page_queries:
            client.get(page(pair))
        last = pair.messages.order_by("pk").first().pk
        with CaptureQueriesContext(connection) as poll_queries:
            client.get(reverse("mentoring:messages_new", args=[pair.pk]) + f"?apres={last}", **HTMX)
        staff = login(factories.StaffFactory())
        with CaptureQueriesContext(connection) as staff_queries:
            staff.get(page(pair))
        counts.append((len(page_queries), len(poll_queries), len(staff_queries)))
        client.logout()
    assert counts[0] == counts[1]


def test_polling_brings_the_newer_messages_and_marks_them_read(login, pair):
    first = factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="un")
    client = login(pair.candidate.user)
    url = reverse("mentoring:messages_new", args=[pair.pk])
    assert client.get(f"{url}?apres={first.pk}", **HTMX).status_code == 204
    factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="deux")
    before = timezone.now()
    response = client.get(f"{url}?apres={first.pk}", **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "deux" in content
    assert ">un<" not in content
    assert 'id="conversation-after"' in content
    assert "1 nouveau message" in content
    # The page had messages: there is no "no message yet" line to remove.
    assert "conversation-empty" not in content
    pair.refresh_from_db()
    assert pair.candidate_read_at >= before


def test_posting_with_htmx_returns_the_new_messages_and_a_fresh_form(login, pair):
    client = login(pair.candidate.user)
    url = reverse("mentoring:message_send", args=[pair.pk])
    response = client.post(url, {"body": "Bonjour !", "apres": "0"}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bonjour !" in content
    assert 'hx-swap-oob="true"' in content
    # The first message removes the "no message yet" line.
    assert '<li id="conversation-empty" hx-swap-oob="delete">' in content
    assert Message.objects.filter(body="Bonjour !").exists()


def test_posting_with_htmx_a_bad_message_shows_the_form_with_its_error(login, pair):
    client = login(pair.candidate.user)
    url = reverse("mentoring:message_send", args=[pair.pk])
    response = client.post(url, {"body": "a" * 10_000, "apres": "0"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#message-form"
    assert "4000" in response.content.decode()
    assert not Message.objects.exists()


def test_posting_without_javascript_redirects_to_the_conversation(login, pair):
    client = login(pair.candidate.user)
    url = reverse("mentoring:message_send", args=[pair.pk])
    response = client.post(url, {"body": "Sans JavaScript"})
    assert response.status_code == 302
    assert response.url.endswith("#conversation")
    followed = client.get(response.url)
    assert "Sans JavaScript" in followed.content.decode()
    assert "Message envoyé." in followed.content.decode()
    response = client.post(url, {"body": "   "}, follow=True)
    assert "Écrivez votre message avant de l" in response.content.decode()


def test_after_the_end_the_conversation_is_read_only(login):
    ended = factories.MentorshipFactory(status=Mentorship.Status.COMPLETED, ended_at=timezone.now())
    factories.MessageFactory(mentorship=ended, body="Merci pour tout")
    client = login(ended.candidate.user)
    content = client.get(page(ended)).content.decode()
    assert "Merci pour tout" in content
    assert 'id="message-form"' in content
    assert "plus y écrire" in content
    assert "<textarea" not in content.split('id="conversation"')[1].split("</section>")[0]
    response = client.post(reverse("mentoring:message_send", args=[ended.pk]), {"body": "Encore"})
    assert response.status_code == 302
    assert not Message.objects.filter(body="Encore").exists()


def test_staff_see_how_much_the_pair_writes_never_what(login, pair, staff):
    factories.MessageFactory(mentorship=pair, body="Secret du binôme")
    factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="Réponse privée")
    factories.MessageFactory(mentorship=pair, author=pair.mentor.user, body="Encore privé")
    content = login(staff).get(page(pair)).content.decode()
    assert "Secret du binôme" not in content
    assert "Réponse privée" not in content
    assert "1 message du ou de la candidat·e" in content
    assert "2 messages du parrain ou de la marraine" in content
    assert "Dernier message" in content
    pair.refresh_from_db()
    assert pair.candidate_read_at is None
    assert pair.mentor_read_at is None
    admin = login(staff).get(reverse("admin:mentoring_mentorship_change", args=[pair.pk]))
    text = admin.content.decode()
    assert "2 messages du parrain ou de la marraine" in text
    assert "Secret du binôme" not in text


def test_the_contacts_card_points_to_the_conversation(login, pair):
    content = login(pair.candidate.user).get(page(pair)).content.decode()
    assert "mailto:" not in content
    assert 'href="#conversation"' in content
    assert pair.mentor.user.email in content


def test_counts_are_stats_of_one_query(pair, django_assert_num_queries):
    many(pair, 7)
    with django_assert_num_queries(1):
        stats = conversation.conversation_stats(pair)
    assert (stats.candidate_messages, stats.mentor_messages) == (3, 4)
