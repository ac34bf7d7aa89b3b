"""Reading Rasa tracker events as stored by SQLTrackerStore (`data` = json.dumps(event.as_dict()))."""

import datetime as dt
import json
import re
from typing import Any

# Rasa input channel names -> the two channels staff filter by.
WEB_CHANNELS = {"webchat", "rest", "socketio", "callback"}
WHATSAPP_CHANNELS = {"whatsapp", "twilio_whatsapp", "twilio"}
WEB, WHATSAPP, OTHER = "web", "whatsapp", "other"

# A button or quick-reply payload: "/intent" or "/intent{json}" (Rasa's RegexInterpreter format).
PAYLOAD_RE = re.compile(r"^/([A-Za-z0-9_\-]+)(\{.*\})?\s*$", re.DOTALL)


def load_event(data: str | None) -> dict[str, Any]:
    """The event dict, or {} when the stored JSON is missing or broken (never crash a page)."""
    if not data:
        return {}
    try:
        event = json.loads(data)
    except (TypeError, ValueError):
        return {}
    return event if isinstance(event, dict) else {}


def channel_group(input_channel: str | None) -> str:
    name = (input_channel or "").lower()
    if name in WEB_CHANNELS:
        return WEB
    if name in WHATSAPP_CHANNELS:
        return WHATSAPP
    return OTHER


def to_datetime(timestamp: float | None) -> dt.datetime | None:
    if timestamp is None:
        return None
    try:
        return dt.datetime.fromtimestamp(float(timestamp), tz=dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def intent_of(event: dict[str, Any]) -> tuple[str | None, float | None]:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    if not isinstance(intent, dict):
        return None, None
    confidence = intent.get("confidence")
    try:
        confidence = float(confidence) if confidence is not None else None
    except (TypeError, ValueError):
        confidence = None
    return intent.get("name"), confidence


def is_payload(text: str | None) -> bool:
    return bool(text) and PAYLOAD_RE.match(text) is not None


def buttons_of(event: dict[str, Any]) -> list:
    """Buttons of a bot event (Rasa keeps them under data.buttons; quick replies likewise)."""
    data = event.get("data") or {}
    buttons = data.get("buttons") or data.get("quick_replies") or []
    return [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []


def unstorable(value: Any) -> bool:
    """True when a string anywhere in the event holds a NUL (PostgreSQL text refuses it) or a lone
    surrogate (no UTF-8 encoding exists for it): such an event cannot be folded into a summary."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item or any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
