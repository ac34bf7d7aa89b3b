"""Test database = the Django test DB plus Rasa's own `events` table (created by SQLTrackerStore)
and the `booking_requests` table from the shared contract."""

import os
import time

import pytest

os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")

# A skipped test fails the run unless ALLOW_PARTIAL=1 (devtools/no_skips.py, shared with tests/).
pytest_plugins = ["devtools.no_skips"]


@pytest.fixture(scope="session", autouse=True)
def tracker_store(django_db_setup, django_db_blocker):
    from tests import rasa_db

    with django_db_blocker.unblock():
        store = rasa_db.open_tracker_store()
        rasa_db.create_booking_table(store)
    yield store
    store.engine.dispose()  # lets Django drop the PostgreSQL test database afterwards


@pytest.fixture
def rasa(tracker_store, transactional_db):
    """Clean shared tables around a test that writes through Rasa's tracker store."""
    from tests import rasa_db

    rasa_db.clear(tracker_store)
    yield tracker_store
    rasa_db.clear(tracker_store)


@pytest.fixture
def now_ts():
    return time.time()


def pytest_configure(config):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        Path(settings.DATABASES["default"]["TEST"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
