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
