"""Every state change of the mentoring app, by subject: mentors' profiles and activation
(``mentors``), proposals and the start of a mentorship (``proposals``), a candidate pausing or
withdrawing their application (``applications``)."""

from .applications import application_resume, application_step_back
from .mentors import (
    MAX_CAPACITY,
    MAX_PAUSE_DAYS,
    MIN_CAPACITY,
    check_pause,
    mentor_activate,
    mentor_deactivate,
    mentor_onboard,
    mentor_set_pause,
    mentor_update_profile,
)
from .proposals import (
    CapacityReached,
    ProposalError,
    draft_send,
    drafts_prepare,
    drafts_send,
    mentorship_accept,
    mentorship_cancel,
    mentorship_decline,
    mentorship_propose,
    why_not_proposable,
)

__all__ = [
    "MAX_CAPACITY",
    "MAX_PAUSE_DAYS",
    "MIN_CAPACITY",
    "CapacityReached",
    "ProposalError",
    "application_resume",
    "application_step_back",
    "check_pause",
    "draft_send",
    "drafts_prepare",
    "drafts_send",
    "mentor_activate",
    "mentor_deactivate",
    "mentor_onboard",
    "mentor_set_pause",
    "mentor_update_profile",
    "mentorship_accept",
    "mentorship_cancel",
    "mentorship_decline",
    "mentorship_propose",
    "why_not_proposable",
]
