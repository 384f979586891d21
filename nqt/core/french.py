"""French typography that a catalogue entry cannot express on its own.

A translation reads "le parrainage de %(name)s"; with "Inès" it must read "d'Inès". And French
writes the first day of a month as an ordinal: "1er juillet", not "1 juillet". Both depend on
the value substituted, so they are applied to the formatted text, in French only.
"""

import re
from datetime import date, datetime

from django.utils import formats, translation

# Letters a French word may start with that elide "de" and "que" (names such as "Inès", "Émile",
# places such as "Île-de-France"). Words starting with "h" are left alone: whether the h is mute
# is a property of each word ("d'Hélène" but "de Hamid" for many speakers). A "y" is a vowel
# before a consonant ("d'Yves") and a consonant before a vowel ("de Yasmine", "de Yann").
_VOWELS = "AEIOUÀÂÄÆÉÈÊËÎÏÔÖŒÙÛÜaeiouàâäæéèêëîïôöœùûü"
_VOWEL_SOUND = rf"(?:[{_VOWELS}]|[Yy](?![{_VOWELS}yY]))"
# "de Inès", "que Émile", also when the value is wrapped in markup ("de <strong>Inès").
_ELIDABLE = re.compile(rf"\b([Dd]e|[Qq]ue|[Jj]usque) (?=(?:<[^<>]+>)*{_VOWEL_SOUND})")
# A formatted long date whose day is 1: "1 juillet 2026" (also after a weekday: "lundi 1 juin").
_FIRST_DAY = re.compile(r"(?<![\d/.-])1(?= \w)")


def is_french() -> bool:
    return (translation.get_language() or "").split("-")[0] == "fr"


def elide(text: str) -> str:
    """Elide "de"/"que" before a word starting with a vowel, in French: "de Inès" → "d'Inès".

    Meant for translated sentences once their values are substituted. Outside French the text
    is returned unchanged. Safe on HTML (markup between the word and the value is skipped) and
    keeps a lazy or safe string's kind to the caller's care: it returns a plain ``str``.
    """
    if not is_french():
        return str(text)
    return _ELIDABLE.sub(lambda match: f"{match.group(1)[:-1]}'", str(text))


def mid_sentence(text: str) -> str:
    """A title typed with a capital ("Ingénieure qualité") as it reads inside a French sentence.

    French capitalises a job title only at the start of a sentence: "un poste d'ingénieure
    qualité". An acronym ("DRH adjointe", "CTO") keeps its capitals. Outside French the text is
    returned unchanged (English keeps the capital of "Quality Engineer").
    """
    text = str(text or "")
    if not is_french() or not text:
        return text
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1].isupper():
        return text
    return text[0].lower() + text[1:]


def long_date(value: date | datetime | None, format_name: str = "DATE_FORMAT") -> str:
    """Format ``value`` like Django's ``date`` filter, with "1er" for the first day in French."""
    if value is None or value == "":
        return ""
    formatted = formats.date_format(value, format_name)
    if is_french() and value.day == 1 and "j" in formats.get_format(format_name):
        formatted = _FIRST_DAY.sub("1er", formatted, count=1)
    return formatted
