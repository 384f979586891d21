"""Follow-up at national scale (60 000 mentorships, 300 000 meetings): the staff's mentorship
list in the admin (plain and "needs attention") and the mentorship page, against a trivial
view measured in the same run. Target: under 25 ms of server time."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from mentoring.models import Mentorship
from nqt.core.models import Region, User
from nqt.core.staff import REGIONAL_STAFF_GROUP
from tests.bench.conftest import measure, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


@pytest.fixture
def staff_client(national_data):
    region = Region.objects.get(slug="grand-est")
    staff = User.objects.create(email="bench-staff@example.org", is_staff=True)
    staff.managed_regions.set([region])
    staff.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    client = Client()
    client.force_login(staff)
    return client


def test_staff_mentorship_list(staff_client, trivial_view):
    url = reverse("admin:mentoring_mentorship_changelist")
    figures = measure(lambda: staff_client.get(url), repeat=20)
    report("admin: a region's mentorships (page 1)", figures, baseline=trivial_view)
    figures = measure(lambda: staff_client.get(url, {"attention": "all"}), repeat=20)
    report("admin: mentorships needing attention", figures, baseline=trivial_view)
    figures = measure(lambda: staff_client.get(url, {"status__exact": "active"}), repeat=20)
    report("admin: active mentorships", figures, baseline=trivial_view)


def test_mentorship_page(national_data, trivial_view):
    mentorship = (
        Mentorship.objects.filter(status="active")
        .select_related("candidate__user")
        .order_by("-last_meeting_on")
        .first()
    )
    client = Client()
    client.force_login(mentorship.candidate.user)
    url = reverse("mentoring:mentorship", args=[mentorship.pk])
    assert client.get(url).status_code == 200
    figures = measure(lambda: client.get(url), repeat=30)
    report("mentorship page (candidate)", figures, baseline=trivial_view)
