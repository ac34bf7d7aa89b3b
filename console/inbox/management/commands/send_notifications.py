from django.core.management.base import BaseCommand

from inbox.services.notify import send_pending


class Command(BaseCommand):
    help = "E-mail (and webhook) each branch about new hand-off and booking requests, once each."

    def handle(self, *args, **options):
        result = send_pending()
        self.stdout.write(
            f"notifications: {result.sent} sent, {result.skipped} already sent by another run, "
            f"{result.failed} failed (retried next run)"
        )
