"""Follow-up at national scale (60 000 mentorships, 300 000 meetings): the staff's mentorship
list in the admin (plain and "needs attention") and the mentorship page, against a trivial
view measured in the same run. Target: under 25 ms of server time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentoring.models import Mentorship
from tests.bench.conftest import measure_page, report

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_staff_mentorship_list(bench_users, trivial_view, django_db_blocker):
    url = reverse("admin:mentoring_mentorship_changelist")
    staff = bench_users["staff_grand_est"]
    with django_db_blocker.unblock():
        for label, params in (
            ("admin: a region's mentorships (page 1)", {}),
            ("admin: mentorships needing attention", {"attention": "all"}),
            ("admin: active mentorships", {"status__exact": "active"}),
        ):
            figures = measure_page(url, user=staff, params=params)
            report(label, figures, baseline=trivial_view)


def test_mentorship_page(national_data, trivial_view, django_db_blocker):
    with django_db_blocker.unblock():
        mentorship = (
            Mentorship.objects.filter(status="active")
            .select_related("candidate__user")
            .order_by("-last_meeting_on")
            .first()
        )
        url = reverse("mentoring:mentorship", args=[mentorship.pk])
        figures = measure_page(url, user=mentorship.candidate.user, repeat=30)
    report("mentorship page (candidate)", figures, baseline=trivial_view)
