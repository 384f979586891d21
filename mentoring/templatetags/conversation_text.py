"""``{{ message.body|message_text }}``: a message's plain text as safe HTML.

The text is escaped (markup shows as text), its http and https addresses become links that
give the target page neither the conversation's address nor a handle on its window
(``rel="nofollow noopener noreferrer"``), and its line breaks are kept. No other scheme is ever
linked: neither ``javascript:`` nor e-mail addresses.
"""

from django import template
from django.utils.html import Urlizer
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class _WebUrlizer(Urlizer):
    url_template = '<a href="{href}" rel="nofollow noopener noreferrer">{url}</a>'

    @staticmethod
    def is_email_simple(value) -> bool:
        return False


_urlize = _WebUrlizer()
URL_DISPLAY_LIMIT = 60


def message_html(text: str) -> SafeString:
    linked = _urlize(str(text), trim_url_limit=URL_DISPLAY_LIMIT, autoescape=True)
    # ``linebreaks`` would wrap in paragraphs; one <br> per line keeps the bubble compact.
    lines = str(linked).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return mark_safe("<br>".join(lines))


@register.filter(is_safe=True)
def message_text(value) -> SafeString:
    return message_html(value or "")
