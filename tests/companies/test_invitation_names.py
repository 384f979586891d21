"""An invited mentor or company contact types their names as candidates do: letters only, no
markup, spaces tidied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from companies.models import Invitation
from nqt.core.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"


def accept(client, token: str, **names):
    return client.post(
        reverse("companies:invitation_accept", kwargs={"token": token}),
        {"password1": PASSWORD, "password2": PASSWORD, **names},
    )


@pytest.mark.parametrize("kind", [Invitation.Kind.MENTOR, Invitation.Kind.CONTACT])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "<script>alert(1)</script>"),
        ("last_name", "<b>Martin</b>"),
        ("last_name", "Martin 2"),
    ],
)
def test_a_name_with_markup_or_digits_is_refused(client, kind, field, value):
    invitation, token = factories.invitation_with_token(kind=kind)
    names = {"first_name": "Camille", "last_name": "Martin", field: value}
    response = accept(client, token, **names)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == ["invalid_name"]
    assert not User.objects.filter(email=invitation.email).exists()


def test_names_keep_accents_hyphens_and_apostrophes_with_spaces_tidied(client):
    invitation, token = factories.invitation_with_token(kind=Invitation.Kind.CONTACT)
    response = accept(client, token, first_name="  Jean-Noël  ", last_name="d’Orléans   Le Goff")
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert (user.first_name, user.last_name) == ("Jean-Noël", "d’Orléans Le Goff")
