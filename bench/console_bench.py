"""Staff console at scale: list, filter, search, export, transcript and analytics timings.

    .venv/bin/python bench/console_bench.py --conversations 100000

Uses its own SQLite file (var/console_bench.sqlite3) unless DB_DIALECT=postgresql is set, in
which case the DB_* database is used (point it at a scratch database). Missing conversations are
generated first with `generate_synthetic` (Rasa's real event format) and summarised with the same
incremental sync the console runs; then every page is requested through Django's test client
(full view + template) and the median of --repeat runs is printed."""

import argparse
import io
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", default="var/console_bench.sqlite3", help="SQLite file (ignored for PostgreSQL)")
    args = parser.parse_args()

    if os.environ.get("DB_DIALECT", "sqlite") == "sqlite":
        os.environ["DB_NAME"] = args.db
        (ROOT / args.db).parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_hex(32))  # throw-away, bench process only
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nextmed_console.settings")
    sys.path.insert(0, str(ROOT / "console"))
    import django

    django.setup()
    from accounts.roles import create_or_update_user
    from conversations.models import ConversationSummary, TrackerEvent
    from conversations.services.summary_sync import pending_events, sync_summaries
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    have = ConversationSummary.objects.count() if "events" in connection.introspection.table_names() else 0
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if have < args.conversations:
        missing = args.conversations - have
        started = time.monotonic()
        call_command(
            "generate_synthetic",
            conversations=missing,
            days=90,
            seed=have + 1,
            create_tables=True,
            batch=1000,
            stdout=io.StringIO(),
        )
        print(f"generated {missing} conversations in {time.monotonic() - started:.0f}s")
    if pending_events():
        started = time.monotonic()
        result = sync_summaries(batch_size=5000)
        took = time.monotonic() - started
        print(
            f"initial sync: {result.events_applied} events, {result.conversations} conversations in {took:.0f}s "
            f"({result.events_applied / max(took, 1e-9):,.0f} events/s)"
        )
    # Fresh planner statistics after a bulk load (autovacuum would do it later in production).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")
    print(f"conversations: {ConversationSummary.objects.count():,}   events: {TrackerEvent.objects.count():,}")

    # An incremental sync of a small batch of new events (what the list page does before rendering).
    call_command("generate_synthetic", conversations=20, days=1, seed=secrets.randbits(30), stdout=io.StringIO())
    started = time.monotonic()
    result = sync_summaries()
    print(f"incremental sync: {result.events_applied} new events in {(time.monotonic() - started) * 1000:.0f} ms")

    reviewer, _ = create_or_update_user("bench-reviewer", secrets.token_hex(16), "reviewer")
    staff, _ = create_or_update_user("bench-staff", secrets.token_hex(16), "staff")
    client = Client()
    client.force_login(reviewer)
    staff_client = Client()
    staff_client.force_login(staff)
    long_conv = ConversationSummary.objects.order_by("-message_count").values_list("pk", flat=True).first()

    cases = [
        ("list, first page", "/conversations/", {}),
        ("list, page 1000", "/conversations/", {"page": 1000}),
        ("filter channel=whatsapp", "/conversations/", {"channel": "whatsapp"}),
        ("filter concern=eczema band=severe", "/conversations/", {"concern": "eczema", "band": "severe"}),
        ("filter red_flag=yes", "/conversations/", {"red_flag": "yes"}),
        ("filter fallback=yes + 7-day range", "/conversations/", {"fallback": "yes", **_last_days(7)}),
        (
            "filter booking=yes branch=pj review=new",
            "/conversations/",
            {"booking": "yes", "branch": "pj", "review": "new"},
        ),
        ("search 'pimples' (user text)", "/conversations/", {"q": "pimples"}),
        ("search 'durian' (rare)", "/conversations/", {"q": "durian"}),
        ("search 'fibre' (common bot text)", "/conversations/", {"q": "fibre"}),
        ("search 'hands lah' + channel=web", "/conversations/", {"q": "hands lah", "channel": "web"}),
        ("search no match", "/conversations/", {"q": "zzzqqq"}),
        ("transcript, longest conversation", f"/conversations/{long_conv}/", {}),
        ("analytics, 30 days", "/conversations/analytics/", {}),
        ("analytics, 90 days", "/conversations/analytics/", _last_days(90)),
        ("bookings list (staff)", "/bookings/", {}),
    ]
    print(f"\n{'request':45} {'median ms':>10} {'max ms':>8}")
    for label, url, params in cases:
        who = staff_client if label.endswith("(staff)") else client
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = who.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{label:45} {statistics.median(times):10.1f} {max(times):8.1f}")

    for label, params in [("export CSV, concern=acne", {"concern": "acne"}), ("export CSV, everything", {})]:
        started = time.perf_counter()
        response = client.get("/conversations/export.csv", params)
        size = sum(len(chunk) for chunk in response.streaming_content)
        print(f"{label:45} {(time.perf_counter() - started) * 1000:10.1f} {'':8} ({size / 1e6:.1f} MB)")


def _last_days(days: int) -> dict:
    import datetime as dt

    today = dt.date.today()
    return {"date_from": (today - dt.timedelta(days=days - 1)).isoformat(), "date_to": today.isoformat()}


if __name__ == "__main__":
    main()
