"""Rasa's SQL tracker store, plus a per-conversation window so a message costs the same at turn 200
as at turn 2.

endpoints.yml: `type: storage.tracker_store.WindowedSQLTrackerStore` with the same `url` as before.

- Every event is still written to Rasa's `events` table exactly as SQLTrackerStore writes it: the
  staff console, the web chat history (retrieve_full_tracker) and any stock Rasa tool read it as before.
- `tracker_windows` holds, per conversation, the state before the window and the window's events
  (storage/tracker_window.py). retrieve() rebuilds the tracker from that one row, so it no longer
  reads, parses and replays the whole session, and the policies and the action server get a short
  tracker.
- The row records the id of the last event it includes. When the events table says otherwise (a
  person's data deleted by the console, events written by another tool), the row is dropped and the
  tracker is rebuilt from the events table, as stock Rasa would. The console's deletion and
  retention commands also delete rows (console/conversations/services/retention.py).
- Which events are new at save() is known from what retrieve() loaded (kept on the tracker object
  for the request), instead of counting the stored events again.

All state lives in the database, so several Rasa processes can share it (with a Redis lock store).
"""

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import declarative_base

from storage.db import sqlite_pragmas
from storage.json_text import dumps
from storage.tracker_window import BaseState, cut_index, rebuild, state_of

logger = logging.getLogger(__name__)

WindowBase: Any = declarative_base()  # SQLAlchemy 1.4's ORM base (untyped without its mypy plugin)
TRACKER_WINDOWS_TABLE = "tracker_windows"
FORMAT_VERSION = 1
LOADED_ATTRIBUTE = "_nextmed_window"  # request-scoped: lives on the tracker object only


def keep_failures_visible() -> None:
    """Stops Rasa's Agent from wrapping this store in its FailSafeTrackerStore.

    That wrapper turns a database error into "no conversation yet" on retrieve and into a save to
    process memory: during a database outage people are answered as if they had just arrived and
    what they say is lost (measured: 132 messages lost in a 7 s PostgreSQL restart). Unwrapped,
    the error reaches the channel, which answers with a clear error (the widget shows its apology)
    and nothing is half-stored. Idempotent; only the store classes of this module are left unwrapped.
    """
    from rasa.core import agent as rasa_agent

    original = rasa_agent.Agent.__dict__.get("_create_tracker_store")
    if original is None or getattr(original, "_nextmed_unwrapped", False):
        return
    wrap = original.__func__

    def create_tracker_store(store: Any, domain: Any) -> Any:
        if isinstance(store, WindowedSQLTrackerStore):
            store.domain = domain
            return store
        return wrap(store, domain)

    create_tracker_store._nextmed_unwrapped = True  # type: ignore[attr-defined]
    patched = staticmethod(create_tracker_store)
    patched._nextmed_unwrapped = True  # type: ignore[attr-defined]
    rasa_agent.Agent._create_tracker_store = patched


class TrackerWindowRow(WindowBase):
    __tablename__ = TRACKER_WINDOWS_TABLE

    sender_id = sa.Column(sa.String(255), primary_key=True)
    last_event_id = sa.Column(sa.Integer, nullable=False)
    # Timestamp of the oldest event the row's state may derive from: the retention purge drops
    # rows older than its cutoff so that no purged answer survives in a window.
    since = sa.Column(sa.Float, nullable=False, index=True)
    updated_at = sa.Column(sa.Float, nullable=False)
    data = sa.Column(sa.Text, nullable=False)


@dataclass
class Loaded:
    """How a tracker object relates to what is stored (set by retrieve and by save)."""

    base: BaseState
    prefix_len: int  # events at the start of tracker.events that only rebuild `base`
    stored_len: int  # events in tracker.events that are already in the events table
    raw: list[dict[str, Any]]  # the serialised events tracker.events[prefix_len:stored_len]
    since: float | None  # None: not known yet (nothing stored through this store)


def _oldest(raw: list[dict[str, Any]]) -> float:
    return min((e["timestamp"] for e in raw if isinstance(e.get("timestamp"), (int, float))), default=time.time())


class WindowedSQLTrackerStore(SQLTrackerStore):
    engine: Any  # set by Rasa's SQLTrackerStore; replaced below for SQLite

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, Any] | None = None
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a SQLite file for every session (NullPool): ~0.5 ms
            # twice per message. Rasa uses the store from its event-loop thread only, so a small
            # pool of connections is safe.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=2, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        else:
            # A server database: each pooled connection is tested before use, so after a database
            # restart no request fails on a connection the restart closed (tests/prod: PostgreSQL
            # restarted under load).
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        keep_failures_visible()
        try:
            WindowBase.metadata.create_all(self.engine)
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
            # Processes starting together may race to create the table; one of them wins.
            logger.warning("Could not create %s: %s", TRACKER_WINDOWS_TABLE, error)

    def _statements(self) -> dict[str, Any]:
        """Core statements with bound parameters, built once (SQLAlchemy then reuses their compiled
        form): the ORM's per-call query building was a measurable share of a message."""
        if self._compiled is None:
            windows, events = TrackerWindowRow.__table__, self.SQLEvent.__table__
            sender = sa.bindparam("sender")
            latest = sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sender)
            self._compiled = {
                "load": sa.select(
                    windows.c.last_event_id, windows.c.since, windows.c.data, latest.scalar_subquery().label("latest")
                ).where(windows.c.sender_id == sender),
                "exists": sa.select(windows.c.sender_id).where(windows.c.sender_id == sender),
                "latest": latest,
                "drop": windows.delete().where(windows.c.sender_id == sender),
                "update": windows.update()
                .where(windows.c.sender_id == sender)
                .values(
                    last_event_id=sa.bindparam("last_event_id"),
                    since=sa.bindparam("since"),
                    updated_at=sa.bindparam("updated_at"),
                    data=sa.bindparam("data"),
                ),
                "insert": windows.insert().values(
                    sender_id=sender,
                    last_event_id=sa.bindparam("last_event_id"),
                    since=sa.bindparam("since"),
                    updated_at=sa.bindparam("updated_at"),
                    data=sa.bindparam("data"),
                ),
                "events": events.insert(),
            }
        return self._compiled

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        sql = self._statements()
        with self.engine.begin() as conn:
            row = conn.execute(sql["load"], {"sender": sender_id}).first()
            if row is not None:
                tracker = self._from_row(sender_id, row)
                if tracker is not None:
                    return tracker
                conn.execute(sql["drop"], {"sender": sender_id})
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            raw = [event.as_dict() for event in tracker.events]
            setattr(tracker, LOADED_ATTRIBUTE, Loaded(BaseState(), 0, len(tracker.events), raw, _oldest(raw)))
        return tracker

    def _from_row(self, sender_id: str, row: Any) -> DialogueStateTracker | None:
        if row.latest != row.last_event_id:
            logger.info("Window for %s is out of date; rebuilding it from the events table.", sender_id)
            return None
        try:
            data = json.loads(row.data)
            if data.get("version") != FORMAT_VERSION:
                return None
            base = BaseState.from_dict(data["base"])
            raw, events = [], []
            for item in data["events"]:
                event = Event.from_parameters(item)
                if event is not None:
                    raw.append(item)
                    events.append(event)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # Rasa then loads the conversation from the events table, as it always could.
            logger.warning("Unreadable window for %s (%s); rebuilding it.", sender_id, error)
            return None
        tracker = rebuild(sender_id, base, events, self.domain.slots)
        prefix_len = len(tracker.events) - len(events)
        setattr(tracker, LOADED_ATTRIBUTE, Loaded(base, prefix_len, len(tracker.events), raw, row.since))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        events = list(tracker.events)
        loaded: Loaded | None = getattr(tracker, LOADED_ATTRIBUTE, None)
        if loaded is None:
            # Not read through this store (a new conversation, or a tracker built by Rasa's HTTP
            # API): what is stored is counted, as SQLTrackerStore does.
            with self.session_scope() as session:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            loaded = Loaded(BaseState(), 0, stored, [event.as_dict() for event in events[:stored]], None)
        new_events = events[loaded.stored_len :]
        sql, key = self._statements(), {"sender": tracker.sender_id}

        with self.engine.begin() as conn:  # one transaction: the events and their window together
            if not new_events and conn.execute(sql["exists"], key).first() is not None:
                return
            new_raw = [event.as_dict() for event in new_events]
            if new_events:
                conn.execute(
                    sql["events"],
                    [
                        self._event_row(tracker.sender_id, event, data)
                        for event, data in zip(new_events, new_raw, strict=False)
                    ],
                )
            last_id = conn.execute(sql["latest"], key).scalar()
            if last_id is None:
                return  # nothing stored for this conversation yet, so there is nothing to window

            raw = loaded.raw + new_raw
            since = loaded.since if loaded.since is not None else _oldest(raw)
            window = events[loaded.prefix_len :]
            base = loaded.base
            cut = cut_index(window)
            if cut:
                base = state_of(rebuild(tracker.sender_id, base, window[:cut], self.domain.slots))
            payload = {"version": FORMAT_VERSION, "base": base.as_dict(), "events": raw[cut:]}
            values = dict(key, last_event_id=last_id, since=since, updated_at=time.time(), data=dumps(payload))
            # The lock store lets one process at a time handle a conversation, so update-or-insert
            # cannot race with itself.
            if conn.execute(sql["update"], values).rowcount == 0:
                conn.execute(sql["insert"], values)

        # The same object may be saved again in this request: only what follows is new then.
        setattr(tracker, LOADED_ATTRIBUTE, Loaded(loaded.base, loaded.prefix_len, len(events), raw, since))

    @staticmethod
    def _event_row(sender_id: str, event: Event, data: dict[str, Any]) -> dict[str, Any]:
        # The same columns as SQLTrackerStore.save writes.
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": dumps(data),
        }
