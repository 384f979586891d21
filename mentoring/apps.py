from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")
    regional_staff_permissions = (
        "view_mentor",
        "change_mentor",
        "view_mentorship",
        "add_mentorship",
        "change_mentorship",
        "view_meeting",
        "view_introduction",
        "view_outcome",
        "change_outcome",
    )

    def ready(self) -> None:
        from nqt.core import roles

        roles.register_profile_role(roles.MENTOR, "mentoring.Mentor")
