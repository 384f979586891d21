from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("entreprises/<int:pk>/engagement/", views.company_engagement, name="company_engagement"),
    path("entreprises/<int:pk>/bilan-rse/", views.company_csr_report, name="company_csr_report"),
    # Programme KPIs for staff.
    path("tableau-de-bord/", views.dashboard, name="kpi_dashboard"),
    path("tableau-de-bord/rapport-financeurs/", views.funder_report, name="funder_report"),
    path("tableau-de-bord/export/candidats/", views.export_candidates, name="export_candidates"),
    path(
        "tableau-de-bord/export/parrainages/",
        views.export_mentorships,
        name="export_mentorships",
    ),
    path("tableau-de-bord/export/sorties/", views.export_outcomes, name="export_outcomes"),
]
