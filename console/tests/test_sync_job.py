"""The summary sync job: one run at a time under a database lock (two copies never apply the same
events), and list pages that work through any backlog instead of giving up on a big one."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from conversations.models import ConversationSummary, TrackerEvent
from conversations.services.sync_lock import sync_lock
from django.db import connection

from . import scenarios

CONSOLE = Path(__file__).resolve().parents[1]


def bulk_conversations(store, conversations: int, turns: int) -> int:
    """Inserts `conversations` x `turns` user/bot pairs straight into Rasa's events table (fast)."""
    rows, t = [], time.time() - 3600
    for c in range(conversations):
        sender = f"bulk-{c:04d}"
        for n in range(turns):
            t += 0.001
            rows.append(
                {
                    "sender_id": sender,
                    "type_name": "user",
                    "timestamp": t,
                    "intent_name": "greet",
                    "action_name": None,
                    "data": json.dumps(
                        {
                            "event": "user",
                            "timestamp": t,
                            "text": f"hello {n}",
                            "parse_data": {"intent": {"name": "greet", "confidence": 0.9}},
                            "input_channel": "webchat",
                        }
                    ),
                }
            )
            t += 0.001
            rows.append(
                {
                    "sender_id": sender,
                    "type_name": "bot",
                    "timestamp": t,
                    "intent_name": None,
                    "action_name": None,
                    "data": json.dumps({"event": "bot", "timestamp": t, "text": f"hi {n}"}),
                }
            )
    table = sa.Table("events", sa.MetaData(), autoload_with=store.engine)
    with store.engine.begin() as conn:
        conn.execute(table.insert(), rows)
    return len(rows)


def sync_process(*args: str) -> subprocess.Popen:
    """`manage.py sync_summaries` as its own process on the test database (as the job runs)."""
    s = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "test-only-key-not-secret",
        "DJANGO_SETTINGS_MODULE": "nextmed_console.settings",
        "DB_NAME": s["NAME"],
    }
    if connection.vendor == "postgresql":
        env.update(
            DB_DIALECT="postgresql",
            DB_HOST=s["HOST"] or "127.0.0.1",
            DB_PORT=str(s["PORT"] or 5432),
            DB_USER=s["USER"],
            DB_PASSWORD=s["PASSWORD"],
        )
    else:
        env.update(DB_DIALECT="sqlite")
    return subprocess.Popen(
        [sys.executable, "manage.py", "sync_summaries", *args],
        cwd=CONSOLE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def applied(output: str) -> int:
    """Events applied, from the command's summary line (0 when it skipped)."""
    for line in output.splitlines():
        if line.startswith("read "):
            return int(line.split("applied ")[1].split(",")[0])
    return 0


def test_two_copies_of_the_job_never_apply_the_same_events(rasa):
    total = bulk_conversations(rasa, conversations=60, turns=25)
    copies = [sync_process("--batch", "100") for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in copies]
    assert all(p.returncode == 0 for p in copies), outputs
    counts = [applied(out) for out, _err in outputs]
    print(f"two concurrent sync copies applied {counts} of {total} events")
    assert sum(counts) == total  # every event applied exactly once across both copies
    assert ConversationSummary.objects.count() == 60
    assert set(ConversationSummary.objects.values_list("message_count", flat=True)) == {50}


def test_a_copy_that_finds_the_lock_taken_applies_nothing(rasa):
    bulk_conversations(rasa, conversations=3, turns=2)
    with sync_lock() as held:
        assert held
        out, err = sync_process().communicate(timeout=120)
    assert "holds the sync lock; skipped" in out, (out, err)
    assert ConversationSummary.objects.count() == 0
    out, _ = sync_process().communicate(timeout=120)  # lock released: the next run does the work
    assert applied(out) == 12 and ConversationSummary.objects.count() == 3


def test_list_page_works_through_a_big_backlog(rasa, client, settings):
    settings.SUMMARY_AUTO_SYNC_MAX_EVENTS = 100
    total = bulk_conversations(rasa, conversations=30, turns=10)  # 600 events: 6x the page's share
    client.force_login(scenarios.make_user("reviewer"))
    assert client.get("/conversations/").status_code == 200
    first = ConversationSummary.objects.count()
    assert 0 < first < 30  # the first view already shows the oldest conversations
    for _ in range(10):
        client.get("/conversations/")
    assert ConversationSummary.objects.count() == 30
    assert TrackerEvent.objects.count() == total
