"""Every e-mail the platform sends, rendered in French as a French editor would read it (issue
16, "French review"): names starting with a vowel (Inès, Émile, Orange), dates on the first of
a month, counts of 0, 1 and 2.

Each case gives one notification kind the context its service gives it (the services are in
``candidates``, ``companies``, ``mentoring`` and ``nqt.core``), renders it through the
notification service in French and in English, and checks the French: the association named,
no hole left by an empty value, "d'Inès" rather than "de Inès", "1er" for the first day, a
non-breaking space before ``: ; ! ?``, no "(e)", and no sentence left in English.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy

from candidates import eligibility
from candidates.models import Candidate
from mentoring import rules
from mentoring.models import CheckIn, Mentor, Mentorship, PlannedMeeting
from nqt.core import notifications
from nqt.core.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.datetime(2027, 1, 1, 12, 0, tzinfo=datetime.UTC)
FIRST_OF_NOVEMBER = datetime.date(2026, 11, 1)
ACTION = "/mon-espace/"


@dataclass
class World:
    """The people of every case, with names that test elision."""

    candidate: Any
    mentor: Any
    staff: Any
    contact: Any
    mentorship: Any
    proposal: Any
    outcome: Any


@pytest.fixture
def world(settings) -> World:
    settings.SITE_NAME = "Quartiers Talents"
    settings.SITE_URL = "https://parrainage.example.org"
    orange = factories.CompanyFactory(name="Orange")
    candidate = factories.EligibleCandidateFactory(
        user__first_name="Inès", user__last_name="Amrani"
    )
    mentor = factories.MentorFactory(
        user__first_name="Émile", user__last_name="Olivier", company=orange
    )
    staff = factories.StaffFactory(first_name="Ophélie", last_name="Arnaud")
    contact = factories.CompanyContactFactory(
        company=orange, user__first_name="Anaïs", user__last_name="Ibrahim"
    )
    mentorship = factories.MentorshipFactory(
        candidate=factories.CandidateFactory(
            status="in_mentorship", user__first_name="Inès", user__last_name="Amrani"
        ),
        mentor=mentor,
        last_meeting_on=FIRST_OF_NOVEMBER,
        end_reason=Mentorship.EndReason.MENTOR_UNAVAILABLE,
        end_note="Émile change de poste.",
        decline_reason="Je pars à l'étranger en janvier.",
    )
    proposal = factories.MentorshipFactory(
        candidate=candidate,
        mentor=mentor,
        status=Mentorship.Status.PROPOSED,
        started_at=None,
        proposed_by=staff,
        message="Inès vise un poste de contrôleuse de gestion.",
    )
    outcome = factories.OutcomeFactory(
        mentorship=mentorship,
        job_title="analyste financière",
        employer="Orange",
        start_date=FIRST_OF_NOVEMBER,
    )
    return World(candidate, mentor, staff, contact, mentorship, proposal, outcome)


def invitation(kind: str):
    def build(w: World) -> dict:
        return {
            "email": "invitee@example.org",
            "context": {
                "company": w.mentor.company,
                "inviter_name": w.contact.user.get_full_name(),
                "action_url": "https://parrainage.example.org/invitation/abc/",
                "expires_at": NEW_YEAR,
            },
        }

    return build


def deactivated(names: list[str]):
    def build(w: World) -> dict:
        return {
            "recipient": w.mentor.user,
            "context": {
                "mentor": w.mentor,
                "withdrawn_names": names,
                "withdrawn_list": get_text_list(names, gettext_lazy("and")),
                "contact_email": settings.LEGAL["contact_email"],
            },
        }

    return build


def account_deleted(left: str, was_active: bool, *, staff: bool):
    def build(w: World) -> dict:
        context = {"mentorship": w.mentorship, "left": left, "was_active": was_active}
        if staff:
            remaining = w.mentor.user if left == "candidate" else w.mentorship.candidate.user
            context["remaining_name"] = remaining.get_full_name()
            return {"recipient": w.staff, "context": context}
        other = w.mentor.user if left == "candidate" else w.mentorship.candidate.user
        return {"recipient": other, "context": {**context, "back_to_queue": left == "mentor"}}

    return build


def decision(name: str, **extra):
    def build(w: World) -> dict:
        return {
            "recipient": w.candidate.user,
            "context": {
                "candidate": w.candidate,
                "decision": name,
                "revised": False,
                "reason": "",
                "requested_document": "",
                "other_services": eligibility.OTHER_SERVICES,
                "promise_days": settings.MATCHING_PROMISE_DAYS,
                **extra,
            },
        }

    return build


def to_staff(**context):
    def build(w: World) -> dict:
        return {"recipient": w.staff, "context": {"mentorship": w.mentorship, **context}}

    return build


def check_in_help(w: World) -> dict:
    check_in = CheckIn(
        mentorship=w.mentorship,
        role=CheckIn.Role.CANDIDATE,
        period=CheckIn.Period.MONTH_1,
        score=2,
        comment="Nous n'arrivons pas à fixer de rendez-vous.",
        needs_help=True,
    )
    return {"recipient": w.staff, "context": {"mentorship": w.mentorship, "check_in": check_in}}


CASES = {
    "candidate_submitted": lambda w: {
        "recipient": w.candidate.user,
        "context": {"candidate": w.candidate, "resubmission": False},
    },
    "candidate_submitted again": lambda w: {
        "recipient": w.candidate.user,
        "context": {"candidate": w.candidate, "resubmission": True},
    },
    "candidate_decision eligible": decision("eligible", reason="Un très beau projet."),
    "candidate_decision incomplete": decision(
        "incomplete", requested_document="Attestation de bourse", revised=True
    ),
    "candidate_decision ineligible": decision(
        "ineligible", reason="Le diplôme date de plus de deux ans."
    ),
    "candidate_to_review": lambda w: {
        "recipient": w.staff,
        "context": {"department": w.candidate.department, "reopened": False},
    },
    "candidate_to_review again": lambda w: {
        "recipient": w.staff,
        "context": {"department": w.candidate.department, "reopened": True},
    },
    "invitation_contact": invitation("contact"),
    "invitation_mentor": invitation("mentor"),
    "invitation_accepted contact": lambda w: {
        "recipient": w.contact.user,
        "context": {
            "company": w.mentor.company,
            "person_name": "Inès Amrani",
            "person_email": "ines@example.org",
            "as_mentor": False,
        },
    },
    "invitation_accepted mentor": lambda w: {
        "recipient": w.contact.user,
        "context": {
            "company": w.mentor.company,
            "person_name": "Émile Olivier",
            "person_email": "emile@example.org",
            "as_mentor": True,
        },
    },
    "mentor_awaiting_activation": lambda w: {
        "recipient": w.staff,
        "context": {
            "mentor_name": w.mentor.user.get_full_name(),
            "company": w.mentor.company.name,
            "job_title": w.mentor.job_title,
            "years": 15,
            "flagged": False,
            "minimum_years": Mentor.MIN_YEARS_OF_EXPERIENCE,
        },
    },
    "mentor_awaiting_activation flagged": lambda w: {
        "recipient": w.staff,
        "context": {
            "mentor_name": w.mentor.user.get_full_name(),
            "company": w.mentor.company.name,
            "job_title": w.mentor.job_title,
            "years": 1,
            "flagged": True,
            "minimum_years": Mentor.MIN_YEARS_OF_EXPERIENCE,
        },
    },
    "mentor_activated": lambda w: {"recipient": w.mentor.user, "context": {"mentor": w.mentor}},
    "mentor_deactivated": deactivated([]),
    "mentor_deactivated 1 withdrawn": deactivated(["Inès"]),
    "mentor_deactivated 2 withdrawn": deactivated(["Inès", "Omar"]),
    "proposal_received": lambda w: {
        "recipient": w.mentor.user,
        "context": {
            "mentorship": w.proposal,
            "candidate_first_name": "Inès",
            **rules.delays(),
        },
    },
    "proposal_reminder": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.proposal, **rules.delays()},
    },
    "proposal_withdrawn paired": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.proposal, "paired_elsewhere": True},
    },
    "proposal_withdrawn by staff": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.proposal, "paired_elsewhere": False},
    },
    "proposal_withdrawn candidate paused": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.proposal, "stepped_back": "paused"},
    },
    "proposal_withdrawn candidate withdrew": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.proposal, "stepped_back": "withdrawn"},
    },
    "application_stepped_back paused": lambda w: {
        "recipient": w.staff,
        "context": {
            "candidate": w.candidate,
            "paused": True,
            "reason": Candidate.AwayReason.MOVING_ABROAD.label,
            "note": "",
            "withdrawn_proposals": [],
        },
    },
    "application_stepped_back withdrawn, one proposal": lambda w: {
        "recipient": w.staff,
        "context": {
            "candidate": w.candidate,
            "paused": False,
            "reason": Candidate.AwayReason.OTHER.label,
            "note": "Inès a trouvé un emploi à Orléans.",
            "withdrawn_proposals": [w.proposal],
        },
    },
    "proposal_accepted": to_staff(),
    "proposal_declined": to_staff(),
    "proposal_expired": to_staff(**rules.delays()),
    "mentorship_started": lambda w: {
        "recipient": w.mentorship.candidate.user,
        "context": {"mentorship": w.mentorship, "mentor": w.mentor},
    },
    "mentorship_silence": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.mentorship, "since": FIRST_OF_NOVEMBER},
    },
    "mentorship_silence_staff": to_staff(since=FIRST_OF_NOVEMBER, **rules.delays()),
    "check_in_due": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.mentorship, "period": CheckIn.Period.MONTH_1.label},
    },
    "check_in_help": check_in_help,
    "closing_survey": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.mentorship},
    },
    "durability_check": lambda w: {
        "recipient": w.mentorship.candidate.user,
        "context": {"outcome": w.outcome},
    },
    "outcome_declared": to_staff(),
    "mentorship_completed": lambda w: {
        "recipient": w.mentor.user,
        "context": {"mentorship": w.mentorship, "outcome": w.outcome},
    },
    "mentorship_interrupted": lambda w: {
        "recipient": w.mentorship.candidate.user,
        "context": {"mentorship": w.mentorship, "back_to_queue": True},
    },
    "mentorship_interrupted_staff": to_staff(),
    "message_reported by candidate": to_staff(by_role="candidate"),
    "message_reported by mentor": to_staff(by_role="mentor"),
    "mentorship_ended_account_deleted by mentor": account_deleted("mentor", True, staff=False),
    "mentorship_ended_account_deleted by candidate": account_deleted(
        "candidate", True, staff=False
    ),
    "mentorship_ended_account_deleted proposal": account_deleted("candidate", False, staff=False),
    "mentorship_ended_account_deleted_staff by mentor": account_deleted("mentor", True, staff=True),
    "mentorship_ended_account_deleted_staff mentor, proposal": account_deleted(
        "mentor", False, staff=True
    ),
    "mentorship_ended_account_deleted_staff by candidate": account_deleted(
        "candidate", True, staff=True
    ),
    "mentorship_ended_account_deleted_staff candidate, proposal": account_deleted(
        "candidate", False, staff=True
    ),
    "unmatched_digest 1": lambda w: {
        "recipient": w.staff,
        "context": {"count": 1, "days": rules.promise_days()},
    },
    "unmatched_digest 2": lambda w: {
        "recipient": w.staff,
        "context": {"count": 2, "days": rules.promise_days()},
    },
    "second_factor_reset": lambda w: {"recipient": w.staff, "context": {}},
    "message_digest 1": lambda w: {
        "recipient": w.mentor.user,
        "context": {"count": 1, "sender": w.mentorship.candidate.user.get_short_name()},
    },
    "message_digest 3": lambda w: {
        "recipient": w.mentor.user,
        "context": {"count": 3, "sender": w.mentorship.candidate.user.get_short_name()},
    },
}


def planned(kind: str, to: str = "candidate", *, starts: datetime.datetime | None = None, **extra):
    """A planned meeting of the world's mentorship on the first of a month, at 10:00 Paris
    time, told to one party (the mentor proposed it, the candidate answered)."""

    def build(w: World) -> dict:
        meeting = PlannedMeeting(
            mentorship=w.mentorship,
            proposed_by=w.mentor.user,
            starts_at=starts or FIRST_OF_DECEMBER_AT_TEN,
            duration_minutes=60,
            mode=extra.pop("mode", "in_person"),
            place="Espace Orange, Metz",
            video_url="https://visio.example.org/r/1",
            note="Apportez votre CV.",
        )
        recipient = w.mentorship.candidate.user if to == "candidate" else w.mentor.user
        context = {"planned": meeting, "mentorship": w.mentorship, **extra}
        for key, value in list(context.items()):
            if value == "mentor":
                context[key] = w.mentor.user
            elif value == "candidate":
                context[key] = w.mentorship.candidate.user
            elif value == "meeting":
                context[key] = meeting
        return {"recipient": recipient, "context": context}

    return build


FIRST_OF_DECEMBER_AT_TEN = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)

CASES.update(
    {
        "planned_meeting_proposed": planned("planned_meeting_proposed", proposer="mentor"),
        "planned_meeting_proposed counter": planned(
            "planned_meeting_proposed", to="mentor", proposer="candidate", counter=True
        ),
        "planned_meeting_proposed move": planned(
            "planned_meeting_proposed", proposer="mentor", moves="meeting", mode="video"
        ),
        "planned_meeting_accepted": planned("planned_meeting_accepted", answered_by="candidate"),
        "planned_meeting_accepted moved": planned(
            "planned_meeting_accepted", to="mentor", answered_by="candidate", moved=True
        ),
        "planned_meeting_declined": planned(
            "planned_meeting_declined", to="mentor", answered_by="candidate"
        ),
        "planned_meeting_declined move": planned(
            "planned_meeting_declined", to="mentor", answered_by="candidate", kept="meeting"
        ),
        "planned_meeting_withdrawn": planned("planned_meeting_withdrawn", mode="phone"),
        "planned_meeting_cancelled": planned("planned_meeting_cancelled", by="mentor"),
        "planned_meeting_reminder": planned("planned_meeting_reminder", to="mentor"),
        "planned_meeting_held_question": planned("planned_meeting_held_question"),
    }
)


def render(case: str, w: World, language: str) -> Notification:
    kind = case.split()[0]
    spec = CASES[case](w)
    if "recipient" in spec:
        recipient = spec["recipient"]
        recipient.language = language
        return notifications.notify(
            recipient=recipient, kind=kind, context=spec["context"], url=ACTION
        )
    return notifications.notify_address(
        email=spec["email"], kind=kind, context=spec["context"], language=language
    )


def plain(html_body: str) -> str:
    text = re.sub(r"(?s)<(head|style)\b.*?</\1>", "", html_body)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_kind_has_a_case():
    registered = {
        kind.code for kind in notifications._kinds.values() if not kind.code.startswith("test_")
    }
    assert registered - {"account"} <= {case.split()[0] for case in CASES}


VOWEL = "AEIOUÀÂÄÆÉÈÊËÎÏÔÖŒÙÛÜaeiouàâäæéèêëîïôöœùûü"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
NOT_ELIDED = re.compile(rf"\b(?:[Dd]e|[Qq]ue|[Jj]usque) [{VOWEL}]")
FIRST_WITHOUT_ER = re.compile(rf"\b1 (?:{MONTHS})\b")
PLAIN_SPACE_BEFORE = re.compile(r" [:;!?]")
# "1 années", "0 parrainages", "les 0 …": a count that did not choose its form.
BAD_PLURAL = re.compile(r"\b[01] (?!mois\b|fois\b)\w+s\b|\bles 0\b")
# Two spaces or a space before a comma or full stop: a value that came out empty.
HOLE = re.compile(r"\S {2,}\S| [,.]|\(\s*\)")
URL = re.compile(r"https?://\S+")


def lines_of(notification: Notification) -> list[str]:
    """The subject and the lines of both bodies, as a reader sees them."""
    html_lines = [
        html.unescape(re.sub(r"<[^>]+>", "", line)).strip()
        for line in re.sub(r"(?s)<head\b.*?</head>", "", notification.body_html).splitlines()
    ]
    text_lines = [line.strip() for line in notification.body_text.splitlines()]
    return [notification.title, *[line for line in text_lines + html_lines if line]]


@pytest.mark.parametrize("case", list(CASES))
def test_each_e_mail_reads_as_written_in_french(case, world):
    french = render(case, world, "fr")
    lines = lines_of(french)
    for line in lines:
        assert not NOT_ELIDED.search(line), line
        assert not FIRST_WITHOUT_ER.search(line), line
        assert not PLAIN_SPACE_BEFORE.search(URL.sub("", line)), line
        assert "(e)" not in line, line
        assert not BAD_PLURAL.search(line), line
        assert not HOLE.search(URL.sub("", line)), line
    assert french.body_text.startswith("Bonjour")
    assert "L'équipe Quartiers Talents" in french.body_text
    assert "L'équipe Quartiers Talents" in plain(french.body_html)
    assert '<html lang="fr">' in french.body_html
    assert len(french.title) <= 80, french.title


@pytest.mark.parametrize("case", list(CASES))
def test_no_sentence_is_left_in_english(case, world):
    english = lines_of(render(case, world, "en"))
    french = "\n".join(lines_of(render(case, world, "fr")))
    assert english[0] != french.splitlines()[0]  # the subject
    for line in english:
        words = URL.sub("", line).split()
        if len(words) >= 4:
            assert line not in french, line


def test_the_vowel_names_are_really_in_the_e_mails(world):
    """The checks above mean something only if the names reach the text."""
    checked = render("check_in_help", world, "fr").body_text
    assert "du parrainage d'Inès Amrani avec Émile Olivier" in checked
    invitation_sent = render("invitation_contact", world, "fr").body_text
    assert "référent·e d'Orange" in invitation_sent
    assert "jusqu'au 1er janvier 2027" in invitation_sent


def test_the_candidate_reads_about_themselves(world):
    interrupted = render("mentorship_interrupted", world, "fr").body_text
    assert "Vous retrouvez la file d'attente" in interrupted
    closing = notifications.notify(
        recipient=world.mentorship.candidate.user,
        kind="closing_survey",
        context={"mentorship": world.mentorship},
    )
    assert "Si vous avez trouvé un emploi" in closing.body_text
    assert "le ou la jeune diplômé·e" not in closing.body_text
