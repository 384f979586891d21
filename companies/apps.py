from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _invitation_still_open(notification) -> bool:
    """An invitation revoked or accepted before its e-mail left is not sent."""
    invitation = notification.about
    return invitation is not None and invitation.state == invitation.State.SENT


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies")
    regional_staff_permissions = (
        "view_company",
        "add_company",
        "change_company",
        "view_companycontact",
        "add_companycontact",
        "change_companycontact",
        "view_invitation",
        "change_invitation",
    )

    def ready(self) -> None:
        from nqt.core import notifications, privacy, roles

        from . import privacy as company_privacy

        roles.register_profile_role(roles.COMPANY_CONTACT, "companies.CompanyContact")
        # The e-mails carry a single-use link: their bodies are blanked once sent.
        for kind in ("invitation_contact", "invitation_mentor"):
            notifications.register_kind(
                kind, in_app=False, redact_after_send=True, still_relevant=_invitation_still_open
            )
        privacy.register(
            "company_contact", export=company_privacy.export, erase=company_privacy.erase
        )
