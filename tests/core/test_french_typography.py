"""French typography applied to formatted text: elision before names, "1er" for the first day."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from nqt.core.french import elide, long_date, mid_sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dossier de Inès", "Dossier d'Inès"),
        ("un poste de ingénieure qualité", "un poste d'ingénieure qualité"),
        ("Parrainage de Émile avec Yasmine", "Parrainage d'Émile avec Yasmine"),
        ("Le réseau de Île-de-France", "Le réseau d'Île-de-France"),
        ("Il faut que Inès confirme", "Il faut qu'Inès confirme"),
        ("Dossier de Yves", "Dossier d'Yves"),
        ("Dossier de Yasmine", "Dossier de Yasmine"),
        ("Dossier de Yann", "Dossier de Yann"),
        ("De Inès", "D'Inès"),
        ("le parrainage de <strong>Inès</strong>", "le parrainage d'<strong>Inès</strong>"),
        # Left alone: consonants, h (mute or not depends on the word), digits, words ending in
        # "de", and already elided text.
        ("Dossier de Paul", "Dossier de Paul"),
        ("Dossier de Hamid", "Dossier de Hamid"),
        ("moins de 30 ans", "moins de 30 ans"),
        ("la commande Inès", "la commande Inès"),
        ("Dossier d'Inès", "Dossier d'Inès"),
    ],
)
def test_elide_in_french(text, expected):
    with translation.override("fr"):
        assert elide(text) == expected


def test_elide_leaves_english_alone():
    with translation.override("en"):
        assert elide("Dossier de Inès") == "Dossier de Inès"


def test_elide_filter_escapes_unsafe_values_and_keeps_safe_ones():
    template = Template("{% load french %}{{ plain|elide }} / {{ marked|elide }}")
    with translation.override("fr"):
        rendered = template.render(
            Context({"plain": "de Inès & Co", "marked": mark_safe("de <em>Inès</em>")})
        )
    assert rendered == "d&#x27;Inès &amp; Co / d'<em>Inès</em>"


@pytest.mark.parametrize(
    ("value", "format_name", "expected"),
    [
        (date(2026, 7, 1), "DATE_FORMAT", "1er juillet 2026"),
        (date(2026, 7, 11), "DATE_FORMAT", "11 juillet 2026"),
        (date(2026, 7, 21), "DATE_FORMAT", "21 juillet 2026"),
        (datetime(2026, 6, 1, 9, 30), "DATETIME_FORMAT", "1er juin 2026 09:30"),
        (date(2026, 7, 1), "SHORT_DATE_FORMAT", "01/07/2026"),
    ],
)
def test_long_date_in_french(value, format_name, expected):
    with translation.override("fr"):
        assert long_date(value, format_name) == expected


def test_long_date_in_english_and_empty():
    with translation.override("en"):
        assert long_date(date(2026, 7, 1)) == "July 1, 2026"
    assert long_date(None) == ""


def test_long_date_filter():
    template = Template(
        '{% load french %}{{ day|long_date }}|{{ day|long_date:"SHORT_DATE_FORMAT" }}'
    )
    with translation.override("fr"):
        assert template.render(Context({"day": date(2026, 7, 1)})) == "1er juillet 2026|01/07/2026"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ingénieure qualité", "ingénieure qualité"),
        ("Chargé·e de communication", "chargé·e de communication"),
        ("DRH adjointe", "DRH adjointe"),
        ("CTO", "CTO"),
        ("développeur web", "développeur web"),
        ("", ""),
    ],
)
def test_mid_sentence_lowers_a_title_inside_a_french_sentence(title, expected):
    with translation.override("fr"):
        assert mid_sentence(title) == expected


def test_mid_sentence_leaves_english_alone():
    with translation.override("en"):
        assert mid_sentence("Quality Engineer") == "Quality Engineer"


def test_mid_sentence_and_elide_filters_together():
    template = Template(
        "{% load french i18n %}{% blocktranslate asvar text with job=job|mid_sentence %}"
        "un poste de {{ job }}{% endblocktranslate %}{{ text|elide }}"
    )
    with translation.override("fr"):
        assert template.render(Context({"job": "Ingénieure qualité"})) == (
            "un poste d'ingénieure qualité"
        )
