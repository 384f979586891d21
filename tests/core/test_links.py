"""Lower apps reach higher apps' pages through ``nqt.core.links`` (DESIGN §3)."""

import pytest
from django.template import Context, Template

from nqt.core import links
from tests import factories


def test_a_registered_page_is_reversed_with_its_arguments():
    assert links.url("mentor_space") == "/espace-parrain/"


def test_the_template_tag_gives_the_same_address():
    html = Template('{% load links %}{% page_url "mentor_onboarding" %}').render(Context())
    assert html == links.url("mentor_onboarding")


def test_an_unknown_page_is_an_error_not_a_dead_link():
    with pytest.raises(KeyError):
        links.url("no_such_page")


@pytest.mark.django_db
def test_a_page_link_follows_the_permissions_the_page_checks():
    assert links.may_open(factories.StaffFactory(), "kpi_dashboard")
    assert not links.may_open(factories.StaffFactory(group=False), "kpi_dashboard")
    assert links.may_open(factories.NationalAdminFactory(), "kpi_dashboard")
    # A page that checks no model permission.
    assert links.may_open(factories.UserFactory(), "mentor_space")
    with pytest.raises(KeyError):
        links.may_open(factories.UserFactory(), "no_such_page")
