"""Browser tests: Playwright drives Debian's chromium against the live server.

Each journey saves a screenshot per step in tests/e2e/screenshots/<test name>/, and fails if
the browser reports a console error (a CSP violation, a missing file, a script error).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def page(page, live_server):
    """The Playwright page, with French as the browser language and console errors caught."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    yield page
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def shoot(page, request):
    """``shoot("step-name")`` saves a full-page screenshot of the current step."""
    folder = SCREENSHOTS / re.sub(r"[^\w-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def _shoot(step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return _shoot
