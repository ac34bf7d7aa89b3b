import datetime as dt
import os
import re
import secrets
import threading

import pytest
from sqlalchemy import inspect, text

from storage import bookings
from storage.bookings import (
    REFERENCE_ALPHABET,
    cancel_latest,
    create_booking,
    ensure_schema,
    get_by_reference,
    set_status,
)
from storage.db import get_engine

NOW = dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc)


# Always a temporary SQLite file; also PostgreSQL when the environment points at one
# (DB_DIALECT=postgresql plus DB_* for a role allowed to create databases). Each PostgreSQL test gets a
# fresh throw-away database, so existing data is never touched.
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DB_DIALECT") == "postgresql" else [])


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = get_engine({"DB_DIALECT": "sqlite", "DB_NAME": str(tmp_path / "bookings.sqlite3")})
        ensure_schema(engine)
        yield engine
        engine.dispose()
        return
    admin = get_engine()
    name = f"bookings_test_{secrets.token_hex(4)}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine = get_engine(dict(os.environ, DB_NAME=name))
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))


def booking(**overrides):
    values = {
        "sender_id": "web-123",
        "channel": "webchat",
        "branch_id": "pj",
        "name": "Aisyah Tan",
        "phone_e164": "+60123456789",
        "preferred_date": dt.date(2026, 12, 3),
        "preferred_time": "10:00",
        "summary": {"concern": "acne", "band": "moderate", "urgency": "routine", "factors": ["sugar"]},
    }
    values.update(overrides)
    return values


def test_schema_matches_the_contract(engine):
    ensure_schema(engine)  # a second call is harmless
    columns = {c["name"] for c in inspect(engine).get_columns("booking_requests")}
    assert columns == {
        "id",
        "reference",
        "dedupe_key",
        "sender_id",
        "channel",
        "branch_id",
        "name",
        "phone_e164",
        "preferred_date",
        "preferred_time",
        "summary",
        "status",
        "created_at",
        "updated_at",
    }


def test_create_and_read_back(engine):
    record, created = create_booking(engine, now=NOW, **booking())
    assert created
    assert re.fullmatch(rf"NM-[{REFERENCE_ALPHABET}]{{6}}", record.reference)
    assert record.status == "new"
    assert record.preferred_date == dt.date(2026, 12, 3) and record.preferred_time == "10:00"
    assert record.summary["factors"] == ["sugar"]
    assert record.created_at == NOW and record.created_at.tzinfo is not None
    assert get_by_reference(engine, record.reference) == record
    # Staff and users type references loosely.
    assert get_by_reference(engine, record.reference.lower().replace("-", " ")) == record
    assert get_by_reference(engine, record.reference[3:]) == record
    assert get_by_reference(engine, "NM-XXXXXX") is None


def test_repeated_submission_returns_the_same_record(engine):
    first, created1 = create_booking(engine, **booking())
    again, created2 = create_booking(engine, **booking())
    assert created1 and not created2
    assert again.reference == first.reference
    other_time, created3 = create_booking(engine, **booking(preferred_time="11:00"))
    assert created3 and other_time.reference != first.reference


def test_lost_race_returns_the_winner(engine, monkeypatch):
    winner, _ = create_booking(engine, **booking())
    real_find = bookings._find_by_dedupe
    calls = []

    def stale_then_real(eng, key):
        calls.append(key)
        return None if len(calls) == 1 else real_find(eng, key)  # first look-up misses, as in a race

    monkeypatch.setattr(bookings, "_find_by_dedupe", stale_then_real)
    record, created = create_booking(engine, **booking())
    assert not created and record.reference == winner.reference


def test_concurrent_identical_submissions_store_one_row(engine):
    results = []
    barrier = threading.Barrier(6)

    def submit():
        barrier.wait()
        results.append(create_booking(engine, **booking()))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.reference for r, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_reference_collision_draws_another(engine, monkeypatch):
    first, _ = create_booking(engine, **booking())
    codes = iter([first.reference, "NM-ABCDEF"])
    monkeypatch.setattr(bookings, "new_reference", lambda: next(codes))
    second, created = create_booking(engine, **booking(preferred_time="15:00"))
    assert created and second.reference == "NM-ABCDEF"


def test_cancel_latest_and_nothing_to_cancel(engine):
    assert cancel_latest(engine, "web-123") is None
    older, _ = create_booking(engine, now=NOW, **booking())
    newer, _ = create_booking(engine, now=NOW + dt.timedelta(minutes=5), **booking(preferred_time="11:00"))
    cancelled = cancel_latest(engine, "web-123", now=NOW + dt.timedelta(minutes=6))
    assert cancelled.reference == newer.reference and cancelled.status == "cancelled"
    assert cancelled.updated_at == NOW + dt.timedelta(minutes=6)
    assert cancel_latest(engine, "web-123").reference == older.reference
    assert cancel_latest(engine, "web-123") is None
    assert cancel_latest(engine, "someone-else") is None


def test_same_request_can_be_made_again_after_cancelling(engine):
    first, _ = create_booking(engine, **booking())
    cancel_latest(engine, "web-123")
    again, created = create_booking(engine, **booking())
    assert created and again.reference != first.reference and again.status == "new"
    assert get_by_reference(engine, first.reference).status == "cancelled"


def test_staff_status_change(engine):
    record, _ = create_booking(engine, **booking())
    assert set_status(engine, record.reference, "contacted").status == "contacted"
    with pytest.raises(ValueError):
        set_status(engine, record.reference, "done")
