"""The French catalogue follows docs/typography.md wherever a program can check it: the whole
catalogue (e-mails included) for spaces, inclusive forms and translations, and the rendered
pages for elision before vowel-initial names ("d'Inès", never "de Inès")."""

from __future__ import annotations

import datetime
import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from companies.models import Invitation
from tests import factories

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
NBSP = "\u00a0"


def _translations() -> list[tuple[str, str]]:
    """(msgid, French text) for every live entry, each plural form on its own."""
    pairs = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        pairs.extend((entry.msgid, text) for text in texts)
    return pairs


TRANSLATIONS = _translations()


def _offenders(pattern: str) -> list[str]:
    found = re.compile(pattern)
    return [f"{msgid[:50]!r}: {text!r}" for msgid, text in TRANSLATIONS if found.search(text)]


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_a_non_breaking_space_not_a_space_before_high_punctuation():
    # "Statut : …", "Bienvenue !", "Qui peut candidater ?" take U+00A0, never U+0020.
    assert _offenders(r"[ \t][:;!?]") == []


def test_a_non_breaking_space_inside_guillemets():
    assert _offenders(r"«[^\u00a0]|[^\u00a0]»") == []


# Long dates written without nqt.core.french.long_date would read "1 juillet" in French.
LONG_DATE_FORMATS = re.compile(
    r"""(?<!long_)date:\s*["'](DATE|DATETIME)_FORMAT["']|date_format\([^)]*["'](DATE|DATETIME)_FORMAT"""
)


def test_long_dates_go_through_long_date():
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for pattern in (
            "*/templates/**/*.html",
            "templates/**/*.html",
            "templates/**/*.txt",
            "*/**/*.py",
        )
        for path in root.glob(pattern)
        if ".venv" not in path.parts and "tests" not in path.parts and path.name != "french.py"
    ]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LONG_DATE_FORMATS.search(line)
    ]
    assert offenders == []


def test_mentor_pages_and_e_mails_use_the_neutral_wording():
    # A marraine is never sent to "votre espace parrain" (docs/typography.md).
    assert _offenders(r"(?i)espace parrain\b|charte du parrain\b") == []


def test_no_bracketed_inclusive_forms():
    # One inclusive style, the middle dot: "candidat·e", "diplômé·es", never "candidat(e)(s)".
    assert _offenders(r"\w\((?:e|s|es|ne|nes|le|les|ère|euse|rice|trice)\)") == []
    assert _offenders(r"\w/(?:e|es|ne)\b") == []


# --- Elision on rendered pages -------------------------------------------------------------

VOWEL_NAMES = ("Inès", "Émile", "Orange")
UNELIDED = re.compile(r"\b(?:[Dd]e|[Qq]ue) (?:<[^<>]+>)*(?:Inès|Émile|Orange)\b")


@pytest.fixture
def people(db):
    company = factories.CompanyFactory(name="Orange")
    mentor = factories.MentorFactory(
        company=company, user__first_name="Émile", user__last_name="Arnaud"
    )
    candidate = factories.CandidateFactory(
        status="in_mentorship", user__first_name="Inès", user__last_name="Amrani"
    )
    mentorship = factories.MentorshipFactory(
        candidate=candidate,
        mentor=mentor,
        started_at=timezone.now() - datetime.timedelta(days=200),
    )
    factories.OutcomeFactory(
        mentorship=mentorship,
        job_title="Ingénieure qualité",
        employer="Orange",
        start_date=timezone.localdate() - datetime.timedelta(days=190),
    )
    contact = factories.CompanyContactFactory(company=company)
    return {
        "company": company,
        "mentor": mentor,
        "candidate": candidate,
        "mentorship": mentorship,
        "contact": contact,
    }


def _pages(people, staff):
    company, mentorship = people["company"], people["mentorship"]
    candidate, mentor, contact = people["candidate"], people["mentor"], people["contact"]
    return [
        (staff, reverse("candidates:file", kwargs={"pk": candidate.pk})),
        (staff, reverse("mentoring:mentorship", args=[mentorship.pk])),
        (candidate.user, reverse("mentoring:mentorship", args=[mentorship.pk])),
        (candidate.user, reverse("mentoring:durability", args=[mentorship.pk])),
        (candidate.user, reverse("my_space")),
        (mentor.user, reverse("mentoring:mentor_space")),
        (mentor.user, reverse("my_space")),
        (contact.user, reverse("companies:company_space")),
        (contact.user, reverse("impact:company_engagement", kwargs={"pk": company.pk})),
        (contact.user, reverse("impact:company_csr_report", kwargs={"pk": company.pk})),
    ]


def _invitation_pages(company):
    _expired, expired_token = factories.invitation_with_token(
        company=company,
        created_at=timezone.now() - datetime.timedelta(days=20),
        last_sent_at=timezone.now() - datetime.timedelta(days=20),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    _mentor, mentor_token = factories.invitation_with_token(
        company=company, kind=Invitation.Kind.MENTOR
    )
    _contact, contact_token = factories.invitation_with_token(
        company=company, kind=Invitation.Kind.CONTACT
    )
    existing = factories.UserFactory()
    _known, known_token = factories.invitation_with_token(company=company, email=existing.email)
    return [
        reverse("companies:invitation_accept", kwargs={"token": token})
        for token in (expired_token, mentor_token, contact_token, known_token)
    ]


def _assert_elided(content: str, url: str) -> None:
    text = unescape(content)
    assert not UNELIDED.findall(text), f"{url}: {UNELIDED.findall(text)}"


@pytest.mark.django_db
def test_pages_elide_de_and_que_before_vowel_initial_names(client, people, staff):
    for user, url in _pages(people, staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_elided(response.content.decode(), url)
    client.logout()
    for url in _invitation_pages(people["company"]):
        response = client.get(url)
        assert response.status_code in (200, 409, 410), url
        _assert_elided(response.content.decode(), url)


@pytest.mark.django_db
def test_the_elided_names_are_on_those_pages(client, people, staff):
    """The check above reads pages that do show the names after "de"."""
    client.force_login(staff)
    file_page = unescape(
        client.get(
            reverse("candidates:file", kwargs={"pk": people["candidate"].pk})
        ).content.decode()
    )
    assert "Dossier de candidature d'Inès Amrani" in file_page
    client.force_login(people["candidate"].user)
    durability = unescape(
        client.get(reverse("mentoring:durability", args=[people["mentorship"].pk])).content.decode()
    )
    assert "Votre emploi d'ingénieure qualité chez Orange" in durability
    client.force_login(people["contact"].user)
    engagement = unescape(
        client.get(
            reverse("impact:company_engagement", kwargs={"pk": people["company"].pk})
        ).content.decode()
    )
    assert "Engagement d'Orange" in engagement
