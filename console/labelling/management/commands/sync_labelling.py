"""Bring the "Needs labelling" queue up to date (sync_summaries also does it after the summaries)."""

from conversations.services.summary_sync import sync_summaries
from django.core.management.base import BaseCommand

from labelling.scan import scan


class Command(BaseCommand):
    help = "Add misunderstood user messages from new tracker events to the labelling queue."

    def handle(self, *args, **options):
        sync_summaries()
        result = scan()
        self.stdout.write(
            f"read {result.events_read} events in {result.conversations} conversations, "
            f"{result.added} new queue messages, watermark {result.watermark}"
        )
