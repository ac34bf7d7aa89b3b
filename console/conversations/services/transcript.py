"""A conversation's events turned into chat bubbles, with masking applied per viewer."""

import dataclasses

from bookings.models import BookingRequest
from django.conf import settings

from ..models import TrackerEvent
from . import events as ev
from . import pii

# Slots shown as small status lines in the transcript (assessment answers and outcomes).
HIDDEN_SLOTS = {"requested_slot", "consent_at", "consent_version", "language"}


@dataclasses.dataclass
class Button:
    title: str
    payload: str
    chosen: bool = False


@dataclasses.dataclass
class Item:
    kind: str  # user | bot | slot | session
    at: object
    text: str = ""
    intent: str | None = None
    confidence: float | None = None
    buttons: list[Button] = dataclasses.field(default_factory=list)
    button_title: str = ""  # the user clicked a button with this title
    payload: str = ""
    slot: str = ""
    value: object = ""
    staff: bool = False  # a bot message a staff member wrote (console Inbox)


def known_names(sender_id: str, slot_events: list[dict]) -> set[str]:
    names = {
        str(e.get("value"))
        for e in slot_events
        if e.get("name") in settings.NAME_SLOTS and isinstance(e.get("value"), str)
    }
    names |= set(BookingRequest.objects.filter(sender_id=sender_id).values_list("name", flat=True))
    return {n for n in names if n}


def build_transcript(sender_id: str, masked: bool) -> list[Item]:
    rows = TrackerEvent.objects.filter(sender_id=sender_id).order_by("id").values_list("type_name", "timestamp", "data")
    loaded = [(type_name, ts, ev.load_event(data)) for type_name, ts, data in rows]
    names = known_names(sender_id, [e for t, _, e in loaded if (e.get("event") or t) == "slot"]) if masked else set()

    def clean(text) -> str:
        text = "" if text is None else str(text)
        return pii.mask_text(text, names) if masked else text

    items: list[Item] = []
    last_buttons: list[Button] = []
    for type_name, ts, event in loaded:
        kind = event.get("event") or type_name
        at = ev.to_datetime(ts if ts is not None else event.get("timestamp"))
        if kind == "user":
            text = event.get("text") or ""
            intent, confidence = ev.intent_of(event)
            item = Item("user", at, clean(text), intent, confidence)
            if ev.is_payload(text):
                item.payload = clean(text)
                item.text = ""
                for button in last_buttons:
                    if button.payload == text:
                        button.chosen = True
                        item.button_title = button.title
                        break
            last_buttons = []
            items.append(item)
        elif kind == "bot":
            # Payloads are compared unmasked, then masked for display.
            buttons = [Button(clean(b.get("title")), str(b.get("payload") or "")) for b in ev.buttons_of(event)]
            last_buttons = buttons
            metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
            items.append(Item("bot", at, clean(event.get("text")), buttons=buttons, staff=bool(metadata.get("staff"))))
        elif kind == "slot" and event.get("name") not in HIDDEN_SLOTS:
            name = event.get("name") or ""
            value = event.get("value")
            sensitive = name in settings.NAME_SLOTS or name in settings.PHONE_SLOTS
            if isinstance(value, bool) or value is None:
                shown = value  # the template words yes / no / empty
            elif masked and sensitive:
                shown = pii.MASK
            else:
                shown = clean(", ".join(map(str, value)) if isinstance(value, list) else value)
            items.append(Item("slot", at, slot=name, value=shown))
        elif kind == "session_started":
            items.append(Item("session", at))
    for item in items:
        if item.kind == "bot" and masked:
            for button in item.buttons:
                button.payload = clean(button.payload)
    return items
