"""The DB_* settings give every process (Rasa, actions, console) the same database."""

import pytest

from storage.db import REPO_ROOT, database_url


def test_relative_sqlite_path_is_taken_from_the_repository_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # a process started elsewhere still finds the same file
    assert database_url({"DB_NAME": "var/x.sqlite3"}).database == str(REPO_ROOT / "var" / "x.sqlite3")


def test_postgresql_url_from_parts_with_the_common_alias():
    url = database_url(
        {
            "DB_DIALECT": "Postgres",
            "DB_HOST": "db",
            "DB_PORT": "5433",
            "DB_NAME": "nm",
            "DB_USER": "u",
            "DB_PASSWORD": "p@ss",
        }
    )
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "db",
        5433,
        "nm",
        "u",
        "p@ss",
    )


def test_unknown_dialect_is_a_clear_error():
    with pytest.raises(ValueError, match="DB_DIALECT"):
        database_url({"DB_DIALECT": "mysql"})


def test_a_process_keeps_one_engine_and_reuses_its_pooled_connection(tmp_path):
    """Every message passes the rate limiter and several actions, each asking for the engine: a new
    engine per call opened a new SQLite connection each time (and re-created tables), which took
    about 40% of the Rasa server's CPU under load before it was caught by the benchmark."""
    from sqlalchemy import text

    from storage.db import get_engine

    env = {"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "one.sqlite3")}
    engine = get_engine(env)
    assert get_engine(dict(env)) is engine
    assert get_engine({"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "other.sqlite3")}) is not engine
    with engine.connect() as conn:
        first = conn.connection.dbapi_connection
        # the pragmas of every pooled connection: WAL for readers beside a writer, a wait for locks
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection is first
