"""The site frame and the project's own pages: French by default, English on request,
navigation by role, "Mon espace" panels, the notification centre."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import Candidate
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_explains_the_programme_in_french(client):
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in content
    assert "Qui peut candidater ?" in content
    assert "moins de 30 ans" in content
    assert "15 jours" in content
    assert reverse("account_signup") in content


def test_visitors_can_switch_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in content
    assert "Who can apply?" in content


def test_the_language_cookie_is_not_sent_by_other_sites(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"


def test_base_template_is_accessible_and_self_hosted(client):
    content = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in content
    assert 'id="main"' in content
    assert "/static/vendor/bootstrap/bootstrap.min.css" in content
    assert "cdn" not in content.lower()
    assert reverse("legal_notice") in content
    assert reverse("privacy") in content


def test_security_headers_are_set(client):
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("anonymous", ["Se connecter", "Candidater"], ["Mon espace", "Administration"]),
        ("candidate", ["Mon espace", "Notifications"], ["Administration", "Se connecter"]),
        ("staff", ["Mon espace", "Administration"], ["Se connecter"]),
    ],
)
def test_navigation_fits_the_role(client, role, shown, hidden):
    if role == "candidate":
        client.force_login(factories.CandidateFactory().user)
    elif role == "staff":
        client.force_login(factories.StaffFactory())
    nav = client.get(reverse("home")).content.decode().split("</header>")[0]
    for text in shown:
        assert text in nav
    for text in hidden:
        assert text not in nav


def test_my_space_shows_the_candidates_own_file(login, candidate):
    factories.StatusChangeFactory(candidate=candidate)
    content = login(candidate.user).get(reverse("my_space")).content.decode()
    assert "Ma candidature" in content
    assert "Déposé" in content


def test_my_space_shows_the_mentors_mentees(login):
    mentorship = factories.MentorshipFactory(candidate__user__first_name="Inès")
    content = login(mentorship.mentor.user).get(reverse("my_space")).content.decode()
    assert "Mon parrainage" in content
    assert "Inès" in content
    assert "1 place disponible" in content


def test_my_space_shows_the_contacts_company(login, company_contact):
    content = login(company_contact.user).get(reverse("my_space")).content.decode()
    assert company_contact.company.name in content


def test_my_space_shows_staff_the_work_waiting_in_their_regions(login, staff):
    factories.CandidateFactory.create_batch(3)
    factories.EligibleCandidateFactory(department=factories.department("75"))
    response = login(staff).get(reverse("my_space"))
    [row] = response.context["panels"][0][1]["regions"]
    assert row["region"].slug == "grand-est"
    assert row["submitted"] == 3
    assert "eligible" not in row or row["eligible"] == 0


def test_my_space_without_a_role_says_what_comes_next(login):
    content = login(factories.UserFactory()).get(reverse("my_space")).content.decode()
    assert "Votre compte est prêt" in content


@pytest.mark.parametrize("count", [3, 60])
def test_staff_space_query_count_does_not_grow_with_data(
    login, staff, count, django_assert_max_num_queries
):
    factories.CandidateFactory.create_batch(count, status=Candidate.Status.SUBMITTED)
    client = login(staff)
    # The links shown follow the staff member's permissions (two queries, whatever the data).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("my_space")).status_code == 200


@pytest.mark.parametrize("count", [3, 45])
def test_notification_list_is_paginated_with_flat_queries(
    login, count, django_assert_max_num_queries
):
    user = factories.UserFactory()
    factories.NotificationFactory.create_batch(count, recipient=user)
    factories.NotificationFactory()  # someone else's
    client = login(user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications"))
    page = response.context["page"]
    assert len(page.object_list) == min(count, 20)
    assert page.paginator.count == count


def test_account_emails_are_not_listed_in_the_site(login):
    user = factories.UserFactory()
    factories.NotificationFactory(recipient=user, in_app=False, title="Confirmez votre adresse")
    content = login(user).get(reverse("notifications")).content.decode()
    assert "Confirmez votre adresse" not in content
    assert "aucune notification" in content


def test_unread_count_in_the_header_and_mark_all_read(login):
    user = factories.UserFactory()
    factories.NotificationFactory.create_batch(2, recipient=user)
    client = login(user)
    assert client.get(reverse("home")).context["unread_notifications"] == 2
    client.post(reverse("notifications_mark_read"))
    assert client.get(reverse("home")).context["unread_notifications"] == 0


def test_opening_a_notification_marks_it_read_and_follows_its_link(login):
    user = factories.UserFactory()
    notification = factories.NotificationFactory(recipient=user, url="/mon-espace/")
    response = login(user).post(
        reverse("notifications_mark_read"), {"notification": notification.pk}
    )
    assert response["Location"] == "/mon-espace/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_cannot_be_touched(login):
    notification = factories.NotificationFactory(url="/mon-espace/")
    response = login(factories.UserFactory()).post(
        reverse("notifications_mark_read"), {"notification": notification.pk}
    )
    assert response["Location"] == reverse("notifications")
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_not_found_page_speaks_french(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
