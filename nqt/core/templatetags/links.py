"""``{% page_url "company_engagement" company.pk %}``: a higher app's page (nqt.core.links)."""

from django import template

from nqt.core import links

register = template.Library()


@register.simple_tag
def page_url(key: str, *args: object) -> str:
    return links.url(key, *args)
