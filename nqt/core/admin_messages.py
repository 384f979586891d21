"""Django admin messages whose French our catalogue rewrites (locale/fr/LC_MESSAGES).

Django's own French reads as translated word for word ("Aucun(e) disponible", "Supprimer
les mises en relation sélectionnés", "Modification de entreprise partenaire"). Our
``LOCALE_PATHS`` catalogue wins over Django's, but ``make messages`` (makemessages
``--no-obsolete``) keeps only the messages found in our source: they are listed here so that
their French survives it. Nothing imports this module.

The admin's JavaScript messages (the two-box selectors) are in ``djangojs.po`` next to it,
which makemessages does not touch (it runs on the ``django`` domain only).
"""

from django.utils.translation import gettext_noop

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
    # The bulk delete action.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
]
