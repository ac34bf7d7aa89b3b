"""PDPA retention (run daily from cron): delete tracker events, summaries and booking requests
older than RETENTION_DAYS (or --days)."""

from django.core.management.base import BaseCommand, CommandError

from conversations.services.retention import purge_expired


class Command(BaseCommand):
    help = "Delete conversation data and booking requests older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="override RETENTION_DAYS")

    def handle(self, *args, days, **options):
        try:
            report = purge_expired(days)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"purged data older than {report.cutoff:%Y-%m-%d %H:%M} UTC: {report.events} events, "
            f"{report.conversations} conversations, {report.bookings} booking requests; "
            f"{report.conversations_rebuilt} conversations re-summarised"
        )
