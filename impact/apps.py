from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """The programme's figures: the staff dashboard, exports, the funder report and the company
    pages (DESIGN §3, §9). It reads every app below it; none reads it."""

    name = "impact"
    verbose_name = _("Programme figures")

    def ready(self) -> None:
        from nqt.core import links

        from . import permissions

        # Pages the lower apps link to (the company space, the staff's "Mon espace").
        links.register("kpi_dashboard", "impact:kpi_dashboard", permissions=permissions.DASHBOARD)
        links.register("company_engagement", "impact:company_engagement")
        links.register("company_csr_report", "impact:company_csr_report")
