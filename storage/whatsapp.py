"""WhatsApp channel records that every Rasa process behind the load balancer must share.

- `whatsapp_processed_messages`: message ids already taken by some process, so Meta's (or Twilio's)
  redeliveries are answered once, also after a restart. The insert itself is the claim: the primary
  key makes exactly one process win, without a read-then-write race.
- `whatsapp_contacts`: last inbound time per wa_id, for the 24-hour customer-service window.
- `whatsapp_numbered_options`: the options last sent as a numbered text list, so a reply "2" can be
  mapped back to the second option's payload by whichever process receives it.

Plain synchronous SQLAlchemy Core; the channels call these through a worker thread.
"""

import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from storage.db import get_engine

metadata = MetaData()

processed_messages = Table(
    "whatsapp_processed_messages",
    metadata,
    Column("message_id", String(255), primary_key=True),  # Meta's ids embed the sender's number
    Column("received_at", DateTime(timezone=True), nullable=False),
    # Whose message it was, so a person's ids go with them (console delete_person); purged early.
    Column("wa_id", String(64), nullable=True, index=True),
)

contacts = Table(
    "whatsapp_contacts",
    metadata,
    Column("wa_id", String(64), primary_key=True),
    Column("last_inbound_at", DateTime(timezone=True), nullable=False),
)

numbered_options = Table(
    "whatsapp_numbered_options",
    metadata,
    # Same person could in theory write through both providers; keep their lists apart.
    Column("channel", String(32), primary_key=True),
    Column("wa_id", String(64), primary_key=True),
    # JSON list of {"title": ..., "payload": ...} in the order they were numbered.
    Column("options", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)

# A numbered list older than this is no longer what the user is answering.
NUMBERED_OPTIONS_TTL = timedelta(hours=24)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything here is stored as UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def create_tables(engine: Engine | None = None) -> None:
    """Creates the WhatsApp tables if missing (idempotent, safe from several processes), and adds
    the wa_id column to a processed-messages table made before it existed."""
    engine = engine or get_engine()
    metadata.create_all(engine, checkfirst=True)
    columns = {column["name"] for column in inspect(engine).get_columns(processed_messages.name)}
    if "wa_id" not in columns:
        try:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {processed_messages.name} ADD COLUMN wa_id VARCHAR(64)"))
        except (OperationalError, ProgrammingError):
            pass  # another process added it a moment ago


def claim_message(
    message_id: str, at: datetime | None = None, engine: Engine | None = None, wa_id: str | None = None
) -> bool:
    """True for the first caller with this id (any process, any time); False for every redelivery."""
    engine = engine or get_engine()
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(processed_messages).values(message_id=message_id, received_at=at or utcnow(), wa_id=wa_id)
            )
        return True
    except IntegrityError:
        return False


def _upsert(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    # Portable across SQLite and PostgreSQL: update first, insert when absent, and if another
    # process inserted in between, our update wins on the retry.
    where = and_(*(table.c[name] == value for name, value in key.items()))
    if conn.execute(update(table).where(where).values(**values)).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(table).values(**key, **values))
    except IntegrityError:
        conn.execute(update(table).where(where).values(**values))


def record_inbound(wa_id: str, at: datetime | None = None, engine: Engine | None = None) -> None:
    """Remembers when this user last wrote to us (opens the 24-hour window)."""
    engine = engine or get_engine()
    with engine.begin() as conn:
        _upsert(conn, contacts, {"wa_id": wa_id}, {"last_inbound_at": at or utcnow()})


def last_inbound_at(wa_id: str, engine: Engine | None = None) -> datetime | None:
    engine = engine or get_engine()
    with engine.connect() as conn:
        value = conn.execute(select(contacts.c.last_inbound_at).where(contacts.c.wa_id == wa_id)).scalar()
    return _aware(value)


def save_numbered_options(
    channel: str,
    wa_id: str,
    options: Sequence[tuple[str, str]],
    at: datetime | None = None,
    engine: Engine | None = None,
) -> None:
    """Stores (title, payload) pairs in the order they were numbered 1..n, replacing older ones."""
    engine = engine or get_engine()
    encoded = json.dumps([{"title": title, "payload": payload} for title, payload in options])
    with engine.begin() as conn:
        _upsert(
            conn,
            numbered_options,
            {"channel": channel, "wa_id": wa_id},
            {"options": encoded, "sent_at": at or utcnow()},
        )


def take_numbered_options(
    channel: str, wa_id: str, now: datetime | None = None, engine: Engine | None = None
) -> list[tuple[str, str]]:
    """Returns and forgets the last numbered options (one reply answers one list).

    Empty when nothing was sent, or when the list is older than NUMBERED_OPTIONS_TTL."""
    engine = engine or get_engine()
    key = and_(numbered_options.c.channel == channel, numbered_options.c.wa_id == wa_id)
    with engine.begin() as conn:
        row = conn.execute(select(numbered_options.c.options, numbered_options.c.sent_at).where(key)).first()
        if row is None:
            return []
        conn.execute(delete(numbered_options).where(key))
    sent_at = _aware(row.sent_at)
    if sent_at is None or (now or utcnow()) - sent_at > NUMBERED_OPTIONS_TTL:
        return []
    return [(item["title"], item["payload"]) for item in json.loads(row.options)]
