"""Django admin messages whose French our catalogue rewrites (locale/fr/LC_MESSAGES).

Django's own French reads as translated word for word ("Aucun(e) disponible", "Supprimer
les mises en relation sélectionnés", "Modification de entreprise partenaire", "L'objet
parrainage « … » a été modifié avec succès"). Our
``LOCALE_PATHS`` catalogue wins over Django's, but ``make messages`` (makemessages
``--no-obsolete``) keeps only the messages found in our source: they are listed here so that
their French survives it. Nothing imports this module.

The admin's JavaScript messages (the two-box selectors) are in ``djangojs.po`` next to it,
which makemessages does not touch (it runs on the ``django`` domain only).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN_MESSAGES = [
    # The index's box of one's recent changes, when there are none.
    gettext_noop("None available"),
    # Titles of the add, change and view pages.
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    # The list's "add" button, the inlines' "add another" link.
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    # The bulk delete action, and the confirmation pages.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    # The heading of the list of what a deletion takes with it.
    gettext_noop("Objects"),
    # The messages after a save or a deletion.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    # The list's checkbox that selects every row (its accessible name).
    gettext_noop("Select all objects on this page for an action"),
    # The icons beside a related field.
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
]
