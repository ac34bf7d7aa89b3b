"""Appointment requests (`booking_requests`), written by the action server, read and status-updated
by the staff console.

- Idempotent: the same request sent twice (a double tap, a channel redelivery, two processes behind
  the load balancer) is stored once. The unique `dedupe_key` decides, not a read-then-write check,
  so it also holds under a race.
- References are short, random and unambiguous to read out on the phone ("NM-7K3Q9P": no 0/O, 1/I/L).
- Portable SQLAlchemy Core (SQLite file in development, PostgreSQL in production).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

booking_requests = Table(
    "booking_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reference", String(32), nullable=False, unique=True),
    Column("dedupe_key", String(128), nullable=False, unique=True),
    Column("sender_id", String(255), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("branch_id", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("phone_e164", String(32), nullable=False),
    Column("preferred_date", Date),
    Column("preferred_time", String(8)),
    Column("summary", Text),  # JSON: concern, band, urgency, factors
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_booking_requests_sender_id", "sender_id"),
)

STATUSES = ("new", "contacted", "booked", "cancelled")
OPEN_STATUSES = ("new", "contacted", "booked")
REFERENCE_PREFIX = "NM-"
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read out and type
REFERENCE_LENGTH = 6  # 31^6 ~ 887 million codes
_REFERENCE_TRIES = 5


@dataclass(frozen=True)
class BookingRecord:
    id: int
    reference: str
    dedupe_key: str
    sender_id: str
    channel: str
    branch_id: str
    name: str
    phone_e164: str
    preferred_date: dt.date | None
    preferred_time: str | None
    summary: dict[str, Any]
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


def ensure_schema(engine: Engine) -> None:
    """Create the table if it is missing (safe to call from every process at start-up)."""
    metadata.create_all(engine, tables=[booking_requests], checkfirst=True)


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """What a user or staff member types ("nm 7k3q9p", "7K3Q9P") -> "NM-7K3Q9P"."""
    code = "".join(ch for ch in str(text).upper() if ch.isalnum())
    if code.startswith("NM") and len(code) == len("NM") + REFERENCE_LENGTH:
        code = code[2:]
    return REFERENCE_PREFIX + code


def dedupe_key_for(
    sender_id: str, branch_id: str, phone_e164: str, preferred_date: dt.date | None, preferred_time: str | None
) -> str:
    """Same person, branch, phone, day and time = the same request."""
    parts = [
        sender_id,
        branch_id,
        phone_e164,
        preferred_date.isoformat() if preferred_date else "",
        preferred_time or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything here is stored as UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def _record(row: Any) -> BookingRecord:
    data = dict(row._mapping)
    try:
        data["summary"] = json.loads(data["summary"]) if data["summary"] else {}
    except ValueError:
        data["summary"] = {}  # a hand-edited row must not break the chat or the console
    data["created_at"], data["updated_at"] = _aware(data["created_at"]), _aware(data["updated_at"])
    return BookingRecord(**data)


def _find_by_dedupe(engine: Engine, dedupe_key: str) -> BookingRecord | None:
    with engine.connect() as conn:
        row = conn.execute(select(booking_requests).where(booking_requests.c.dedupe_key == dedupe_key)).first()
    return _record(row) if row else None


def create_booking(
    engine: Engine,
    *,
    sender_id: str,
    channel: str,
    branch_id: str,
    name: str,
    phone_e164: str,
    preferred_date: dt.date | None,
    preferred_time: str | None,
    summary: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    dedupe_key: str | None = None,
) -> tuple[BookingRecord, bool]:
    """Store a request; returns (record, created). A repeat of a request that is not cancelled returns
    the stored one with created=False."""
    key = dedupe_key or dedupe_key_for(sender_id, branch_id, phone_e164, preferred_date, preferred_time)
    stamp = now or utcnow()
    values = {
        "dedupe_key": key,
        "sender_id": sender_id,
        "channel": channel,
        "branch_id": branch_id,
        "name": name,
        "phone_e164": phone_e164,
        "preferred_date": preferred_date,
        "preferred_time": preferred_time,
        "summary": json.dumps(summary or {}, ensure_ascii=False, sort_keys=True),
        "status": "new",
        "created_at": stamp,
        "updated_at": stamp,
    }
    for _ in range(_REFERENCE_TRIES):
        existing = _find_by_dedupe(engine, key)
        if existing and existing.status != "cancelled":
            return existing, False
        if existing:
            _retire_key(engine, existing)  # a cancelled request must not block making it again
        try:
            with engine.begin() as conn:
                conn.execute(insert(booking_requests).values(reference=new_reference(), **values))
        except IntegrityError:
            # Either another process stored the same request a moment ago (the next look-up returns
            # theirs) or the random reference collided (the next round draws another).
            continue
        stored = _find_by_dedupe(engine, key)
        if stored is None:  # written a moment ago in this same call: cannot be missing
            raise RuntimeError("the booking request just stored was not found")
        return stored, True
    raise RuntimeError("could not store the booking request (reference collisions)")


def _retire_key(engine: Engine, record: BookingRecord) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(booking_requests)
            .where(booking_requests.c.id == record.id, booking_requests.c.dedupe_key == record.dedupe_key)
            .values(dedupe_key=f"{record.dedupe_key[:100]}:cancelled:{record.reference}")
        )


def get_by_reference(engine: Engine, reference: str) -> BookingRecord | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(booking_requests).where(booking_requests.c.reference == normalise_reference(reference))
        ).first()
    return _record(row) if row else None


def latest_open(engine: Engine, sender_id: str) -> BookingRecord | None:
    """The sender's most recent request that is not cancelled."""
    with engine.connect() as conn:
        row = conn.execute(
            select(booking_requests)
            .where(booking_requests.c.sender_id == sender_id, booking_requests.c.status.in_(OPEN_STATUSES))
            .order_by(booking_requests.c.created_at.desc(), booking_requests.c.id.desc())
            .limit(1)
        ).first()
    return _record(row) if row else None


def cancel_latest(engine: Engine, sender_id: str, now: dt.datetime | None = None) -> BookingRecord | None:
    """Cancel the sender's most recent open request; None when there is nothing to cancel."""
    stamp = now or utcnow()
    for _ in range(3):  # another process may cancel the same row between our read and our write
        target = latest_open(engine, sender_id)
        if target is None:
            return None
        with engine.begin() as conn:
            done = conn.execute(
                update(booking_requests)
                .where(booking_requests.c.id == target.id, booking_requests.c.status.in_(OPEN_STATUSES))
                .values(status="cancelled", updated_at=stamp)
            ).rowcount
        if done:
            return get_by_reference(engine, target.reference)
    return None


def cancel_own(engine: Engine, sender_id: str, reference: str, now: dt.datetime | None = None) -> BookingRecord | None:
    """Cancel one open request, only if this conversation made it; None otherwise (another
    conversation's reference, unknown, or already cancelled)."""
    with engine.begin() as conn:
        done = conn.execute(
            update(booking_requests)
            .where(
                booking_requests.c.reference == normalise_reference(reference),
                booking_requests.c.sender_id == sender_id,
                booking_requests.c.status.in_(OPEN_STATUSES),
            )
            .values(status="cancelled", updated_at=now or utcnow())
        ).rowcount
    return get_by_reference(engine, reference) if done else None


def set_status(engine: Engine, reference: str, status: str, now: dt.datetime | None = None) -> BookingRecord | None:
    """Staff status change (new -> contacted -> booked, or cancelled)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
    with engine.begin() as conn:
        conn.execute(
            update(booking_requests)
            .where(booking_requests.c.reference == normalise_reference(reference))
            .values(status=status, updated_at=now or utcnow())
        )
    return get_by_reference(engine, reference)
