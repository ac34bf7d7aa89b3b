"""Fill the tracker `events` table (and `booking_requests`) with synthetic conversations in Rasa's
real event format: manage.py generate_synthetic --conversations 100000 [--sync]."""

import datetime as dt
import time

from bookings.models import BookingRequest
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from conversations.models import TrackerEvent
from conversations.services import synthetic
from conversations.services.summary_sync import sync_summaries

INSERT_SQL = (
    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)


class Command(BaseCommand):
    help = "Generate synthetic conversations in Rasa's tracker event format (for benchmarks and demos)."

    def add_arguments(self, parser):
        parser.add_argument("--conversations", type=int, default=1000)
        parser.add_argument("--days", type=int, default=90, help="spread start times over the last N days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=500, help="conversations per transaction")
        parser.add_argument(
            "--create-tables",
            action="store_true",
            help="create `events`/`booking_requests` if Rasa/storage have not yet",
        )
        parser.add_argument("--sync", action="store_true", help="run sync_summaries afterwards")

    def handle(self, *args, conversations, days, seed, batch, create_tables, sync, **options):
        if conversations < 1 or days < 1:
            raise CommandError("--conversations and --days must be positive")
        tables = connection.introspection.table_names()
        for model in (TrackerEvent, BookingRequest):
            if model._meta.db_table not in tables:
                if not create_tables:
                    raise CommandError(
                        f"table {model._meta.db_table} does not exist (start Rasa once, or pass --create-tables)"
                    )
                with connection.schema_editor() as editor:
                    editor.create_model(model)
                    # Unmanaged models get no indexes from create_model; Rasa's table has this one
                    # (SQLAlchemy's name for SQLEvent.sender_id index=True).
                    editor.execute(
                        f"CREATE INDEX ix_{model._meta.db_table}_sender_id ON {model._meta.db_table} (sender_id)"
                    )
        now = timezone.now().timestamp()
        started = time.monotonic()
        events = bookings = 0
        pending_events, pending_bookings = [], []
        generator = synthetic.generate(conversations, seed, now - days * 86400, days * 86400 - 3600)
        for i, (sender_id, _channel, conv_events, booking) in enumerate(generator, 1):
            pending_events.extend(synthetic.event_row(sender_id, e) for e in conv_events)
            if booking:
                pending_bookings.append(booking)
            if i % batch == 0 or i == conversations:
                self._flush(pending_events, pending_bookings, seed)
                events += len(pending_events)
                bookings += len(pending_bookings)
                pending_events, pending_bookings = [], []
                if i % (batch * 20) == 0 or i == conversations:
                    self.stdout.write(
                        f"{i} conversations, {events} events, {bookings} bookings ({time.monotonic() - started:.0f}s)"
                    )
        if sync:
            result = sync_summaries(batch_size=5000)
            self.stdout.write(f"synced {result.conversations} conversations from {result.events_applied} events")

    def _flush(self, rows, bookings, seed):
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    from psycopg2.extras import execute_values

                    execute_values(cursor.cursor, INSERT_SQL.split("VALUES")[0] + "VALUES %s", rows, page_size=1000)
                else:
                    cursor.executemany(INSERT_SQL, rows)
            BookingRequest.objects.bulk_create(
                [
                    BookingRequest(
                        reference=b["reference"],
                        dedupe_key=f"synthetic-{seed}-{b['reference']}",
                        sender_id=b["sender_id"],
                        channel=b["channel"],
                        branch_id=b["branch_id"],
                        name=b["name"],
                        phone_e164=b["phone_e164"],
                        preferred_date=(
                            dt.datetime.fromtimestamp(b["created_at"], dt.timezone.utc) + dt.timedelta(days=3)
                        ).date(),
                        preferred_time="10:30",
                        summary=b["summary"],
                        status=b["status"],
                        created_at=dt.datetime.fromtimestamp(b["created_at"], dt.timezone.utc),
                        updated_at=dt.datetime.fromtimestamp(b["created_at"], dt.timezone.utc),
                    )
                    for b in bookings
                ],
                ignore_conflicts=True,
            )
