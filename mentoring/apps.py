from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _mentor_still_pending(notification) -> bool:
    """Staff who already activated the mentor need no reminder of it."""
    mentor = notification.about
    return mentor is not None and mentor.status == mentor.Status.PENDING


def _mentor_still_inactive(notification) -> bool:
    """A mentor activated again before the e-mail left is not told they were deactivated."""
    mentor = notification.about
    return mentor is not None and mentor.status == mentor.Status.INACTIVE


def _proposal_still_waiting(notification) -> bool:
    """A reminder for a proposal answered (or withdrawn) meanwhile is not sent."""
    mentorship = notification.about
    return mentorship is not None and mentorship.status == mentorship.Status.PROPOSED


def _mentorship_still_active(notification) -> bool:
    """A follow-up reminder about a mentorship that has ended meanwhile is not sent."""
    mentorship = notification.about
    return mentorship is not None and mentorship.status == mentorship.Status.ACTIVE


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
        "view_candidatetomatch",
        "view_checkin",
        "change_checkin",
        "view_actionitem",
        "view_reportedmessage",
    )

    def ready(self) -> None:
        from nqt.core import links, moves, notifications, privacy, roles

        from . import privacy as mentoring_privacy
        from .models import Mentorship

        roles.register_profile_role(roles.MENTOR, "mentoring.Mentor")
        # Pages the lower apps link to (an invitation leads to the mentor's onboarding).
        links.register("mentor_space", "mentoring:mentor_space")
        links.register("mentor_onboarding", "mentoring:mentor_onboarding")
        # The candidate's "Mon espace" panel (candidates) offers to pause, withdraw, resume.
        links.register("application_pause", "mentoring:application_pause")
        links.register("application_withdraw", "mentoring:application_withdraw")
        links.register("application_resume", "mentoring:application_resume")
        notifications.register_kind(
            "mentor_awaiting_activation",
            label=_("Mentor to activate"),
            still_relevant=_mentor_still_pending,
        )
        notifications.register_kind("mentor_activated", label=_("Mentor activated"))
        notifications.register_kind(
            "mentor_deactivated",
            label=_("Mentor deactivated"),
            still_relevant=_mentor_still_inactive,
        )
        notifications.register_kind("proposal_received", label=_("Mentorship proposal received"))
        notifications.register_kind(
            "proposal_reminder",
            label=_("Reminder of a proposal waiting for an answer"),
            still_relevant=_proposal_still_waiting,
        )
        notifications.register_kind("proposal_withdrawn", label=_("Proposal withdrawn"))
        notifications.register_kind("proposal_accepted", label=_("Proposal accepted"))
        notifications.register_kind("proposal_declined", label=_("Proposal declined"))
        notifications.register_kind("proposal_expired", label=_("Proposal expired"))
        notifications.register_kind("mentorship_started", label=_("Mentorship started"))
        # Follow-up (DESIGN §7). The reminders to the two parties are optional: each person may
        # turn their e-mail off in the notification preferences (they stay in the site).
        notifications.register_kind(
            "mentorship_silence",
            optional=True,
            label=_("Reminder after a month without a meeting"),
            still_relevant=_mentorship_still_active,
        )
        notifications.register_kind(
            "check_in_due",
            optional=True,
            label=_("Check-ins after one and three months"),
            still_relevant=_mentorship_still_active,
        )
        # The digest of unread messages (mentoring.workspace.digest): e-mail only, the header
        # shows the unread count in the site.
        notifications.register_kind(
            "message_digest",
            optional=True,
            in_app=False,
            label=_("New messages in your mentorship's conversation"),
            still_relevant=_mentorship_still_active,
        )
        notifications.register_kind(
            "mentorship_silence_staff",
            label=_("Alert to the regional team: a pair without meetings"),
            still_relevant=_mentorship_still_active,
        )
        notifications.register_kind("check_in_help", label=_("Help asked at a check-in"))
        notifications.register_kind(
            "closing_survey",
            label=_("End-of-mentorship questionnaire"),
            still_relevant=_mentorship_still_active,
        )
        notifications.register_kind("durability_check", label=_("Six-month question"))
        notifications.register_kind("outcome_declared", label=_("Outcome declared"))
        notifications.register_kind("mentorship_completed", label=_("Mentorship completed"))
        notifications.register_kind("mentorship_interrupted", label=_("Mentorship interrupted"))
        notifications.register_kind(
            "mentorship_interrupted_staff", label=_("Mentorship interrupted (to the regional team)")
        )
        notifications.register_kind(
            "unmatched_digest", label=_("Digest of the candidates waiting for a mentor")
        )
        # A candidate paused or withdrew their application: the regional team is told.
        notifications.register_kind(
            "application_stepped_back", label=_("Application paused or withdrawn")
        )
        # A party deleted their account: the other one and the regional team are told,
        # without the name (DESIGN §10).
        notifications.register_kind(
            "mentorship_ended_account_deleted", label=_("Mentorship ended: account deleted")
        )
        notifications.register_kind(
            "mentorship_ended_account_deleted_staff",
            label=_("Mentorship ended: account deleted (to the regional team)"),
        )
        # A party reported a message of the pair's conversation: the regional team reads it.
        notifications.register_kind("message_reported", label=_("Message reported"))
        privacy.register(
            "mentoring",
            export=mentoring_privacy.export,
            erase=mentoring_privacy.erase,
            models=mentoring_privacy.MODELS,
        )
        # Meetings planned together and calendar feeds (the pair's workspace, DESIGN §13).
        from .workspace import planning, planning_privacy

        planning.register_kinds()
        planning_privacy.register()
        # Mentorship.region follows the candidate's department.
        moves.register("mentoring", Mentorship.objects.follow_candidate)
