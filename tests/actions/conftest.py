"""Every action test writes hand-off requests (actions/handoff.py) into a throw-away database,
never into the developer's var/nextmed.sqlite3."""

import pytest

from actions import handoff


@pytest.fixture(autouse=True)
def handoff_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(tmp_path / "actions.sqlite3"))
    handoff.engine.cache_clear()
    engine = handoff.engine
    yield
    engine.cache_clear()  # the cached original, even when a test replaced it
