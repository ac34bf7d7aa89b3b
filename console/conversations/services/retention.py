"""PDPA: retention purge and deleting everything held about one person."""

import dataclasses
import datetime as dt

from audit.models import AuditEntry
from audit.services import fingerprint, record
from bookings.models import BookingRequest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import ConversationSummary, TrackerEvent
from . import pii
from .summary_sync import SQL_IN_CHUNK, rebuild_sender

# storage/whatsapp.py tables keyed by the person's WhatsApp id (their phone number), with the
# column that dates each row for the retention purge.
WHATSAPP_TABLES = {
    "whatsapp_contacts": "last_inbound_at",
    "whatsapp_numbered_options": "sent_at",
    "whatsapp_processed_messages": "received_at",
}
# Processed-message ids only stop Meta's redeliveries (days at most): kept this long, not a year.
PROCESSED_IDS_DAYS = 30
# storage/handoffs.py: the Inbox's hand-off requests, by conversation id.
HANDOFFS_TABLE = "handoff_requests"
# The labelling app's labels keep the labelled text and the console number of its conversation.
LABELS_TABLE = "labelling_label"
# storage/tracker_store.py: per conversation, the state and last turns Rasa loads (slot values
# included), so it goes with the events. `since` is the oldest event the row may derive from.
TRACKER_WINDOWS_TABLE = "tracker_windows"


@dataclasses.dataclass
class PurgeReport:
    cutoff: dt.datetime
    events: int = 0
    conversations: int = 0
    conversations_rebuilt: int = 0
    bookings: int = 0
    other_rows: int = 0  # hand-offs, labels and WhatsApp records


@dataclasses.dataclass
class DeletionReport:
    sender_ids: list[str]
    events: int = 0
    conversations: int = 0
    bookings: int = 0
    whatsapp_contacts: int = 0  # rows of every WhatsApp table
    handoffs: int = 0
    labels: int = 0


def purge_expired(retention_days: int | None = None, now: dt.datetime | None = None, user=None) -> PurgeReport:
    days = settings.RETENTION_DAYS if retention_days is None else retention_days
    if days < 1:
        raise ValueError("retention must be at least one day")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    report = PurgeReport(cutoff=cutoff)
    with transaction.atomic():
        partial = list(
            ConversationSummary.objects.filter(started_at__lt=cutoff, last_at__gte=cutoff).values_list(
                "sender_id", flat=True
            )
        )
        report.events, _ = TrackerEvent.objects.filter(timestamp__lt=cutoff.timestamp()).delete()
        _delete_tracker_windows("since < %s", [cutoff.timestamp()])
        expired = list(ConversationSummary.objects.filter(last_at__lt=cutoff).values_list("pk", flat=True))
        report.other_rows += _delete_labels(expired)
        report.conversations, _ = _count_deleted(ConversationSummary.objects.filter(last_at__lt=cutoff))
        report.bookings, _ = BookingRequest.objects.filter(created_at__lt=cutoff).delete()
        report.other_rows += _delete_rows(HANDOFFS_TABLE, "updated_at < %s", [cutoff])
        ids_cutoff = max(cutoff, (now or timezone.now()) - dt.timedelta(days=PROCESSED_IDS_DAYS))
        for table, dated_by in WHATSAPP_TABLES.items():
            limit = ids_cutoff if table == "whatsapp_processed_messages" else cutoff
            report.other_rows += _delete_rows(table, f"{dated_by} < %s", [limit])
        for sender_id in partial:
            rebuild_sender(sender_id)
        report.conversations_rebuilt = len(partial)
        record(
            user,
            AuditEntry.PURGE_EXPIRED,
            f"older than {cutoff:%Y-%m-%d}",
            retention_days=days,
            events=report.events,
            conversations=report.conversations,
            conversations_rebuilt=report.conversations_rebuilt,
            bookings=report.bookings,
            other_rows=report.other_rows,
        )
    return report


def _count_deleted(qs):
    count = qs.count()
    qs.delete()
    return count, None


def sender_ids_for_phone(phone_e164: str) -> set[str]:
    """Conversation ids under which this phone number talked to the assistant: WhatsApp's is
    "wa:<digits>" for both providers (older data: the bare number or whatsapp:+E164); web chats
    are linked by bookings."""
    candidates = set(_phone_ids(phone_e164))
    ids = set(TrackerEvent.objects.filter(sender_id__in=candidates).values_list("sender_id", flat=True).distinct())
    ids |= set(ConversationSummary.objects.filter(sender_id__in=candidates).values_list("sender_id", flat=True))
    ids |= set(BookingRequest.objects.filter(phone_e164=phone_e164).values_list("sender_id", flat=True))
    return {i for i in ids if i}


def find_person(sender_id: str = "", phone: str = "") -> tuple:
    """(sender ids, E.164 phone or None) for a deletion request; ValueError on a bad phone."""
    if phone:
        e164 = pii.normalize_phone(phone)
        if e164 is None:
            raise ValueError("not a phone number")
        return sorted(sender_ids_for_phone(e164)), e164
    return [sender_id.strip()], None


def delete_person(sender_id: str = "", phone: str = "", user=None) -> DeletionReport:
    sender_ids, e164 = find_person(sender_id, phone)
    report = DeletionReport(sender_ids=sender_ids)
    with transaction.atomic():
        for i in range(0, len(sender_ids), SQL_IN_CHUNK):
            chunk = sender_ids[i : i + SQL_IN_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            report.events += TrackerEvent.objects.filter(sender_id__in=chunk).delete()[0]
            _delete_tracker_windows(f"sender_id IN ({marks})", chunk)
            pks = list(ConversationSummary.objects.filter(sender_id__in=chunk).values_list("pk", flat=True))
            report.labels += _delete_labels(pks)
            # Texts, fallback messages, notes, tags and labelling-queue messages go with the summary.
            report.conversations += _count_deleted(ConversationSummary.objects.filter(sender_id__in=chunk))[0]
            report.bookings += BookingRequest.objects.filter(sender_id__in=chunk).delete()[0]
            report.handoffs += _delete_rows(HANDOFFS_TABLE, f"sender_id IN ({marks})", chunk)
        if e164:
            report.bookings += BookingRequest.objects.filter(phone_e164=e164).delete()[0]
        report.whatsapp_contacts = _delete_whatsapp_rows(_whatsapp_numbers(sender_ids, e164))
        identifier = e164 or sender_id.strip()
        record(
            user,
            AuditEntry.DELETE_PERSON,
            f"person {fingerprint(identifier)}",
            by="phone" if e164 else "sender_id",
            identifier_fingerprint=fingerprint(identifier),
            sender_ids=len(sender_ids),
            events=report.events,
            conversations=report.conversations,
            bookings=report.bookings,
            whatsapp_contacts=report.whatsapp_contacts,
            handoffs=report.handoffs,
            labels=report.labels,
        )
    return report


def _delete_tracker_windows(where: str, params: list) -> None:
    """Rasa rebuilds a deleted window from the events that remain, as stock Rasa would load them."""
    if TRACKER_WINDOWS_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TRACKER_WINDOWS_TABLE} WHERE {where}", params)


def _phone_ids(e164: str) -> list[str]:
    return [pii.whatsapp_conversation_id(e164), e164, e164.lstrip("+"), f"whatsapp:{e164}"]


def _whatsapp_numbers(sender_ids: list[str], e164: str | None) -> list[str]:
    """The WhatsApp ids (digits) of this person: their phone number, and any wa:<number> conversation."""
    numbers = {e164.lstrip("+")} if e164 else set()
    numbers |= {sid[len(pii.WHATSAPP_PREFIX) :] for sid in sender_ids if sid.startswith(pii.WHATSAPP_PREFIX)}
    numbers |= {sid.lstrip("+") for sid in sender_ids if sid.lstrip("+").isdigit()}  # ids from before namespacing
    return sorted(numbers)


def _delete_rows(table: str, where: str, params: list) -> int:
    """DELETE for a table another component owns (Rasa, storage/, an app this one must not import),
    when it exists in this database."""
    if table not in connection.introspection.table_names():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        return max(cursor.rowcount, 0)


def _delete_labels(summary_pks: list[int]) -> int:
    deleted = 0
    for i in range(0, len(summary_pks), SQL_IN_CHUNK):
        chunk = summary_pks[i : i + SQL_IN_CHUNK]
        deleted += _delete_rows(LABELS_TABLE, f"conversation IN ({', '.join(['%s'] * len(chunk))})", chunk)
    return deleted


def _delete_whatsapp_rows(numbers: list[str]) -> int:
    """Rows of every storage/whatsapp.py table for these WhatsApp ids (contacts, numbered options,
    processed-message ids), in every form an id was stored in."""
    ids = sorted({form for number in numbers for form in _phone_ids("+" + number)})
    if not ids:
        return 0
    marks = ", ".join(["%s"] * len(ids))
    return sum(_delete_rows(table, f"wa_id IN ({marks})", ids) for table in WHATSAPP_TABLES)
