from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Applications")
    regional_staff_permissions = (
        "view_candidate",
        "change_candidate",
        # Birth dates, addresses, social criteria and proofs: the regional staff's, not every
        # staff account's (a custom group may go without it).
        "view_sensitive_data",
        "view_candidatetoreview",
        "change_candidatetoreview",
        "view_document",
        "view_statuschange",
    )

    def ready(self) -> None:
        from nqt.core import notifications, privacy, roles

        from . import selectors, services

        roles.register_profile_role(roles.CANDIDATE, "candidates.Candidate")
        # To the candidate: their file reached the team; a staff decision on it.
        notifications.register_kind("candidate_submitted", label=_("Application file received"))
        notifications.register_kind(
            "candidate_decision", label=_("Decision on the application file")
        )
        # To the region's staff, in the site only: a file waits for a decision.
        notifications.register_kind(
            "candidate_to_review", label=_("Application file to review"), email=False
        )
        privacy.register(
            "candidate",
            export=selectors.export_candidate_data,
            erase=services.candidate_erase,
            models=[
                "candidates.Candidate",
                "candidates.Document",
                "candidates.StatusChange",
                "candidates.SensitiveAccess",
            ],
        )
