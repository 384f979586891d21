"""A notification kind used only by the tests of the notification service itself."""

from pathlib import Path

import pytest

from nqt.core import notifications

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def ping_kind(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]
    return notifications.register_kind("test_ping", label="Test")
