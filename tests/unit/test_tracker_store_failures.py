"""A database failure reaches the channel as an error instead of being hidden by Rasa's
FailSafeTrackerStore (which answers as if the conversation were new and keeps what is said only in
process memory, so it is lost)."""

import asyncio

import pytest
import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain

from storage.tracker_store import WindowedSQLTrackerStore


def test_agent_keeps_the_windowed_store_unwrapped_and_database_errors_visible(tmp_path):
    store = WindowedSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.sqlite3"))
    used = Agent._create_tracker_store(store, Domain.empty())
    assert used is store
    with store.engine.begin() as conn:  # the database "fails": its tables are gone
        conn.execute(sa.text("DROP TABLE events"))
        conn.execute(sa.text("DROP TABLE tracker_windows"))
    with pytest.raises(sa.exc.OperationalError):
        asyncio.run(used.retrieve("someone"))


def test_other_stores_are_still_wrapped_as_rasa_does(tmp_path):
    WindowedSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.sqlite3"))  # applies the change
    assert isinstance(
        Agent._create_tracker_store(InMemoryTrackerStore(Domain.empty()), Domain.empty()), FailSafeTrackerStore
    )
