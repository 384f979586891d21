"""A tampered admin form answers with its errors, never a 500 (DESIGN §12: bad input)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from nqt.core.admin_widgets import SafeAutocompleteAdmin
from nqt.core.models import AuthEvent
from tests import factories
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db


def post_changed(client, url: str, form_id: str, **changes: str):
    """GET the admin form at ``url``, then post what it shows with ``changes``."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id)
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data)


@pytest.mark.parametrize(
    ("factory", "url_name", "form_id"),
    [
        (factories.MentorFactory, "admin:mentoring_mentor_change", "mentor_form"),
        (
            factories.CompanyContactFactory,
            "admin:companies_companycontact_change",
            "companycontact_form",
        ),
    ],
    ids=["mentor", "company-contact"],
)
def test_a_company_that_is_not_an_id_is_a_form_error(
    login, national_admin, factory, url_name, form_id
):
    obj = factory()
    client = login(national_admin)
    url = reverse(url_name, args=[obj.pk])
    response = post_changed(client, url, form_id, company="abc")
    assert response.status_code == 200
    assert "company" in response.context["adminform"].form.errors


# --- Every registered admin ------------------------------------------------------------------


def test_every_autocomplete_renders_through_the_safe_widgets():
    for model, model_admin in admin.site._registry.items():
        for owner in [type(model_admin), *model_admin.inlines]:
            if owner.autocomplete_fields:
                assert issubclass(owner, SafeAutocompleteAdmin), (model._meta.label, owner)


@pytest.fixture
def one_of_each(db):
    """At least one row of every model the admin shows (its change form is walked)."""
    mentorship = factories.MentorshipFactory()
    factories.MeetingFactory(mentorship=mentorship)
    # A reported message: the only messages staff have a list of.
    factories.MessageFactory(
        mentorship=mentorship, reported_at=timezone.now(), reported_by=mentorship.mentor.user
    )
    factories.IntroductionFactory(mentorship=mentorship)
    factories.OutcomeFactory(mentorship=mentorship)
    candidate = factories.CandidateFactory()
    factories.DocumentFactory(candidate=candidate)
    factories.StatusChangeFactory(candidate=candidate)
    factories.SensitiveAccessFactory(candidate=candidate)
    factories.CompanyContactFactory(company=mentorship.mentor.company)
    factories.InvitationFactory(company=mentorship.mentor.company)
    factories.EligibleCandidateFactory()
    factories.NotificationFactory()
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=mentorship.mentor.user)
    Group.objects.get_or_create(name="Custom group")


def relation_fields(context) -> list[str]:
    """The posted names of the page's relation fields (its form's and its inlines' forms')."""
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets") or []:
        forms.extend(inline.formset.forms)
    return [
        form[name].html_name
        for form in forms
        for name, field in form.fields.items()
        if isinstance(field, ModelChoiceField)
    ]


def pages():
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        info = model._meta.app_label, model._meta.model_name
        yield pytest.param(model, f"admin:{info[0]}_{info[1]}_add", id=f"{model._meta.label}-add")
        yield pytest.param(
            model, f"admin:{info[0]}_{info[1]}_change", id=f"{model._meta.label}-change"
        )


@pytest.mark.parametrize(("model", "url_name"), list(pages()))
def test_every_relation_of_every_admin_form_survives_tampering(
    login, national_admin, one_of_each, model, url_name
):
    if url_name.endswith("_change"):
        request = RequestFactory().get("/")
        request.user = national_admin
        # A row the admin lists (the review queue shows only the files waiting).
        obj = admin.site._registry[model].get_queryset(request).order_by("pk").first()
        assert obj is not None, "one_of_each should make one"
        url = reverse(url_name, args=[obj.pk])
    else:
        url = reverse(url_name)
    client = login(national_admin)
    page = client.get(url)
    if page.status_code in (302, 403):
        return  # no such form for this model (added elsewhere, opened on another page)
    assert page.status_code == 200
    form_id = f"{model._meta.model_name}_form"
    names = relation_fields(page.context)
    for name in names:
        data = form_data(page.content.decode(), form_id)
        data[name] = ["abc"]
        response = client.post(url, data)
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 200:
            assert response.context["errors"], name
