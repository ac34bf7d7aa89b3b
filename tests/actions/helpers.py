"""Builds rasa-sdk Trackers and a domain dict the way Rasa sends them to the action server."""

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


def load_domain() -> dict[str, Any]:
    """All domain/*.yml files merged, enough for FormValidationAction (forms and slots)."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}, "responses": {}, "actions": [], "intents": []}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for key in ("forms", "slots", "responses"):
            merged[key].update(data.get(key) or {})
        for key in ("actions", "intents"):
            merged[key] += data.get(key) or []
    return merged


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    confidence: float = 0.99,
    entities: list[dict] | None = None,
    active_loop: str | None = None,
    events: list[dict] | None = None,
    metadata: dict | None = None,
    sender_id: str = "test-user",
) -> Tracker:
    slot_values = {"language": "en", "consent_given": True, "flow_stopped": False}
    slot_values.update(slots or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": entities or [],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id=sender_id,
        slots=slot_values,
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def form_turn(slots: dict[str, Any], requested: str, text: str, value: Any = None, **kwargs) -> Tracker:
    """A tracker right after action_extract_slots filled `requested` from the user's message."""
    value = text if value is None else value
    all_slots = dict(slots)
    all_slots["requested_slot"] = requested
    all_slots[requested] = value
    events = [
        {"event": "user", "text": text},
        {"event": "slot", "name": requested, "value": value},
    ]
    return make_tracker(all_slots, text=text, events=events, active_loop=kwargs.pop("form", None), **kwargs)


def run(action, tracker: Tracker, domain: dict | None = None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or load_domain()))
    return dispatcher.messages, events


def slot_events(events) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(messages) -> list[str]:
    return [m.get("text") or "" for m in messages]
