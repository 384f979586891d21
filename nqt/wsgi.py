"""WSGI entry point (gunicorn nqt.wsgi). Production settings unless told otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nqt.settings.production")

application = get_wsgi_application()

# Load every URL pattern, with the views and the admin they import, now rather than at the
# first request; then keep what start-up loaded out of the garbage collector's full
# collections: a full collection over the loaded application's objects is a pause that would
# fall on some request now and then (docs/performance.md).
get_resolver().url_patterns  # noqa: B018 (loads the URLconf)
gc.collect()
gc.freeze()
