"""Hand-off requests (`handoff_requests`): conversations that need a person from the clinic.

Written by the action server when a person asks for a human, after two fallbacks in a row, or
after red-flag or crisis advice; read and worked by the staff console's Inbox (console/inbox/).

- At most one request per conversation is active (open or held) at a time. The unique `active_key`
  (the sender id while active, NULL once closed) decides, not a read-then-write check, so two
  action-server processes asking at once still make one request.
- status: open (waiting for staff) -> held (a staff member holds the conversation; the assistant is
  paused in Rasa) -> closed (handed back to the assistant, or dismissed).
SQLAlchemy Core only; the engine is created lazily, never at import.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

handoff_requests = Table(
    "handoff_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sender_id", String(255), nullable=False),
    Column("active_key", String(255), unique=True),  # = sender_id while open or held, else NULL
    Column("reason", String(20), nullable=False),  # REASONS
    Column("channel", String(32), nullable=False, default=""),  # Rasa input channel name
    Column("branch_id", String(32), nullable=False, default=""),
    Column("language", String(10), nullable=False, default=""),
    Column("status", String(10), nullable=False),  # STATUSES
    Column("held_by", String(150), nullable=False, default=""),  # console username while held
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_handoff_requests_sender_id", "sender_id"),
    Index("ix_handoff_requests_status", "status", "created_at"),
)

HUMAN, FALLBACK, RED_FLAG, CRISIS = "human", "fallback", "red_flag", "crisis"
REASONS = (HUMAN, FALLBACK, RED_FLAG, CRISIS)
OPEN, HELD, CLOSED = "open", "held", "closed"
STATUSES = (OPEN, HELD, CLOSED)
# When a conversation is already waiting, a more urgent reason replaces a milder one.
_PRIORITY = {FALLBACK: 0, HUMAN: 1, RED_FLAG: 2, CRISIS: 3}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def ensure_schema(engine: Engine) -> None:
    """Creates the table if missing (safe from every process; the console's migration does the same)."""
    metadata.create_all(engine, tables=[handoff_requests], checkfirst=True)


def request_handoff(
    engine: Engine,
    *,
    sender_id: str,
    reason: str,
    channel: str = "",
    branch_id: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> bool:
    """Puts the conversation in the Inbox. True when a new request was made; False when one was
    already active (its reason is raised to the more urgent one, its branch filled in if unknown)."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {REASONS}")
    now = now or utcnow()
    values = {
        "sender_id": sender_id,
        "active_key": sender_id,
        "reason": reason,
        "channel": (channel or "")[:32],
        "branch_id": (branch_id or "")[:32],
        "language": (language or "")[:10],
        "status": OPEN,
        "held_by": "",
        "created_at": now,
        "updated_at": now,
    }
    try:
        with engine.begin() as conn:
            conn.execute(insert(handoff_requests).values(**values))
        return True
    except IntegrityError:
        pass
    with engine.begin() as conn:
        row = conn.execute(
            select(handoff_requests.c.id, handoff_requests.c.reason, handoff_requests.c.branch_id).where(
                handoff_requests.c.active_key == sender_id
            )
        ).first()
        if row is None:
            return False
        # Each change is a compare-and-set in the UPDATE itself: two processes raising the reason at the
        # same moment must leave the most urgent one, whatever order their writes land in.
        less_urgent = [name for name, rank in _PRIORITY.items() if rank < _PRIORITY[reason]]
        if less_urgent:
            conn.execute(
                update(handoff_requests)
                .where(handoff_requests.c.id == row.id, handoff_requests.c.reason.in_(less_urgent))
                .values(reason=reason, updated_at=now)
            )
        if branch_id and not row.branch_id:
            conn.execute(
                update(handoff_requests)
                .where(handoff_requests.c.id == row.id, handoff_requests.c.branch_id == "")
                .values(branch_id=branch_id[:32], updated_at=now)
            )
    return False


def active_status(engine: Engine, sender_id: str) -> str | None:
    """open or held for a conversation in the Inbox, else None."""
    with engine.connect() as conn:
        status = conn.execute(
            select(handoff_requests.c.status).where(handoff_requests.c.active_key == sender_id)
        ).scalar()
    return str(status) if status is not None else None


def set_status(engine: Engine, request_id: int, status: str, held_by: str = "", now: dt.datetime | None = None) -> bool:
    """open/held keep the request active; closed releases the conversation for a new request."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    with engine.begin() as conn:
        row = conn.execute(select(handoff_requests.c.sender_id).where(handoff_requests.c.id == request_id)).first()
        if row is None:
            return False
        conn.execute(
            update(handoff_requests)
            .where(handoff_requests.c.id == request_id)
            .values(
                status=status,
                held_by=held_by[:150] if status == HELD else "",
                active_key=None if status == CLOSED else row.sender_id,
                updated_at=now or utcnow(),
            )
        )
    return True
