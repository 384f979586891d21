from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
    )

    def ready(self) -> None:
        from nqt.core import roles

        roles.register_profile_role(roles.COMPANY_CONTACT, "companies.CompanyContact")
