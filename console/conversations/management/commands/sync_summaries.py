"""Fold new tracker events into conversation summaries (safe to run any time, e.g. every minute)."""
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from conversations.services.summary_sync import sync_summaries


class Command(BaseCommand):
    help = "Update conversation summaries from tracker events added since the last run."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        if "events" not in connection.introspection.table_names():
            raise CommandError("no `events` table yet: Rasa's SQL tracker store creates it on first start")
        started = time.monotonic()
        try:
            result = sync_summaries(batch_size=batch)
        except DatabaseError as exc:
            raise CommandError(f"sync failed, nothing half-applied (each batch is one transaction): {exc}")
        self.stdout.write(f"read {result.events_read} events, applied {result.events_applied}, "
                          f"updated {result.conversations} conversations, watermark {result.watermark} "
                          f"({time.monotonic() - started:.1f}s)")
        if apps.is_installed("labelling"):  # the "Needs labelling" queue follows the summaries
            from labelling.scan import scan

            queued = scan()
            self.stdout.write(f"labelling queue: {queued.added} new messages, watermark {queued.watermark}")
