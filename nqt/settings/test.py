"""Settings for the test suite: PostgreSQL and Redis on the machine, tasks eager by default.

Tests that need a real worker start one against the same broker (tests/core/test_worker.py).
"""

from .base import *  # noqa: F403
from .base import STORAGES
from .env import database_config, env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-6c1d0e9b8a7f"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Off, as in the embedded default; the tests of the second factor turn it on (``settings``).
STAFF_MFA_REQUIRED = False

DATABASES = {
    "default": database_config(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nqt"))
}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True
# A per-process cache keeps tests independent of each other and of a shared Redis; the test of
# the dashboard's figures kept by a real worker gives the worker and itself a private Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if TEST_CACHE_URL := env_str("TEST_CACHE_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_CACHE_URL,
        }
    }

# The real-worker tests point their worker at a file backend to count what it sent.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "/tmp/nqt-test-mail")  # noqa: S108
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", "/tmp/nqt-test-media"))  # noqa: F405, S108
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders (no collectstatic needed to run the suite).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
