"""Settings shared by every environment; each environment module imports and adjusts them.

Everything that differs between deployments comes from the environment (see README,
"Configuration"); the readers in ``env.py`` refuse malformed values.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    database_config,
    env_admins,
    env_bool,
    env_choice,
    env_int,
    env_str,
    env_weights,
    redis_url,
)

# The project root holds templates/, static/ and locale/: the source tree by default. An
# installed (non-editable) package lives in site-packages, away from them, so the image sets
# PROJECT_ROOT to the folder it copies them to.
BASE_DIR = Path(env_str("PROJECT_ROOT", str(Path(__file__).resolve().parent.parent.parent)))
if not (BASE_DIR / "templates").is_dir():
    raise ImproperlyConfigured(
        f"{BASE_DIR} holds no templates/ folder: set PROJECT_ROOT to the folder that holds "
        "templates/, static/ and locale/."
    )

SITE_NAME = env_str("SITE_NAME", "Quartiers Talents")
# Absolute address used in e-mails, which are rendered outside any request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DEBUG = False

INSTALLED_APPS = [
    # django.contrib.admin, with the site of nqt/core/admin_site.py.
    "nqt.core.admin_site.NqtAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_htmx",
    "phonenumber_field",
    "nqt.core",
    "candidates",
    "companies",
    "mentoring",
    "impact",
    # The demo data writes every app's rows: the top layer, listed last.
    "nqt.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nqt.core.cache_control.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "nqt.core.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "nqt.urls"
WSGI_APPLICATION = "nqt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nqt.core.context_processors.site",
                "mentoring.workspace.unread.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": database_config(env_str("DATABASE_URL", "sqlite:///db.sqlite3"))}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
# A kept connection dies with a PostgreSQL restart: check it before a request's first query
# and reconnect, rather than answer one 500 per web thread (DESIGN §10).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    redis_url(REDIS_URL)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
if CELERY_BROKER_URL:
    redis_url(CELERY_BROKER_URL, variable="CELERY_BROKER_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a local cache while Redis is unreachable, so sign-in and its
            # rate limits keep working (DESIGN §10); short timeouts keep requests from hanging.
            "BACKEND": "nqt.core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nqt",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
# Without a broker the tasks run in-process (the embedded default of `make run`).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a web request when Redis is down: the outbox row is the source of
# truth and the periodic resend picks it up (DESIGN §7).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died is redelivered after this many seconds (acks_late).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE = {
    "resend-unsent-notifications": {
        "task": "nqt.core.tasks.resend_unsent_notifications",
        "schedule": 300.0,
    },
    # Anonymise files past retention (DESIGN §10) and purge the staff access log (12 months).
    "purge-expired-candidates": {
        "task": "candidates.tasks.purge_expired_candidates",
        "schedule": crontab(hour=3, minute=10),
    },
    # Reminders, check-ins and expiries found by one sweep over PostgreSQL (DESIGN §7).
    "mentoring-daily-sweep": {
        "task": "mentoring.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=30),
    },
    # The pairs' conversations, 12 months after their mentorship ended (DESIGN §10).
    "purge-old-conversations": {
        "task": "mentoring.tasks.purge_old_conversations",
        "schedule": crontab(hour=3, minute=25),
    },
    # The e-mail digest of unread messages (DESIGN §13): a run that waited past the next one
    # is dropped, the next one finds the same conversations.
    "mentoring-message-digests": {
        "task": "mentoring.tasks.send_message_digests",
        "schedule": 300.0,
        "options": {"expires": 300},
    },
    "purge-sensitive-access-log": {
        "task": "candidates.tasks.purge_sensitive_access_log",
        "schedule": crontab(hour=3, minute=40),
    },
    "purge-auth-events": {
        "task": "nqt.core.tasks.purge_auth_events",
        "schedule": crontab(hour=3, minute=50),
    },
}

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <ne-pas-repondre@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
EMAIL_TIMEOUT = 10
# Who receives the report of each server error (500); nobody when empty, the error is then
# only in the logs. ADMINS="Équipe technique <tech@example.org>, astreinte@example.org".
ADMINS = env_admins("ADMINS")

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_space"

ACCOUNT_ADAPTER = "nqt.core.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Signing up is applying: names and consent to the privacy notice, then a draft file.
ACCOUNT_SIGNUP_FORM_CLASS = "candidates.forms.CandidateSignupForm"
ACCOUNT_FORMS = {"signup": "candidates.signup.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
# allauth's defaults limit login failures, sign-ups, resets and confirmations per IP and per
# key; the admin login goes through allauth (secure_admin_login) so the same limits apply.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# Behind a load balancer every request comes from its address: the per-IP limits (and the
# authentication log) then read the client's address from X-Forwarded-For, this many proxies
# from the right, or from a header the proxy sets (e.g. X-Real-IP), never from a header a
# client could set unchecked. 0 and no header: the connection's address (REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "") or None

# --- Second factor for staff (DESIGN §10) -----------------------------------------------------
# allauth's MFA: an authenticator app (TOTP) with recovery codes. With STAFF_MFA_REQUIRED,
# staff and national admins without a factor are sent to the enrolment from every other page
# (nqt.core.middleware); those with one get allauth's code step at each sign-in. On unless
# the environment says otherwise; the embedded default (local.py) turns it off so that the
# demo logins printed by `make run` keep working, and the test settings leave it to each test.
INSTALLED_APPS += ["allauth.mfa"]
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# --- End of second factor for staff ---------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "FR"

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: kept outside STATIC_ROOT with no public URL, served only by
# access-checked views (DESIGN §8).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery": {"level": LOG_LEVEL},
    },
}

# --- Legal notice (LCEN): production requires the real values, see production.py ---------
LEGAL = {
    "address": env_str("LEGAL_ADDRESS", "(LEGAL_ADDRESS not configured)"),
    "director": env_str("LEGAL_DIRECTOR", "(LEGAL_DIRECTOR not configured)"),
    "host": env_str("LEGAL_HOST", "(LEGAL_HOST not configured)"),
    "contact_email": env_str("CONTACT_EMAIL", "contact@example.org"),
    "dpo_email": env_str("DPO_EMAIL", "dpo@example.org"),
}

# --- Programme rules ------------------------------------------------------------------------
# Days within which the association promises a mentor after a validated application.
MATCHING_PROMISE_DAYS = env_int("MATCHING_PROMISE_DAYS", 15, minimum=1)
# How long the staff dashboard keeps the figures it computed, per scope (DESIGN §9: caching a
# computed figure is fine). 0 computes them at every view.
KPI_CACHE_SECONDS = env_int("KPI_CACHE_SECONDS", 300, minimum=0, maximum=86400)
# The figures staff land on (their regions, this year) are computed again in the background a
# little before they expire (impact.cache), so that the first view finds them kept
# too: every four fifths of the delay (4 minutes for 5), at most once a minute.
KPI_REFRESH_SECONDS = float(max(60, KPI_CACHE_SECONDS * 4 // 5))
if KPI_CACHE_SECONDS:
    CELERY_BEAT_SCHEDULE["keep-dashboard-figures"] = {
        "task": "impact.tasks.keep_dashboard_figures",
        "schedule": KPI_REFRESH_SECONDS,
        # A run that waited past the next one is dropped: the next one computes anew.
        "options": {"expires": KPI_REFRESH_SECONDS},
    }
# Weights of the matching criteria (DESIGN §6), shown to staff on the suggestions page.
# Override with MATCHING_WEIGHTS="sector=30,function=20,...".
MATCHING_WEIGHTS = env_weights(
    "MATCHING_WEIGHTS",
    {
        "sector": 30,
        "function": 20,
        "geography": 15,
        "field_of_study": 10,
        "business": 10,
        "languages": 5,
        "load": 5,
        "waiting": 5,
    },
)
EMAIL_SENDING_LEASE_SECONDS = env_int("EMAIL_SENDING_LEASE_SECONDS", 300, minimum=10)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 8, minimum=1)
# Days a company's invitation link stays valid (a contact's or a future mentor's).
INVITATION_VALIDITY_DAYS = env_int("INVITATION_VALIDITY_DAYS", 14, minimum=1)
# Invitations a company contact may send (or send again) in 24 hours; staff are not limited.
INVITATIONS_PER_DAY = env_int("INVITATIONS_PER_DAY", 30, minimum=1)
PRIVACY_POLICY_VERSION = "2026-11"
