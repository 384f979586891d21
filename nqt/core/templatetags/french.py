"""``{{ day|long_date }}`` ("1er juillet 2026"), ``{{ sentence|elide }}`` ("d'Inès") and
``{{ job_title|mid_sentence }}`` ("ingénieure qualité" inside a sentence); see nqt.core.french.
``{% blocktranslate asvar title %}…{% endblocktranslate %}{{ title|elide }}``
elides a translated sentence once its names are in."""

from django import template

from nqt.core import french

register = template.Library()


@register.filter
def long_date(value, format_name: str = "DATE_FORMAT") -> str:
    return french.long_date(value, format_name)


@register.filter(is_safe=True)
def elide(value) -> str:
    # Elision only removes an "e" and adds an apostrophe, so a safe string stays safe
    # (``is_safe``) and an unsafe one is still escaped by autoescaping.
    return french.elide(value)


@register.filter
def mid_sentence(value) -> str:
    return french.mid_sentence(value)
