"""Staff hold a conversation by pausing it in Rasa (console Inbox). The pause lives in the tracker
store, so any Rasa process loading the conversation sees it, however many messages the person
sends while held (the windowed store cuts old turns but keeps the pause in its base state)."""

import asyncio

from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationPaused, ConversationResumed, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from tests.unit.test_tracker_store_sql import DOMAIN, store_for


def turn(text):
    return [ActionExecuted("action_listen"), UserUttered(text, intent={"name": "greet", "confidence": 1.0})]


def test_a_pause_survives_many_held_messages_and_a_fresh_store_until_resume(tmp_path, monkeypatch):
    env = {"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "pause.sqlite3")}
    store = store_for(env, monkeypatch)
    tracker = DialogueStateTracker.from_events(
        "web:held", turn("human please") + [BotUttered("Asked the team")], slots=DOMAIN.slots
    )
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("web:held"))
    tracker.update(ConversationPaused())
    asyncio.run(store.save(tracker))
    for i in range(12):  # far more turns than the window keeps
        tracker = asyncio.run(store_for(env, monkeypatch).retrieve("web:held"))  # "another process"
        assert tracker.is_paused(), f"not paused after {i} held messages"
        for event in turn(f"hello? {i}"):
            tracker.update(event)
        asyncio.run(store.save(tracker))
    tracker = asyncio.run(store_for(env, monkeypatch).retrieve("web:held"))
    assert tracker.is_paused()
    assert len(tracker.events) < 20  # the window was cut (the whole conversation has 29 events)
    tracker.update(ConversationResumed())
    asyncio.run(store.save(tracker))
    assert not asyncio.run(store_for(env, monkeypatch).retrieve("web:held")).is_paused()
