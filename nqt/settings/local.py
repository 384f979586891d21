"""The embedded default used by `make run`: SQLite, tasks in-process, e-mails on the console.

Setting DATABASE_URL, REDIS_URL or EMAIL_URL switches each piece to the real service.
"""

from .base import *  # noqa: F403
from .base import STORAGES
from .env import email_config, env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# Only this module has a default key, so a production start without SECRET_KEY fails.
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-secret-3f9a1c7e5b2d4a6f8e0c")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# The demo logins printed by `make run` sign staff in with a password only (README).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", False)

# E-mails link to the server `make run` starts: PORT=8080 make run serves on 8080 and passes
# PORT on, so the links follow; a SITE_URL of its own wins (production always sets one).
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

EMAIL_URL = env_str("EMAIL_URL", "consolemail://")
vars().update(email_config(EMAIL_URL))

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the source folders; `collectstatic` is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The KPI indexes carry extra columns (PostgreSQL covering indexes, DESIGN §12); SQLite builds
# them without, which is fine for a local platform, so its warning about it is not shown.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
