"""Fixed-window request counters shared by every Rasa process (channels/rate_limit.py uses them
when there is no Redis). One row per (key, window); keys are SHA-256 digests, so the table holds
no phone number or web id. Rows of past windows are deleted as new windows start."""

import hashlib

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, and_, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

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


def hit_many(keys: list[str], window: int, engine: Engine | None = None) -> list[int]:
    """hit() for several keys in one transaction (a web message counts for its IP and its sender):
    on SQLite each transaction takes the file's one write lock, which Rasa's tracker saves wait for."""
    engine = engine or get_engine()
    counts = []
    with engine.begin() as conn:
        for key in keys:
            hashed = digest(key)
            where = and_(counters.c.key == hashed, counters.c.window == window)
            if not conn.execute(update(counters).where(where).values(count=counters.c.count + 1)).rowcount:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(counters).values(key=hashed, window=window, count=1))
                except IntegrityError:  # another process inserted it first
                    conn.execute(update(counters).where(where).values(count=counters.c.count + 1))
            counts.append(int(conn.execute(select(counters.c.count).where(where)).scalar() or 0))
    return counts


def forget_before(window: int, engine: Engine | None = None) -> int:
    engine = engine or get_engine()
    with engine.begin() as conn:
        return int(conn.execute(delete(counters).where(counters.c.window < window)).rowcount)
