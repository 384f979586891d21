from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("espace-parrain/", views.mentor_space, name="mentor_space"),
    path("espace-parrain/profil/", views.mentor_profile_edit, name="mentor_profile"),
    path("espace-parrain/pause/", views.mentor_pause, name="mentor_pause"),
    path("espace-parrain/inscription/", views.mentor_onboarding, name="mentor_onboarding"),
    path(
        "espace-parrain/parrainages/<int:pk>/",
        views.mentor_mentorship,
        name="mentor_mentorship",
    ),
    path(
        "espace-parrain/parrainages/<int:pk>/accepter/",
        views.proposal_accept,
        name="proposal_accept",
    ),
    path(
        "espace-parrain/parrainages/<int:pk>/refuser/",
        views.proposal_decline,
        name="proposal_decline",
    ),
    path("espace-parrain/parrainages/<int:pk>/cv/", views.mentee_cv, name="mentee_cv"),
    path("charte-du-parrain/", views.mentor_charter, name="mentor_charter"),
    path("entreprises/<int:pk>/engagement/", views.company_engagement, name="company_engagement"),
    path("entreprises/<int:pk>/bilan-rse/", views.company_csr_report, name="company_csr_report"),
]
