"""Fold new tracker events into conversation summaries (safe to run any time, e.g. every minute)."""
import time

from django.core.management.base import BaseCommand

from conversations.services.summary_sync import sync_summaries


class Command(BaseCommand):
    help = "Update conversation summaries from tracker events added since the last run."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        started = time.monotonic()
        result = sync_summaries(batch_size=batch)
        self.stdout.write(f"read {result.events_read} events, applied {result.events_applied}, "
                          f"updated {result.conversations} conversations, watermark {result.watermark} "
                          f"({time.monotonic() - started:.1f}s)")
