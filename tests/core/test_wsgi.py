"""The WSGI entry point loads the whole application before the first request and leaves it out
of the garbage collector's full collections."""

from __future__ import annotations

import gc
import importlib
import sys


def test_start_up_freezes_what_it_loaded():
    sys.modules.pop("nqt.wsgi", None)
    try:
        wsgi = importlib.import_module("nqt.wsgi")
        assert gc.get_freeze_count() > 10_000
        assert callable(wsgi.application)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
