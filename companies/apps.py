from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _invitation_still_open(notification) -> bool:
    """Send only the e-mail of the invitation's latest sending, while its link still works.

    Resending replaces the token, so an e-mail written before ``last_sent_at`` (one left
    pending, retried after a failure or whose worker died) carries a dead link; so does any
    e-mail of an invitation revoked, accepted or expired since.
    """
    invitation = notification.about
    return (
        invitation is not None
        and invitation.state == invitation.State.SENT
        and notification.created_at >= invitation.last_sent_at
    )


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
        invitations = {
            "invitation_contact": _("Invitation of a company contact"),
            "invitation_mentor": _("Invitation of a mentor"),
        }
        for kind, label in invitations.items():
            notifications.register_kind(
                kind,
                label=label,
                in_app=False,
                redact_after_send=True,
                still_relevant=_invitation_still_open,
            )
        # To the person who sent an invitation: it was accepted, and by whom.
        notifications.register_kind("invitation_accepted", label=_("Invitation accepted"))
        privacy.register(
            "company_contact",
            export=company_privacy.export,
            erase=company_privacy.erase,
            models=["companies.CompanyContact", "companies.Invitation"],
        )
