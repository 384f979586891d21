"""The project's own pages: home, "Mon espace", notifications, legal pages and the health check.

"Mon espace" assembles one panel per role the user holds, each built from its app's selectors
(DESIGN §3): the apps never import this module.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from candidates import selectors as candidate_selectors
from companies import selectors as company_selectors
from mentoring import selectors as mentoring_selectors
from nqt.core import notifications, roles
from nqt.core import privacy as core_privacy
from nqt.core.http import json_download
from nqt.core.models import Notification

from .forms import AccountDeleteForm, EmailPreferencesForm

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"promise_days": settings.MATCHING_PROMISE_DAYS})


@login_required
def my_space(request: HttpRequest) -> HttpResponse:
    user = request.user
    panels = []
    if roles.CANDIDATE in user.roles:
        panels.append(
            ("candidates/panels/my_space.html", candidate_selectors.my_space_panel(user=user))
        )
        if mentor_panel := mentoring_selectors.candidate_mentor_panel(user=user):
            panels.append(("mentoring/panels/candidate_mentor.html", mentor_panel))
    if roles.MENTOR in user.roles:
        panels.append(
            ("mentoring/panels/mentor_space.html", mentoring_selectors.mentor_panel(user=user))
        )
    elif roles.CANDIDATE not in user.roles and (
        onboarding := mentoring_selectors.onboarding_panel(user=user)
    ):
        # Accepted a mentor invitation, profile still to fill in.
        panels.append(("mentoring/panels/mentor_onboarding.html", onboarding))
    if roles.COMPANY_CONTACT in user.roles:
        panels.append(
            ("companies/panels/company_space.html", company_selectors.contact_panel(user=user))
        )
    if roles.STAFF in user.roles:
        panels.append(
            ("mentoring/panels/staff_space.html", mentoring_selectors.staff_panel(user=user))
        )
    return render(request, "my_space.html", {"panels": panels})


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    queryset = Notification.objects.filter(recipient=request.user, in_app=True).only(
        "pk", "title", "url", "created_at", "read_at"
    )
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(request, "notifications.html", {"page": page})


@login_required
def email_preferences(request: HttpRequest) -> HttpResponse:
    kinds = notifications.optional_kinds()
    muted = set(request.user.muted_email_kinds or [])
    initial = {"emailed": [kind.code for kind in kinds if kind.code not in muted]}
    # Unticking every box posts nothing: test the method, not the (empty) data.
    data = request.POST if request.method == "POST" else None
    form = EmailPreferencesForm(data, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["emailed"])
        notifications.email_preferences_set(
            user=request.user, muted=[kind.code for kind in kinds if kind.code not in wanted]
        )
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications")
    return render(request, "email_preferences.html", {"form": form})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    raw_id = request.POST.get("notification")
    ids = [int(raw_id)] if raw_id and raw_id.isdigit() else None
    count = notifications.mark_read(user=request.user, notification_ids=ids)
    if ids is None:
        messages.success(request, _("All notifications are marked as read."))
    if ids and count:
        target = Notification.objects.filter(pk=ids[0], recipient=request.user).first()
        if target and target.url.startswith("/"):
            return redirect(target.url)
    return redirect("notifications")


@login_required
@require_GET
@never_cache
def my_data_export(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the signed-in person, as a JSON download."""
    return json_download(core_privacy.export_user_data(request.user), "mes-donnees.json")


@login_required
@never_cache
def account_delete(request: HttpRequest) -> HttpResponse:
    """Erase the signed-in person's account (anonymisation, DESIGN §10) after their password."""
    form = AccountDeleteForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        core_privacy.erase_user(request.user)
        logout(request)
        messages.success(
            request, _("Your account is deleted and your personal data erased. Goodbye!")
        )
        return redirect("home")
    return render(request, "account_delete.html", {"form": form})


def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "legal_notice.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"version": settings.PRIVACY_POLICY_VERSION})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """State of the database and of the broker: 200 when both answer, 503 otherwise."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: the database does not answer.")
        checks["database"] = "unavailable"
        healthy = False

    broker_url = settings.CELERY_BROKER_URL
    if not broker_url:
        checks["broker"] = "none: tasks run in-process"
    else:
        try:
            client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=1)
            client.ping()
            client.close()
            checks["broker"] = "ok"
        except Exception:
            logger.exception("Health check: the broker does not answer.")
            checks["broker"] = "unavailable"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
