"""Fold new tracker events into conversation summaries (safe to run any time, e.g. every minute).

`--every N` is the summary sync job (`make run`, `make prod`): one run every N seconds, for ever,
surviving database outages; each run then sends the Inbox's branch notifications (send_notifications).
Each run holds the sync lock (services/sync_lock.py), so a second copy of the job skips its run instead of
applying the same events."""

import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection

from conversations.services.summary_sync import sync_summaries
from conversations.services.sync_lock import sync_lock


class Command(BaseCommand):
    help = "Update conversation summaries from tracker events added since the last run."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--every", type=float, default=0, help="run again every N seconds until stopped (the sync job)"
        )

    def handle(self, *args, batch, every, **options):
        if not every:
            self.run_once(batch, quiet=False)
            return
        while True:
            close_old_connections()
            try:
                self.run_once(batch, quiet=True)
                if apps.is_installed("inbox"):  # new hand-off and booking requests -> branches, once each
                    call_command("send_notifications", stdout=self.stdout, stderr=self.stderr)
            except (CommandError, DatabaseError) as exc:
                # e.g. Rasa has not created `events` yet, or the database is restarting
                self.stderr.write(f"sync_summaries: {exc}; retrying in {every:g}s")
                connection.close()  # a broken connection is reopened on the next run
            self.stdout.flush()
            time.sleep(every)

    def run_once(self, batch: int, quiet: bool) -> None:
        """One sync run; `quiet` (the job) reports only runs that applied something."""
        if "events" not in connection.introspection.table_names():
            raise CommandError("no `events` table yet: Rasa's SQL tracker store creates it on first start")
        started = time.monotonic()
        with sync_lock() as held:
            if not held:
                if not quiet:
                    self.stdout.write("another sync_summaries run holds the sync lock; skipped")
                return
            try:
                result = sync_summaries(batch_size=batch)
            except DatabaseError as exc:
                raise CommandError(f"sync failed, nothing half-applied (each batch is one transaction): {exc}") from exc
            queued = None
            if apps.is_installed("labelling"):  # the "Needs labelling" queue follows the summaries
                from labelling.scan import scan

                queued = scan()
        if not quiet or result.events_applied:
            self.stdout.write(
                f"read {result.events_read} events, applied {result.events_applied}, "
                f"updated {result.conversations} conversations, watermark {result.watermark} "
                f"({time.monotonic() - started:.1f}s)"
            )
        if queued is not None and (not quiet or queued.added):
            self.stdout.write(f"labelling queue: {queued.added} new messages, watermark {queued.watermark}")
