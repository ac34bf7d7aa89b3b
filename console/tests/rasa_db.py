"""Writes conversations into the test database exactly the way Rasa does: real
rasa.shared.core.events Event objects saved through the tracker store endpoints.yml configures
(storage/tracker_store.py: Rasa's SQLTrackerStore plus the per-conversation window)."""

import asyncio
from collections.abc import Sequence

import sqlalchemy as sa
from django.db import connection
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# The real table definition from the action server's storage (the contract's owner), so these
# tests break if the console and storage/bookings.py drift apart.
from storage.bookings import booking_requests as BOOKINGS
from storage.tracker_store import WindowedSQLTrackerStore


def open_tracker_store() -> SQLTrackerStore:
    """The tracker store on the Django test database; creates `events` and `tracker_windows` like Rasa does."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return WindowedSQLTrackerStore(dialect="sqlite", db=s["NAME"])
    return WindowedSQLTrackerStore(
        dialect="postgresql",
        host=s["HOST"],
        port=int(s["PORT"] or 5432),
        db=s["NAME"],
        username=s["USER"] or None,
        password=s["PASSWORD"] or None,
    )


def create_booking_table(store: SQLTrackerStore) -> None:
    """booking_requests, plus the other tables the action server and channels own (hand-off
    requests, the WhatsApp window), from their real definitions."""
    from storage import handoffs, rate_limits, whatsapp

    BOOKINGS.metadata.create_all(store.engine)
    handoffs.ensure_schema(store.engine)
    whatsapp.create_tables(store.engine)
    rate_limits.create_tables(store.engine)


def save_events(store: SQLTrackerStore, sender_id: str, events: Sequence[Event]) -> None:
    """Appends events to a conversation the way Rasa's processor does: the tracker holds the
    current session's events and save() stores the ones not stored yet."""
    from rasa.shared.core.slots import AnySlot

    all_events = [Event.from_parameters(e) for e in _stored_dicts(store, sender_id)] + list(events)
    slots = [AnySlot(name, mappings=[]) for name in {e.key for e in all_events if isinstance(e, SlotSet)}]
    tracker = DialogueStateTracker.from_events(sender_id, all_events, slots=slots)
    asyncio.run(store.save(tracker))


def _stored_dicts(store, sender_id) -> list[dict]:
    import json

    with store.session_scope() as session:
        rows = store._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        return [json.loads(r.data) for r in rows]


def clear(store: SQLTrackerStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM events"))
        conn.execute(sa.text("DELETE FROM tracker_windows"))
        conn.execute(sa.text("DELETE FROM booking_requests"))
        conn.execute(sa.text("DELETE FROM handoff_requests"))
        conn.execute(sa.text("DELETE FROM whatsapp_contacts"))
        conn.execute(sa.text("DELETE FROM whatsapp_numbered_options"))
        conn.execute(sa.text("DELETE FROM whatsapp_processed_messages"))
        conn.execute(sa.text("DELETE FROM rate_limit_counters"))


def insert_booking(store: SQLTrackerStore, **values) -> None:
    with store.engine.begin() as conn:
        conn.execute(BOOKINGS.insert().values(**values))


# Builders for readable scenarios (timestamps strictly increasing from `t0`).
class Script:
    def __init__(self, t0: float, channel: str = "webchat"):
        self.t, self.channel, self.events = t0, channel, []

    def _ts(self, step=1.0):
        self.t += step
        return self.t

    def session(self):
        t = self._ts()
        # Same timestamp for both, so save() counts this session's stored events exactly.
        self.events += [
            ActionExecuted("action_session_start", timestamp=t),
            SessionStarted(timestamp=t),
            ActionExecuted("action_listen", timestamp=self._ts(0.01)),
        ]
        return self

    def user(self, text, intent, confidence=0.95, entities=None, metadata=None):
        self.events.append(
            UserUttered(
                text,
                intent={"name": intent, "confidence": confidence},
                entities=entities or [],
                input_channel=self.channel,
                metadata=metadata or {},
                timestamp=self._ts(5),
            )
        )
        return self

    def bot(self, text, buttons=None):
        self.events.append(BotUttered(text, data={"buttons": buttons} if buttons else {}, timestamp=self._ts(0.5)))
        return self

    def action(self, name):
        self.events.append(ActionExecuted(name, timestamp=self._ts(0.1)))
        return self

    def slot(self, name, value):
        self.events.append(SlotSet(name, value, timestamp=self._ts(0.1)))
        return self

    def loop(self, name):
        self.events.append(ActiveLoop(name, timestamp=self._ts(0.1)))
        return self

    def ask(self, slot, question, options, answer):
        """A form question with buttons, answered by clicking the option whose value is `answer`."""
        self.slot("requested_slot", slot).action(f"action_ask_{slot}")
        self.bot(question, [{"title": t, "payload": f'/inform{{"choice":"{v}"}}'} for t, v in options])
        self.action("action_listen")
        self.user(f'/inform{{"choice":"{answer}"}}', "inform", 1.0, [{"entity": "choice", "value": answer}])
        self.action("skin_assessment_form").slot(slot, answer)
        return self


def window_senders(store: SQLTrackerStore) -> set:
    with store.engine.connect() as conn:
        return {row[0] for row in conn.execute(sa.text("SELECT sender_id FROM tracker_windows"))}
