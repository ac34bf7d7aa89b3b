"""One summary sync at a time, across processes and machines: a database lock held for the whole
run, so two copies of the job (or the job and a list page) never apply the same events.

PostgreSQL: a session advisory lock (released by PostgreSQL itself if the process dies or the
connection drops). SQLite (one machine): an exclusive flock on a file beside the database."""

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

# pg advisory lock key: a fixed 64-bit number meaning "NextMed summary sync"
ADVISORY_KEY = 0x4E4D_5359_4E43  # "NMSYNC"


@contextlib.contextmanager
def sync_lock() -> Iterator[bool]:
    """Yields True if this process now holds the sync lock, False if another copy holds it
    (never waits: the holder is already doing the work)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held and connection.is_usable():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = Path(str(connection.settings_dict["NAME"]) + ".summary-sync.lock")
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
