from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    """Site name and, for a signed-in user, their roles and unread notification count."""
    context = {"SITE_NAME": settings.SITE_NAME, "legal": settings.LEGAL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Lazy: looked up only by the templates that show them (the site's header), not on
        # the admin's pages, which use neither.
        context["user_roles"] = SimpleLazyObject(lambda: user.roles)
        context["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.filter(in_app=True, read_at__isnull=True).count()
        )
    return context
