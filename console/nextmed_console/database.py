"""DATABASES from the DB_* variables that Rasa's SQL tracker store and storage/ also read.

Kept apart from settings.py so the mapping can be tested without Django settings."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_NAME = "var/nextmed.sqlite3"


def sqlite_path(name: str) -> Path:
    """A relative DB_NAME is relative to the repo root, like Rasa run from the repo root sees it."""
    path = Path(name)
    return path if path.is_absolute() else REPO_ROOT / path


def database_settings(env: Mapping[str, str]) -> dict[str, Any]:
    dialect = (env.get("DB_DIALECT") or "sqlite").strip().lower()
    name = env.get("DB_NAME") or DEFAULT_SQLITE_NAME
    if dialect == "sqlite":
        path = sqlite_path(name)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # Rasa and the action server write the same file: wait for their locks instead
                # of failing, and take the write lock at BEGIN so a sync run never has to
                # upgrade a read snapshot that another writer already invalidated.
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file (not :memory:) so tests can let Rasa's own SQLTrackerStore write into it.
            "TEST": {"NAME": str(path.with_name("test_console.sqlite3"))},
        }
    if dialect in ("postgresql", "postgres"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": env.get("DB_USER", ""),
            "PASSWORD": env.get("DB_PASSWORD", ""),
            "HOST": env.get("DB_HOST") or "127.0.0.1",
            "PORT": env.get("DB_PORT") or "5432",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ValueError(f"DB_DIALECT must be 'sqlite' or 'postgresql', not {dialect!r}")
