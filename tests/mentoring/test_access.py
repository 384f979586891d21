"""Object URLs of the mentoring pages × every role: a mentor's mentorship page answers its
mentor only; everyone else gets 404, anonymous users the login page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Goal
from tests import factories
from tests.test_access import LOGIN, OK, ROLES, user_for

pytestmark = pytest.mark.django_db

NOT_FOUND = 404
FORBIDDEN = 403

# The owner is sent on to the page both parties share (tests/mentoring/test_followup_pages.py).
MENTORSHIP_PAGE = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "owner": 302}


def check(client, user, url, want, method="get"):
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if want == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == want


@pytest.mark.parametrize("role", [*ROLES, "owner"])
def test_mentorship_page(client, role):
    mentorship = factories.MentorshipFactory()
    user = mentorship.mentor.user if role == "owner" else user_for(role)
    url = reverse("mentoring:mentor_mentorship", args=[mentorship.pk])
    check(client, user, url, MENTORSHIP_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_pause_is_for_mentors_only(client, role):
    user = user_for(role)
    want = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "mentor": 302}[role]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("mentoring:mentor_pause"), {"resume": "1"})
    if want == LOGIN:
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == want


# Pausing, withdrawing and resuming act on the signed-in candidate's own file: anyone without
# one gets 404 (the pages carry no id; the GET pages are in tests/test_access.py).
STEP_BACK = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "candidate": 302}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name",
    [
        "mentoring:application_pause",
        "mentoring:application_withdraw",
        "mentoring:application_resume",
    ],
)
def test_a_candidate_steps_back_on_their_own_file_only(client, role, url_name):
    want = STEP_BACK[role]
    if role == "candidate" and url_name != "mentoring:application_resume":
        want = OK  # the reason is confirmed on a second page first
    user = user_for(role)
    check(client, user, reverse(url_name), want, method="post")


# Answering needs a mentor profile (403 without one); another mentor's proposal is a 404.
PROPOSAL_ANSWER = {
    **dict.fromkeys(ROLES, FORBIDDEN),
    "anonymous": LOGIN,
    "mentor": NOT_FOUND,
    "owner": 302,
}
PROPOSAL_CV = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "owner": OK}


@pytest.mark.parametrize("role", [*ROLES, "owner"])
@pytest.mark.parametrize(
    ("url_name", "method", "table"),
    [
        ("proposal_accept", "post", PROPOSAL_ANSWER),
        ("proposal_decline", "post", PROPOSAL_ANSWER),
        ("mentee_cv", "get", PROPOSAL_CV),
    ],
)
def test_proposal_urls(client, role, url_name, method, table):
    """Only the mentor the proposal is addressed to may answer it or read the CV."""
    proposal = factories.MentorshipFactory(
        status="proposed", started_at=None, candidate__status="eligible"
    )
    factories.DocumentFactory(candidate=proposal.candidate)  # a CV
    user = proposal.mentor.user if role == "owner" else user_for(role)
    url = reverse(f"mentoring:{url_name}", args=[proposal.pk])
    check(client, user, url, table[role], method)


@pytest.mark.parametrize("role", [*ROLES])
def test_suggestions_page(client, role):
    candidate = factories.EligibleCandidateFactory()
    want = {
        **dict.fromkeys(ROLES, FORBIDDEN),
        "anonymous": LOGIN,
        "staff": OK,
        "national_admin": OK,
    }[role]
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    url = reverse("admin:mentoring_candidatetomatch_suggestions", args=[candidate.pk])
    response = client.get(url, follow=True)
    if want == LOGIN:
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    else:
        assert response.status_code == want


# The mentorship page and its forms: its two parties and the staff of its region reach them
# (pages answer 200, posted forms send back to the page), everyone else gets 404. A meeting is
# changed or deleted by whoever logged it only (here its mentor).
PAGE, POSTED = OK, 302
FOLLOWUP_URLS = [
    ("mentoring:mentorship", "get", PAGE, False),
    ("mentoring:meeting_add", "post", POSTED, False),
    ("mentoring:meeting_edit", "get", PAGE, True),
    ("mentoring:meeting_delete", "post", POSTED, True),
    ("mentoring:introduction_add", "post", POSTED, False),
    ("mentoring:introduction_result", "post", POSTED, False),
    ("mentoring:action_toggle", "post", POSTED, False),
    ("mentoring:check_in", "get", PAGE, False),
    ("mentoring:outcome_declare", "get", PAGE, False),
    ("mentoring:interrupt", "get", PAGE, False),
    ("mentoring:durability", "get", PAGE, False),
]
FOLLOWUP_ROLES = [*ROLES, "the_candidate", "the_mentor"]


def followup_expected(role, answer, meeting_author_only):
    if role == "anonymous":
        return LOGIN
    reach = {"the_mentor"} if meeting_author_only else {"the_candidate", "the_mentor"}
    if not meeting_author_only:
        reach |= {"staff", "national_admin"}
    return answer if role in reach else NOT_FOUND


@pytest.mark.parametrize("role", FOLLOWUP_ROLES)
def test_followup_urls(client, role):
    pair = factories.MentorshipFactory()
    meeting = factories.MeetingFactory(mentorship=pair, logged_by=pair.mentor.user)
    introduction = factories.IntroductionFactory(mentorship=pair)
    factories.OutcomeFactory(mentorship=pair)
    args = {
        "mentoring:meeting_edit": [pair.pk, meeting.pk],
        "mentoring:meeting_delete": [pair.pk, meeting.pk],
        "mentoring:introduction_result": [pair.pk, introduction.pk],
        "mentoring:check_in": [pair.pk, "month_1"],
    }
    user = {"the_candidate": pair.candidate.user, "the_mentor": pair.mentor.user}.get(role)
    user = user or user_for(role)
    if user is not None:
        client.force_login(user)
    got, want = {}, {}
    for url_name, method, answer, meeting_author_only in FOLLOWUP_URLS:
        url = reverse(url_name, args=args.get(url_name, [pair.pk]))
        response = getattr(client, method)(url)
        if response.status_code == 302 and response.url.startswith(reverse("account_login")):
            got[url_name] = LOGIN
        else:
            got[url_name] = response.status_code
        want[url_name] = followup_expected(role, answer, meeting_author_only)
    assert got == want


# The conversation's URLs: its two parties only; staff of the region reach the page (counts,
# test_followup_urls) but no message URL, except a reported message's document. Outsiders,
# staff of another region included, get 404; anonymous users the login page.
CONVERSATION_URLS = [
    ("mentoring:message_send", "post", 302),
    ("mentoring:messages_new", "get", 200),
    ("mentoring:messages_older", "get", 302),
    ("mentoring:message_attachment", "get", 200),
    ("mentoring:message_report", "get", 200),
]
CONVERSATION_ROLES = [*ROLES, "other_region_staff", "the_candidate", "the_mentor"]


@pytest.mark.parametrize("reported", [False, True], ids=["not_reported", "reported"])
@pytest.mark.parametrize("role", CONVERSATION_ROLES)
def test_conversation_urls(client, role, reported):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    pair = factories.MentorshipFactory()
    message = factories.MessageFactory(mentorship=pair, attachment_name="plan.pdf")
    message.attachment.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    if reported:
        message.reported_at = timezone.now()
        message.reported_by = pair.mentor.user
        message.save()
    user = {
        "the_candidate": pair.candidate.user,
        "the_mentor": pair.mentor.user,
        "other_region_staff": factories.StaffFactory(regions=[factories.region("ile-de-france")])
        if role == "other_region_staff"
        else None,
    }.get(role) or user_for(role)
    if user is not None:
        client.force_login(user)
    got, want = {}, {}
    for url_name, method, answer in CONVERSATION_URLS:
        args = [pair.pk, message.pk] if "message_" in url_name.split(":")[1][:8] else [pair.pk]
        if url_name in ("mentoring:message_send",):
            args = [pair.pk]
        url = reverse(url_name, args=args)
        response = getattr(client, method)(url, {"body": "x"} if method == "post" else None)
        if response.status_code == 302 and response.url.startswith(reverse("account_login")):
            got[url_name] = LOGIN
        else:
            got[url_name] = response.status_code
        if role == "anonymous":
            want[url_name] = LOGIN
        elif role == "the_mentor":
            want[url_name] = answer
        elif role == "the_candidate":
            # The candidate wrote the message: their own is not theirs to report.
            want[url_name] = NOT_FOUND if url_name == "mentoring:message_report" else answer
        elif role in ("staff", "national_admin") and reported:
            want[url_name] = 200 if url_name == "mentoring:message_attachment" else NOT_FOUND
        else:
            want[url_name] = NOT_FOUND
    assert got == want


@pytest.mark.parametrize("role", ["the_candidate", "the_mentor", "staff"])
def test_a_message_of_another_mentorship_is_404_even_for_a_party(client, role):
    pair = factories.MentorshipFactory()
    elsewhere = factories.MessageFactory(attachment_name="a.pdf", attachment="messages/a.pdf")
    user = {"the_candidate": pair.candidate.user, "the_mentor": pair.mentor.user}.get(role)
    client.force_login(user or factories.StaffFactory())
    for url_name in ("mentoring:message_attachment", "mentoring:message_report"):
        url = reverse(url_name, args=[pair.pk, elsewhere.pk])
        assert client.get(url).status_code == NOT_FOUND
    assert client.get(reverse("mentoring:message_report", args=[pair.pk, 99999])).status_code == (
        NOT_FOUND
    )


def _in_days(days: float):
    return timezone.now() + datetime.timedelta(days=days)


# --- Planned meetings and calendar feeds (the pair's workspace) ------------------------------

PARTY_ROLES = [*ROLES, "the_candidate", "the_mentor"]


def _planning_urls(pair):
    """(name, method, args, what a party gets) of each new URL; the planned meetings
    are fresh for each request so one answer does not hide the next."""
    proposal = factories.PlannedMeetingFactory(mentorship=pair, proposed_by=pair.mentor.user)
    answer = factories.PlannedMeetingFactory(mentorship=pair, proposed_by=pair.mentor.user)
    other = factories.PlannedMeetingFactory(mentorship=pair, proposed_by=pair.mentor.user)
    accepted = factories.PlannedMeetingFactory(mentorship=pair, status="accepted")
    gone = factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", starts_at=_in_days(-1)
    )
    gone_too = factories.PlannedMeetingFactory(
        mentorship=pair, status="accepted", starts_at=_in_days(-2)
    )
    return [
        ("planned_meeting_propose", "get", [pair.pk], OK),
        ("planned_meeting_accept", "post", [pair.pk, proposal.pk], 302),
        ("planned_meeting_decline", "post", [pair.pk, answer.pk], 302),
        ("planned_meeting_another_time", "get", [pair.pk, other.pk], OK),
        ("planned_meeting_invitation", "get", [pair.pk, accepted.pk], OK),
        ("planned_meeting_held", "get", [pair.pk, gone.pk], OK),
        ("planned_meeting_not_held", "post", [pair.pk, gone_too.pk], 302),
        ("planned_meeting_cancel", "post", [pair.pk, accepted.pk], 302),
    ]


@pytest.mark.parametrize("role", PARTY_ROLES)
def test_only_the_two_parties_reach_the_planning_urls(client, role):
    pair = factories.MentorshipFactory()
    user = {"the_candidate": pair.candidate.user, "the_mentor": pair.mentor.user}.get(role)
    user = user or user_for(role)
    if user is not None:
        client.force_login(user)
    got, want = {}, {}
    for name, method, args, answer in _planning_urls(pair):
        response = getattr(client, method)(reverse(f"mentoring:{name}", args=args))
        if response.status_code == 302 and response.url.startswith(reverse("account_login")):
            got[name] = LOGIN
        else:
            got[name] = response.status_code
        if role == "anonymous":
            want[name] = LOGIN
        elif role in ("the_candidate", "the_mentor"):
            want[name] = answer
        else:
            # The region's staff read the page but act on nothing here; others: 404.
            want[name] = NOT_FOUND
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_the_feed_pages_need_a_session_and_the_feed_its_token(client, role):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    for name in ("calendar_feed_renew", "calendar_feed_delete"):
        response = client.post(reverse(f"mentoring:{name}"))
        assert response.status_code == 302
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.url == reverse("my_space")
    assert client.get(reverse("mentoring:calendar_feed", args=["nope"])).status_code == NOT_FOUND


# The pair's own goals (tests/mentoring/test_goals.py): the two parties change them; the
# region's staff reach the page but change nothing (the POST goes back to the page with a
# message, the edit form is a 404); anyone else gets 404.
GOAL_POST = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    "anonymous": LOGIN,
    "staff": 302,
    "national_admin": 302,
    "the_candidate": 302,
    "the_mentor": 302,
}
GOAL_EDIT = {**GOAL_POST, "staff": NOT_FOUND, "national_admin": NOT_FOUND}
GOAL_EDIT.update({"the_candidate": OK, "the_mentor": OK})


@pytest.mark.parametrize("role", [*ROLES, "the_candidate", "the_mentor"])
@pytest.mark.parametrize(
    ("url_name", "method", "table"),
    [
        ("mentoring:goal_add", "post", GOAL_POST),
        ("mentoring:goal_done", "post", GOAL_POST),
        ("mentoring:goal_edit", "get", GOAL_EDIT),
        ("mentoring:goal_delete", "post", GOAL_POST),
    ],
)
def test_goals_urls(client, role, url_name, method, table):
    goal = Goal.objects.create(mentorship=factories.MentorshipFactory(), title="Un objectif")
    mentorship = goal.mentorship
    user = {
        "the_candidate": mentorship.candidate.user,
        "the_mentor": mentorship.mentor.user,
    }.get(role) or user_for(role)
    args = [mentorship.pk] if url_name == "mentoring:goal_add" else [mentorship.pk, goal.pk]
    check(client, user, reverse(url_name, args=args), table[role], method=method)
    if role not in ("the_candidate", "the_mentor"):
        goal.refresh_from_db()  # nothing changed, nothing deleted
        assert goal.done_at is None
