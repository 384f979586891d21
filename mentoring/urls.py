from django.urls import path

from . import views
from .followup import views as followup_views
from .workspace import goals_views

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
    # The candidate steps back from their application (linked from "Mon espace").
    path("mon-espace/candidature/pause/", views.application_pause, name="application_pause"),
    path(
        "mon-espace/candidature/retrait/", views.application_withdraw, name="application_withdraw"
    ),
    path("mon-espace/candidature/reprise/", views.application_resume, name="application_resume"),
    # The mentorship page the candidate and the mentor share.
    path("parrainages/<int:pk>/", followup_views.mentorship, name="mentorship"),
    path("parrainages/<int:pk>/rencontres/", followup_views.meeting_add, name="meeting_add"),
    path(
        "parrainages/<int:pk>/rencontres/<int:meeting_pk>/modifier/",
        followup_views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "parrainages/<int:pk>/rencontres/<int:meeting_pk>/supprimer/",
        followup_views.meeting_delete,
        name="meeting_delete",
    ),
    path(
        "parrainages/<int:pk>/mises-en-relation/",
        followup_views.introduction_add,
        name="introduction_add",
    ),
    path(
        "parrainages/<int:pk>/mises-en-relation/<int:introduction_pk>/resultat/",
        followup_views.introduction_result,
        name="introduction_result",
    ),
    path("parrainages/<int:pk>/plan/", followup_views.action_toggle, name="action_toggle"),
    path(
        "parrainages/<int:pk>/prochaine-rencontre/",
        followup_views.next_meeting,
        name="next_meeting",
    ),
    path(
        "parrainages/<int:pk>/point-d-etape/<str:period>/",
        followup_views.check_in,
        name="check_in",
    ),
    path("parrainages/<int:pk>/sortie/", followup_views.outcome_declare, name="outcome_declare"),
    path("parrainages/<int:pk>/interrompre/", followup_views.interrupt, name="interrupt"),
    path("parrainages/<int:pk>/emploi-durable/", followup_views.durability, name="durability"),
    # The pair's own goals (mentoring.workspace.goals).
    path("parrainages/<int:pk>/objectifs/", goals_views.goal_add, name="goal_add"),
    path(
        "parrainages/<int:pk>/objectifs/<int:goal_pk>/atteint/",
        goals_views.goal_done,
        name="goal_done",
    ),
    path(
        "parrainages/<int:pk>/objectifs/<int:goal_pk>/modifier/",
        goals_views.goal_edit,
        name="goal_edit",
    ),
    path(
        "parrainages/<int:pk>/objectifs/<int:goal_pk>/supprimer/",
        goals_views.goal_delete,
        name="goal_delete",
    ),
]
