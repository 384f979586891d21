from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "nqt.core"
    label = "core"
    verbose_name = _("Platform")
    # Model permissions given to the regional staff group (see nqt/core/staff.py).
    regional_staff_permissions = (
        "view_region",
        "view_department",
        "view_sector",
        "view_jobfamily",
        "view_language",
    )

    def ready(self) -> None:
        from . import collation, privacy, security, staff

        privacy.register_core_handlers()
        security.connect()
        post_migrate.connect(staff.ensure_regional_staff_group, dispatch_uid="core-staff-group")
        # SQLite (make run) gets the French collation that PostgreSQL has from ICU.
        connection_created.connect(collation.register, dispatch_uid="core-french-collation")
        checks.register(collation.check_collation, checks.Tags.database)
