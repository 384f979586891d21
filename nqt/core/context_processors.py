from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Site name and, for a signed-in user, their roles and unread notification count."""
    context = {"SITE_NAME": settings.SITE_NAME, "legal": settings.LEGAL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["user_roles"] = user.roles
        context["unread_notifications"] = user.notifications.filter(
            in_app=True, read_at__isnull=True
        ).count()
    return context
