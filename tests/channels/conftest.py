"""Fixtures for the WhatsApp channel tests: a throw-away SQLite database, the real content texts,
a fake Graph API on 127.0.0.1, and channels configured to use them."""

from pathlib import Path

import pytest
from sanic import Sanic

from channels.whatsapp.cloud_connector import WhatsAppCloudInput
from channels.whatsapp.shared_backoff import BackoffPolicy
from channels.whatsapp.shared_texts import load_channel_texts
from tests.channels.fake_graph import ACCESS_TOKEN, API_VERSION, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, FakeGraph

ROOT = Path(__file__).resolve().parents[2]
# Short delays keep the retry tests fast; the attempt count is what they check.
FAST_RETRIES = BackoffPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


@pytest.fixture
def whatsapp_db(tmp_path, monkeypatch):
    """Each test gets its own SQLite file through the same DB_* variables Rasa uses."""
    path = tmp_path / "whatsapp.sqlite3"
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(path))
    monkeypatch.setenv("CONTENT_DIR", str(ROOT / "content"))
    # Sanic rewrites its protocol class once per process; test mode lets several apps start.
    monkeypatch.setattr(Sanic, "test_mode", True)
    return path


@pytest.fixture
def texts():
    return load_channel_texts(str(ROOT / "content"))


@pytest.fixture
def fake_graph():
    graph = FakeGraph().start()
    yield graph
    graph.stop()


@pytest.fixture
def cloud_channel(whatsapp_db, fake_graph, texts):
    def make(**overrides) -> WhatsAppCloudInput:
        settings = {
            "access_token": ACCESS_TOKEN,
            "phone_number_id": PHONE_NUMBER_ID,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
            "api_version": API_VERSION,
            "graph_url": fake_graph.url,
            "texts": texts,
            "policy": FAST_RETRIES,
        }
        settings.update(overrides)
        return WhatsAppCloudInput(**settings)

    return make
