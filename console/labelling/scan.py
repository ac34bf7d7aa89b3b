"""Keeps the review queue up to date from Rasa's `events` table, incrementally.

Each run looks at the conversations that got events after the watermark and re-judges each of
them from the start of the session holding the new events (one indexed query per group of
senders): a re-ask is only visible from the events after the message, which may arrive in a
later run. Known candidates are skipped by event id, so
running it again, or twice at once, adds nothing twice. It never reads past the summary sync's
watermark, so every candidate's conversation already has its summary row."""

import dataclasses
import datetime as dt
import hashlib

from conversations.models import ConversationSummary, SyncState, TrackerEvent
from conversations.services import events as ev
from conversations.services.summary_sync import SQL_IN_CHUNK
from conversations.services.summary_sync import STATE_KEY as SUMMARY_STATE_KEY
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import choices, detection
from .models import QueueGroup, QueueMessage, ScanState

STATE_KEY = "queue"


@dataclasses.dataclass
class ScanResult:
    events_read: int = 0
    conversations: int = 0
    added: int = 0
    watermark: int = 0


def group_key(slot: str, text: str) -> str:
    return hashlib.sha256(f"{slot}\n{detection.normalize(text)}".encode()).hexdigest()


def _summary_watermark() -> int:
    state = SyncState.objects.filter(key=SUMMARY_STATE_KEY).first()
    return state.last_event_id if state else 0


def pending() -> int:
    state = ScanState.objects.filter(key=STATE_KEY).first()
    low = state.last_event_id if state else 0
    return TrackerEvent.objects.filter(id__gt=low, id__lte=_summary_watermark()).count()


def scan(batch_size: int = 5000, max_events: int | None = None) -> ScanResult:
    result = ScanResult()
    state, _ = ScanState.objects.get_or_create(key=STATE_KEY)
    upper = _summary_watermark()
    cursor = max(0, state.last_event_id - settings.SUMMARY_SYNC_REPLAY_IDS)
    slots = choices.question_slots()
    threshold = settings.LABELLING_LOW_CONFIDENCE
    while cursor < upper:
        rows = list(
            TrackerEvent.objects.filter(id__gt=cursor, id__lte=upper)
            .order_by("id")
            .values_list("id", "sender_id")[:batch_size]
        )
        if not rows:
            break
        first_new: dict[str, int] = {}
        for event_id, sender in rows:
            first_new.setdefault(sender, event_id)
        senders = sorted(first_new)
        for i in range(0, len(senders), SQL_IN_CHUNK):
            chunk = {s: first_new[s] for s in senders[i : i + SQL_IN_CHUNK]}
            result.added += _scan_senders(chunk, upper, slots, threshold)
        result.conversations += len(senders)
        result.events_read += len(rows)
        cursor = rows[-1][0]
        ScanState.objects.filter(key=STATE_KEY, last_event_id__lt=cursor).update(last_event_id=cursor)
        if max_events is not None and result.events_read >= max_events:
            break
    cleanup()
    result.watermark = ScanState.objects.get(key=STATE_KEY).last_event_id
    return result


def _session_starts(first_new: dict[str, int]) -> dict[str, int]:
    """Per sender, the latest session start at or before its first new event: turns are judged
    within a session, so a long-lived WhatsApp conversation is not re-read from its first day."""
    starts: dict[str, int] = {}
    for sender, event_id in (
        TrackerEvent.objects.filter(
            sender_id__in=list(first_new), type_name="session_started", id__lte=max(first_new.values())
        )
        .order_by("id")
        .values_list("sender_id", "id")
    ):
        if event_id <= first_new[sender]:
            starts[sender] = event_id
    return starts


def _scan_senders(first_new: dict[str, int], upper: int, slots: list[str], threshold: float) -> int:
    """Judges the sessions of these senders that got new events (sender -> its first new event id)."""
    starts = _session_starts(first_new)
    where = Q()
    for sender in first_new:
        where |= Q(sender_id=sender, id__gte=starts.get(sender, 0))
    by_sender: dict[str, list] = {}
    for event_id, sender, timestamp, data in (
        TrackerEvent.objects.filter(where, id__lte=upper)
        .order_by("id")
        .values_list("id", "sender_id", "timestamp", "data")
    ):
        by_sender.setdefault(sender, []).append((event_id, timestamp, ev.load_event(data)))
    found = {sender: detection.find_candidates(events, slots, threshold) for sender, events in by_sender.items()}
    wanted = [c.event_id for cands in found.values() for c in cands]
    known = set()
    for i in range(0, len(wanted), SQL_IN_CHUNK):
        known |= set(
            QueueMessage.objects.filter(event_id__in=wanted[i : i + SQL_IN_CHUNK]).values_list("event_id", flat=True)
        )
    summaries = dict(ConversationSummary.objects.filter(sender_id__in=list(found)).values_list("sender_id", "pk"))
    added = 0
    for sender, candidates in found.items():
        for c in candidates:
            if c.event_id in known or sender not in summaries:
                continue
            added += _add(c, summaries[sender])
    return added


def _add(c: detection.Candidate, summary_id: int) -> int:
    at = ev.to_datetime(c.timestamp) or timezone.now()
    try:
        with transaction.atomic():
            group, _ = QueueGroup.objects.get_or_create(key=group_key(c.slot, c.text), defaults={"slot": c.slot})
            QueueMessage.objects.create(
                group=group,
                summary_id=summary_id,
                event_id=c.event_id,
                at=at,
                text=c.text[:2000],
                context=c.context[:2000],
                intent=c.intent[:100],
                confidence=c.confidence,
                best_guess=c.best_guess[:100],
                fallback=c.fallback,
                reask=c.reask,
                low_confidence=c.low_confidence,
            )
    except IntegrityError:  # a concurrent scan added it first
        return 0
    return 1


def cleanup() -> None:
    """Retention for queue rows whose conversation outlived the purge (partial purges keep the
    summary), and groups left without messages (their labels stay: text already redacted)."""
    cutoff = timezone.now() - dt.timedelta(days=settings.RETENTION_DAYS)
    QueueMessage.objects.filter(at__lt=cutoff).delete()
    QueueGroup.objects.filter(messages__isnull=True).delete()
