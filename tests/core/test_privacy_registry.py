"""Every model that holds a person's data is part of the privacy registry (DESIGN §10).

The registry (``nqt.core.privacy``) says, handler by handler, which models it exports and
erases. This test walks every installed model: one tied to a person (a relation to the account,
or to a model already tied to a person: a candidate, a mentor, a mentorship, a message...) must
be covered by a handler, or be listed below with the reason it needs no export. A model added
later (messages, event registrations, staff notes) without its export and erasure fails here.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from nqt.core import privacy

# Models tied to a person that the export leaves out on purpose. Keep each reason honest: a
# model holding anything the person wrote, or anything about them beyond a link, belongs in a
# handler instead.
NOT_EXPORTED = {
    # Django's admin history: the staff member's own audit trail of their actions. Its only
    # trace of another person is ``object_repr`` (a name), which every erasure blanks
    # (``privacy.forget_in_admin_log``).
    "admin.LogEntry": "staff audit trail; the person's names in it are blanked on erasure",
    # allauth's pending confirmation of an address: a random key and a link to the address
    # (exported with the account, deleted on erasure, taking its confirmations with it).
    "account.EmailConfirmation": "a one-time key, deleted with the address it confirms",
}


def _relations(model) -> set:
    """The models ``model`` points to (foreign keys, one-to-one, many-to-many)."""
    return {
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is not None
    }


def _has_generic_relation(model) -> bool:
    return any(isinstance(field, GenericForeignKey) for field in model._meta.private_fields)


def models_tied_to_a_person() -> set[str]:
    """Labels of the concrete models that point, directly or through others, to an account.

    Proxies share their model's table and many-to-many tables are exported with the model
    that declares them, so both are left out; a generic relation can point to anyone.
    """
    user = apps.get_model("core", "User")
    candidates = [
        model
        for model in apps.get_models()
        if not model._meta.proxy and not model._meta.auto_created and model is not user
    ]
    tied = {user}
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in tied:
                continue
            if _relations(model) & tied or _has_generic_relation(model):
                tied.add(model)
                grew = True
    return {model._meta.label for model in tied}


def test_the_walk_finds_the_models_it_should():
    tied = models_tied_to_a_person()
    for label in (
        "core.User",
        "core.Notification",
        "candidates.Candidate",
        "candidates.StatusChange",
        "mentoring.Mentor",
        "mentoring.Mentorship",
        "mentoring.CheckIn",
        "mentoring.Outcome",
        "mentoring.ActionItem",
        "companies.Invitation",
    ):
        assert label in tied, label
    # Reference data holds nobody's data.
    assert "core.Region" not in tied
    assert "companies.Company" not in tied


def test_every_model_tied_to_a_person_is_exported_and_erased():
    covered = privacy.covered_models()
    missing = sorted(models_tied_to_a_person() - covered - set(NOT_EXPORTED))
    assert not missing, (
        f"{missing} hold data about a person but no privacy handler exports and erases them: "
        "add them to an app's privacy.register(..., models=[...]) with their export and "
        "erasure, or, if they hold no personal data, to NOT_EXPORTED with the reason."
    )


def test_the_registry_names_real_models_once():
    labels = [label for handler in privacy.handlers() for label in handler.models]
    assert len(labels) == len(set(labels)), "a model is covered by two handlers"
    for label in labels:
        model = apps.get_model(label)
        assert issubclass(model, models.Model), label
    assert not set(labels) & set(NOT_EXPORTED)
