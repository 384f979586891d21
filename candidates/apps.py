from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Applications")
    regional_staff_permissions = (
        "view_candidate",
        "change_candidate",
        "view_document",
        "view_statuschange",
    )

    def ready(self) -> None:
        from nqt.core import roles

        roles.register_profile_role(roles.CANDIDATE, "candidates.Candidate")
