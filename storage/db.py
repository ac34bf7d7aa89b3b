"""Database URL and engine from the DB_* environment variables. Rasa's tracker store gets the same
URL through ${DB_URL} (`python -m storage.db url`), and the console reads the same variables."""

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import QueuePool

REPO_ROOT = Path(__file__).resolve().parents[1]
DIALECTS = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}


def database_url(env: Mapping[str, str] | None = None) -> URL:
    """The SQLAlchemy URL for the DB_* settings. A relative SQLite path is taken from the repository
    root, as the console does, so every process finds the same file whatever its working directory."""
    env = os.environ if env is None else env
    requested = (env.get("DB_DIALECT") or "sqlite").strip().lower()
    dialect = DIALECTS.get(requested)
    if dialect is None:
        raise ValueError(f"DB_DIALECT must be 'sqlite' or 'postgresql', not {requested!r}")
    name = env.get("DB_NAME") or "var/nextmed.sqlite3"
    if dialect == "sqlite":
        path = Path(name)
        return URL.create("sqlite", database=str(path if path.is_absolute() else REPO_ROOT / path))
    port = env.get("DB_PORT")
    return URL.create(
        dialect,
        username=env.get("DB_USER") or None,
        password=env.get("DB_PASSWORD") or None,
        host=env.get("DB_HOST") or "127.0.0.1",
        port=int(port) if port else None,
        database=name,
    )


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """Settings of every SQLite connection, of this engine and of the tracker store's."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    # In WAL mode a commit then syncs the log only at checkpoints: a crashed process loses nothing,
    # a power cut the last moments (README, "SQLite"; PostgreSQL for anything that matters).
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# One engine (and so one connection pool) per URL for the life of the process: a new engine per call
# opened a fresh connection, re-ran the pragmas and never pooled anything (a 2026-11-30 refactor moved
# this decorator onto the pragma hook by mistake, and every rate-limit hit paid for it).
@lru_cache(maxsize=8)
def _engine_for(url_text: str) -> Engine:
    if url_text.startswith("sqlite"):
        # SQLAlchemy 1.4 opens and closes a SQLite file for every use (NullPool); a small pool keeps
        # them open. A pooled connection is used by one thread at a time (the rate limiter's
        # worker threads check it out and back), so sqlite3's same-thread check can be off.
        engine = create_engine(
            url_text,
            future=True,
            poolclass=QueuePool,
            pool_size=4,
            connect_args={"check_same_thread": False},
        )
        # Several processes (Rasa, actions, console) share the file: WAL lets readers and one
        # writer work at once, and busy_timeout waits for a lock instead of failing at once.
        event.listen(engine, "connect", sqlite_pragmas)
    else:
        # each pooled connection is tested before use, so a database restart fails no request
        engine = create_engine(url_text, future=True, pool_pre_ping=True)

    return engine


DB_SETTINGS = ("DB_DIALECT", "DB_NAME", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD")


def get_engine(env: Mapping[str, str] | None = None) -> Engine:
    """The process-wide engine for the configured database (created on first use). Called for every
    message (rate limits, actions), so the settings are read but the URL is built once."""
    env = os.environ if env is None else env
    return _engine_for_settings(tuple(env.get(key) or "" for key in DB_SETTINGS))


def counters_engine(env: Mapping[str, str] | None = None) -> Engine:
    """Where the rate-limit counters live. SQLite: a file of its own beside the database
    (var/nextmed.sqlite3 -> var/nextmed.counters.sqlite3), shared by every process on the host like
    the database, so that counting a request never waits for the one write lock a tracker save holds
    (measured: 52 -> 77 msg/s at 10 users with the counters out of the way). A server database
    locks rows, not the file: the same engine."""
    env = os.environ if env is None else env
    url = database_url(env)
    if url.drivername != "sqlite" or not url.database:
        return get_engine(env)
    path = Path(url.database)
    return _engine_for_settings(("sqlite", str(path.with_name(f"{path.stem}.counters{path.suffix}")), "", "", "", ""))


@lru_cache(maxsize=16)
def _engine_for_settings(settings: tuple[str, ...]) -> Engine:
    url = database_url(dict(zip(DB_SETTINGS, settings, strict=True)))
    if url.drivername == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return _engine_for(url.render_as_string(hide_password=False))


def main(argv: list[str] | None = None) -> int:
    """`python -m storage.db url` prints the URL, for endpoints.yml's ${DB_URL}."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args != ["url"]:
        print("usage: python -m storage.db url", file=sys.stderr)
        return 2
    print(database_url().render_as_string(hide_password=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
