"""handoff_requests: one active request per conversation, even when two processes ask at once."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from storage import handoffs
from storage.db import get_engine


@pytest.fixture
def engine(tmp_path):
    eng = get_engine({"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "h.sqlite3")})
    handoffs.ensure_schema(eng)
    handoffs.ensure_schema(eng)  # idempotent
    return eng


def rows(engine):
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(handoffs.handoff_requests).order_by("id"))]


def test_concurrent_requests_make_one_entry_and_the_most_urgent_reason_wins(engine):
    with ThreadPoolExecutor(4) as pool:
        made = list(
            pool.map(
                lambda reason: handoffs.request_handoff(engine, sender_id="wa:6012", reason=reason, channel="whatsapp"),
                ["human", "fallback", "crisis", "human"],
            )
        )
    assert made.count(True) == 1
    [row] = rows(engine)
    assert (row["reason"], row["status"], row["active_key"]) == ("crisis", "open", "wa:6012")
    assert handoffs.active_status(engine, "wa:6012") == "open"


def test_a_closed_request_frees_the_conversation_for_a_new_one(engine):
    handoffs.request_handoff(engine, sender_id="web:1", reason="human")
    first = rows(engine)[0]["id"]
    assert handoffs.set_status(engine, first, "held", held_by="sara")
    assert handoffs.active_status(engine, "web:1") == "held"
    handoffs.request_handoff(engine, sender_id="web:1", reason="human", branch_id="pj")
    assert len(rows(engine)) == 1 and rows(engine)[0]["branch_id"] == "pj"  # branch learnt later is kept
    assert handoffs.set_status(engine, first, "closed")
    assert handoffs.active_status(engine, "web:1") is None
    assert handoffs.request_handoff(
        engine, sender_id="web:1", reason="fallback", now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    )
    assert [(r["status"], r["held_by"]) for r in rows(engine)] == [("closed", ""), ("open", "")]
    assert not handoffs.set_status(engine, 999, "closed")
    with pytest.raises(ValueError):
        handoffs.request_handoff(engine, sender_id="web:1", reason="bored")
