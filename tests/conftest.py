"""Personas and shared fixtures (STYLE: factories in one place, personas as fixtures)."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from tests import factories
from tests.support.reference_data import ensure_reference_data

pytest_plugins = ["tests.support.notifications", "tests.support.processes"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser tests
# make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }


@pytest.fixture
def live_db(transactional_db):
    """Committed rows that other processes (a worker, a browser's server) can see.

    Tests that need it use ``pytest.mark.usefixtures("live_db")`` instead of the django_db mark.
    """
    ensure_reference_data()


# --- Personas -------------------------------------------------------------------------------


@pytest.fixture
def candidate(db):
    return factories.CandidateFactory()


@pytest.fixture
def other_candidate(db):
    return factories.CandidateFactory()


@pytest.fixture
def company(db):
    return factories.CompanyFactory()


@pytest.fixture
def other_company(db):
    return factories.CompanyFactory()


@pytest.fixture
def mentor(company):
    return factories.MentorFactory(company=company)


@pytest.fixture
def other_mentor(other_company):
    return factories.MentorFactory(company=other_company)


@pytest.fixture
def company_contact(company):
    return factories.CompanyContactFactory(company=company)


@pytest.fixture
def staff(db):
    """Regional staff of Grand Est."""
    return factories.StaffFactory()


@pytest.fixture
def other_staff(db):
    """Regional staff of Île-de-France."""
    return factories.StaffFactory(regions=[factories.region("ile-de-france")])


@pytest.fixture
def national_admin(db):
    return factories.NationalAdminFactory()


@pytest.fixture
def login(client):
    """Sign ``user`` in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- Browser tests --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
