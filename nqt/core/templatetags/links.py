"""``{% page_url "company_engagement" company.pk %}``: a higher app's page (nqt.core.links);
``{% may_open_page "kpi_dashboard" as allowed %}``: whether the signed-in user may open it."""

from django import template

from nqt.core import links

register = template.Library()


@register.simple_tag
def page_url(key: str, *args: object) -> str:
    return links.url(key, *args)


@register.simple_tag(takes_context=True)
def may_open_page(context, key: str) -> bool:
    user = context.get("user")
    return user is not None and links.may_open(user, key)
