"""Fixed-window request counters shared by every Rasa process (channels/rate_limit.py uses them
when there is no Redis). One row per (key, window); keys are SHA-256 digests, so the table holds
no phone number or web id. Rows of past windows are deleted as new windows start."""

import hashlib

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, delete, text
from sqlalchemy.engine import Engine

from storage.db import get_engine

metadata = MetaData()

counters = Table(
    "rate_limit_counters",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("window", BigInteger, primary_key=True),  # window start, seconds since the epoch
    Column("count", Integer, nullable=False),
)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_tables(engine: Engine | None = None) -> None:
    metadata.create_all(engine or get_engine(), checkfirst=True)


def hit(key: str, window: int, engine: Engine | None = None) -> int:
    """Adds one request to `key` in `window`; returns the count so far (this one included)."""
    return hit_many([key], window, engine)[0]


# One statement per key: insert the window's row or add one to it, and read the count back. SQLite
# (3.35+) and PostgreSQL both do this atomically; "window" is quoted, as PostgreSQL reserves it.
_COUNT_ONE = text(
    'INSERT INTO rate_limit_counters (key, "window", count) VALUES (:key, :window, 1) '
    'ON CONFLICT (key, "window") DO UPDATE SET count = rate_limit_counters.count + 1 RETURNING count'
)


def hit_many(keys: list[str], window: int, engine: Engine | None = None) -> list[int]:
    """hit() for several keys in one transaction (a web message counts for its IP and its sender):
    on SQLite each transaction takes the file's one write lock."""
    engine = engine or get_engine()
    with engine.begin() as conn:
        return [int(conn.execute(_COUNT_ONE, {"key": digest(key), "window": window}).scalar_one()) for key in keys]


def forget_before(window: int, engine: Engine | None = None) -> int:
    engine = engine or get_engine()
    with engine.begin() as conn:
        return int(conn.execute(delete(counters).where(counters.c.window < window)).rowcount)
