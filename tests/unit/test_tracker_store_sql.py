"""Rasa's SQL tracker store, configured exactly as endpoints.yml configures it, on SQLite and (when
DB_DIALECT=postgresql points at a server, as in CI) on PostgreSQL: conversations survive a new store."""
import asyncio
import os
import secrets

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import text

from storage.db import database_url, get_engine

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DB_DIALECT") == "postgresql" else [])
DOMAIN = Domain.from_dict({"slots": {"consent_given": {"type": "bool", "mappings": [{"type": "custom"}]}}})


@pytest.fixture(params=BACKENDS)
def db_env(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        env = {"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "tracker.sqlite3")}
        yield env
        return
    name = f"tracker_test_{secrets.token_hex(4)}"
    admin = get_engine()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield dict(os.environ, DB_NAME=name)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))


def store_for(env, monkeypatch):
    monkeypatch.setenv("DB_URL", database_url(env).render_as_string(hide_password=False))
    for key in ("ACTION_SERVER_URL", "LOCK_STORE_TYPE", "REDIS_HOST", "REDIS_PORT", "REDIS_DB"):
        monkeypatch.setenv(key, os.environ.get(key, "x"))
    return TrackerStore.create(read_endpoint_config("endpoints.yml", "tracker_store"), domain=DOMAIN)


def test_conversation_is_stored_and_read_back_by_another_store(db_env, monkeypatch):
    sender = "web-" + secrets.token_hex(4)
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen"),
        UserUttered("hi", intent={"name": "greet", "confidence": 0.99}, metadata={"language": "en"}),
        ActionExecuted("action_record_consent"),
        SlotSet("consent_given", True),
        BotUttered("Thank you, your consent is recorded."),
    ], slots=DOMAIN.slots)
    asyncio.run(store_for(db_env, monkeypatch).save(tracker))

    again = asyncio.run(store_for(db_env, monkeypatch).retrieve(sender))  # as another Rasa process would
    assert again is not None
    assert again.get_slot("consent_given") is True
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hi"]
    assert again.latest_message.metadata == {"language": "en"}
