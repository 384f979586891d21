from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import views
from .core import account_views

# The admin login goes through allauth: same rate limits, e-mail verification and
# enumeration protection as the site's login.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # First: the admin's lists resolve each row's link (to keep their filters), and the
    # patterns before it are tried each time.
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("mon-espace/", views.my_space, name="my_space"),
    path("mon-espace/mes-donnees.json", views.my_data_export, name="my_data_export"),
    path("mon-espace/supprimer-mon-compte/", views.account_delete, name="account_delete"),
    path("candidature/", include("candidates.urls")),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/lues/", views.notifications_mark_read, name="notifications_mark_read"),
    path("notifications/preferences/", views.email_preferences, name="email_preferences"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/verification/renvoyer/",
        account_views.verification_resend,
        name="account_verification_resend",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("companies.urls")),
    path("", include("mentoring.urls")),
    path("", include("impact.urls")),
]
