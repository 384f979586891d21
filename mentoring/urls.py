from django.urls import path

from . import views
from .followup import views as followup_views
from .workspace import conversation_views, goals_views, planning_views

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
        "parrainages/<int:pk>/point-d-etape/<str:period>/",
        followup_views.check_in,
        name="check_in",
    ),
    path("parrainages/<int:pk>/sortie/", followup_views.outcome_declare, name="outcome_declare"),
    path("parrainages/<int:pk>/interrompre/", followup_views.interrupt, name="interrupt"),
    path("parrainages/<int:pk>/emploi-durable/", followup_views.durability, name="durability"),
    # The pair's conversation on the mentorship page.
    path("parrainages/<int:pk>/messages/", conversation_views.message_send, name="message_send"),
    path(
        "parrainages/<int:pk>/messages/nouveaux/",
        conversation_views.messages_new,
        name="messages_new",
    ),
    path(
        "parrainages/<int:pk>/messages/precedents/",
        conversation_views.messages_older,
        name="messages_older",
    ),
    path(
        "parrainages/<int:pk>/messages/<int:message_pk>/document/",
        conversation_views.message_attachment,
        name="message_attachment",
    ),
    path(
        "parrainages/<int:pk>/messages/<int:message_pk>/signaler/",
        conversation_views.message_report,
        name="message_report",
    ),
    # Meetings planned together (the pair's workspace) and the calendar feeds.
    path(
        "parrainages/<int:pk>/rendez-vous/proposer/",
        planning_views.propose,
        name="planned_meeting_propose",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/accepter/",
        planning_views.accept,
        name="planned_meeting_accept",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/refuser/",
        planning_views.decline,
        name="planned_meeting_decline",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/autre-moment/",
        planning_views.another_time,
        name="planned_meeting_another_time",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/annuler/",
        planning_views.cancel,
        name="planned_meeting_cancel",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/invitation.ics",
        planning_views.invitation,
        name="planned_meeting_invitation",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/a-eu-lieu/",
        planning_views.held,
        name="planned_meeting_held",
    ),
    path(
        "parrainages/<int:pk>/rendez-vous/<int:planned_pk>/n-a-pas-eu-lieu/",
        planning_views.not_held,
        name="planned_meeting_not_held",
    ),
    path("mon-agenda/nouvelle-adresse/", planning_views.feed_renew, name="calendar_feed_renew"),
    path("mon-agenda/supprimer/", planning_views.feed_delete, name="calendar_feed_delete"),
    path("agenda/<str:token>.ics", planning_views.feed, name="calendar_feed"),
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
