"""Rasa's SQL tracker store, configured exactly as endpoints.yml configures it, on SQLite and (when
DB_DIALECT=postgresql points at a server, as in CI) on PostgreSQL: conversations survive a new store."""

import asyncio
import json
import os
import secrets

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
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
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered("hi", intent={"name": "greet", "confidence": 0.99}, metadata={"language": "en"}),
            ActionExecuted("action_record_consent"),
            SlotSet("consent_given", True),
            BotUttered("Thank you, your consent is recorded."),
        ],
        slots=DOMAIN.slots,
    )
    asyncio.run(store_for(db_env, monkeypatch).save(tracker))

    again = asyncio.run(store_for(db_env, monkeypatch).retrieve(sender))  # as another Rasa process would
    assert again is not None
    assert again.get_slot("consent_given") is True
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hi"]
    assert again.latest_message.metadata == {"language": "en"}


# --- the window (storage/tracker_store.py) -----------------------------------------------------

WINDOW_DOMAIN = Domain.from_dict(
    {
        "intents": ["inform"],
        "slots": {
            "consent_given": {"type": "bool", "mappings": [{"type": "custom"}]},
            "concern": {"type": "text", "mappings": [{"type": "custom"}]},
            "turn": {"type": "float", "mappings": [{"type": "custom"}]},
            "requested_slot": {"type": "text", "mappings": [{"type": "custom"}]},
        },
        "forms": {"skin_assessment_form": {"required_slots": ["concern"]}},
    }
)


def window_store(env, monkeypatch):
    store = store_for(env, monkeypatch)
    store.domain = WINDOW_DOMAIN
    return store


def one_turn(n):
    return [
        ActionExecuted("action_listen"),
        UserUttered(f"message {n}", intent={"name": "inform", "confidence": 0.9}),
        ActionExecuted("skin_assessment_form"),
        SlotSet("turn", float(n)),
        BotUttered(f"reply {n}"),
    ]


async def chat(store, sender, turns, first=0):
    """Like Rasa: retrieve (or start), add one turn's events, save; `turns` times."""
    for n in range(first, first + turns):
        tracker = await store.retrieve(sender)
        if tracker is None:
            tracker = DialogueStateTracker(sender, WINDOW_DOMAIN.slots)
            for event in [
                SlotSet("consent_given", True),
                ActiveLoop("skin_assessment_form"),
                SlotSet("requested_slot", "concern"),
            ]:
                tracker.update(event)
        for event in one_turn(n):
            tracker.update(event)
        await store.save(tracker)
    return tracker


def stored_events(env, sender):
    with get_engine(env).connect() as conn:
        rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
        return [json.loads(data) for (data,) in rows]


def test_a_long_conversation_keeps_every_event_but_loads_a_short_window(db_env, monkeypatch):
    from storage import tracker_window

    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    last = asyncio.run(chat(store, sender, 60))

    events = stored_events(db_env, sender)
    assert len(events) == 3 + 60 * 5  # every event once, none repeated, none lost
    assert [e["text"] for e in events if e["event"] == "user"] == [f"message {n}" for n in range(60)]
    assert [e.as_dict() for e in last.events][-5:] == events[-5:]

    again = asyncio.run(window_store(db_env, monkeypatch).retrieve(sender))  # as another process would
    user_turns = [e for e in again.events if isinstance(e, UserUttered)]
    assert tracker_window.KEEP_TURNS <= len(user_turns) < tracker_window.MAX_TURNS
    assert user_turns[-1].text == "message 59"
    assert again.current_slot_values() == last.current_slot_values()
    assert again.get_slot("consent_given") is True and again.get_slot("turn") == 59.0
    assert again.active_loop_name == "skin_assessment_form"

    full = asyncio.run(store.retrieve_full_tracker(sender))  # what the web chat history reads
    assert len(full.events) == len(events)


def test_a_tracker_saved_twice_in_one_request_stores_its_events_once(db_env, monkeypatch):
    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    asyncio.run(chat(store, sender, 3))
    tracker = asyncio.run(store.retrieve(sender))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("more", intent={"name": "inform", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    events = stored_events(db_env, sender)
    assert [e["event"] for e in events[-2:]] == ["action", "user"]
    assert len(events) == 3 + 3 * 5 + 2


def test_deleted_events_are_not_resurrected_from_the_window(db_env, monkeypatch):
    """The console deletes a person's events (PDPA); the window must not bring them back."""
    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    asyncio.run(chat(store, sender, 20))
    with get_engine(db_env).begin() as conn:
        conn.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})
    assert asyncio.run(store.retrieve(sender)) is None
    with get_engine(db_env).connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM tracker_windows WHERE sender_id = :s"), {"s": sender})
        assert left.scalar() == 0


def test_events_written_by_another_tool_are_seen(db_env, monkeypatch):
    """A stock SQLTrackerStore (say, a one-off script) appends events: the window is rebuilt."""
    from rasa.core.tracker_store import SQLTrackerStore

    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    asyncio.run(chat(store, sender, 15))
    stock = SQLTrackerStore(domain=WINDOW_DOMAIN, host=database_url(db_env).render_as_string(hide_password=False))
    tracker = asyncio.run(stock.retrieve(sender))
    tracker.update(SlotSet("concern", "acne"))
    asyncio.run(stock.save(tracker))

    again = asyncio.run(store.retrieve(sender))
    assert again.get_slot("concern") == "acne" and again.get_slot("turn") == 14.0
    asyncio.run(chat(store, sender, 15, first=15))  # and it goes on windowing from there
    assert len(stored_events(db_env, sender)) == 3 + 30 * 5 + 1


def test_the_window_starts_no_earlier_than_the_latest_session(db_env, monkeypatch):
    from rasa.shared.core.events import SessionStarted

    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    asyncio.run(chat(store, sender, 4))
    tracker = asyncio.run(store.retrieve(sender))
    for event in [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("consent_given", True),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve(sender))
    assert not [e for e in again.events if isinstance(e, UserUttered)]  # the old session's messages stay out
    assert again.get_slot("consent_given") is True and again.get_slot("turn") is None


def test_an_unreadable_window_falls_back_to_the_events(db_env, monkeypatch):
    store = window_store(db_env, monkeypatch)
    sender = "web-" + secrets.token_hex(4)
    asyncio.run(chat(store, sender, 8))
    with get_engine(db_env).begin() as conn:
        conn.execute(
            text("UPDATE tracker_windows SET data = :d WHERE sender_id = :s"),
            {"d": '{"version": 1, "base": {"slots": 5}, "events": [{"event": "user", "parse_data": 3}]}', "s": sender},
        )
    again = asyncio.run(store.retrieve(sender))
    assert again.get_slot("turn") == 7.0 and again.get_slot("consent_given") is True
    assert len([e for e in again.events if isinstance(e, UserUttered)]) == 8  # the whole session, from events
    asyncio.run(chat(store, sender, 1, first=8))  # and the conversation goes on, windowed again
    assert len(stored_events(db_env, sender)) == 3 + 9 * 5


def test_rate_limit_counters_count_per_key_and_window_on_each_database(db_env):
    """The shared counters (channels/rate_limit.py without Redis) use one upsert per key, which
    SQLite and PostgreSQL must both run: a sender's third message in a window reads 3."""
    from storage import rate_limits

    engine = get_engine(db_env)
    rate_limits.create_tables(engine)
    assert rate_limits.hit_many(["ip:1.2.3.4", "sender:web:a"], 600, engine) == [1, 1]
    assert rate_limits.hit_many(["ip:1.2.3.4", "sender:web:a"], 600, engine) == [2, 2]
    assert rate_limits.hit_many(["ip:1.2.3.4", "sender:web:b"], 600, engine) == [3, 1]
    assert rate_limits.hit("ip:1.2.3.4", 660, engine) == 1  # a new window starts again
    assert rate_limits.forget_before(660, engine) == 3
