"""PDPA erasure: delete everything held about one person, by sender id or phone number."""

from django.core.management.base import BaseCommand, CommandError

from conversations.services.retention import delete_person


class Command(BaseCommand):
    help = "Delete all conversations, summaries and booking requests of one person."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--sender-id")
        group.add_argument("--phone")

    def handle(self, *args, sender_id, phone, **options):
        try:
            report = delete_person(sender_id=sender_id or "", phone=phone or "")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"deleted {report.events} events, {report.conversations} conversations, "
            f"{report.bookings} booking requests, {report.whatsapp_contacts} WhatsApp contact records "
            f"for {len(report.sender_ids)} sender id(s)"
        )
