"""Production: every secret and service comes from the environment, with no fallback.

A missing SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL or REDIS_URL stops the start with a
message.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL
from .env import database_config, email_config, env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The links in e-mails: without it they would point at a developer's machine.
SITE_URL = env_str("SITE_URL").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be an absolute URL such as https://parrainage.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {"default": {**DATABASES["default"], **database_config(env_str("DATABASE_URL"))}}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be postgres://.")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "The environment variable REDIS_URL is required in production: the Celery broker, "
        "the cache and the login rate limits use it."
    )

vars().update(email_config(env_str("EMAIL_URL")))

# The legal notice and privacy page must name the real publisher, host and contacts.
LEGAL = {
    "address": env_str("LEGAL_ADDRESS"),
    "director": env_str("LEGAL_DIRECTOR"),
    "host": env_str("LEGAL_HOST"),
    "contact_email": env_str("CONTACT_EMAIL"),
    "dpo_email": env_str("DPO_EMAIL"),
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Exempt the health check from the HTTPS redirect so load balancers can probe over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
