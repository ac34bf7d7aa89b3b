"""Incremental summaries: fold new tracker events into one ConversationSummary row per sender.

Two watermarks keep this correct when run repeatedly and concurrently:
- SyncState("summaries") says which event ids were read; each run re-reads a margin below it,
  because on PostgreSQL a transaction holding lower ids may commit after one holding higher ids.
- each summary's `last_event_id` says which events are already folded into it, so re-read events
  are skipped (Rasa saves one sender's events in order, under its lock store).
"""

import dataclasses
import datetime as dt
import logging
import re
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from ..models import ConversationSummary, ConversationText, FallbackMessage, SyncState, TrackerEvent
from . import events as ev

log = logging.getLogger(__name__)

STATE_KEY = "summaries"
MAX_SEARCH_CHARS = 20000
SQL_IN_CHUNK = 500  # stays under SQLite's bound-variable limit

# Slot name -> summary field for "latest non-empty value wins" text slots.
TEXT_SLOTS = {
    "concern": "concern",
    "severity_band": "severity_band",
    "urgency": "urgency",
    "branch_id": "branch_id",
    "language": "language",
}
GUIDANCE_ACTION = "action_give_guidance"
BOOKING_OFFER_ACTION = "action_offer_booking"
FALLBACK_ACTION = "action_default_fallback"
FALLBACK_INTENT = "nlu_fallback"

_SUMMARY_FIELDS = [
    f.name
    for f in ConversationSummary._meta.concrete_fields
    if f.name not in ("id", "sender_id", "review_status", "reviewed_by", "reviewed_at")
]


@dataclasses.dataclass
class SyncResult:
    events_read: int = 0
    events_applied: int = 0
    events_skipped: int = 0  # events that cannot be stored in a summary (logged, never block the sync)
    conversations: int = 0
    watermark: int = 0


def local_day(at: dt.datetime) -> dt.date:
    return at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def normalize_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())[:200]


def pending_events(state: SyncState | None = None) -> int:
    """How many events arrived after the watermark (cheap: primary-key range count)."""
    state = state or SyncState.objects.filter(key=STATE_KEY).first()
    return TrackerEvent.objects.filter(id__gt=state.last_event_id if state else 0).count()


class _Batch:
    """Summaries, search texts and fallback messages touched by one batch of events."""

    def __init__(self, sender_ids: Iterable[str]):
        sender_ids = list(set(sender_ids))
        self.summaries: dict[str, ConversationSummary] = {}
        for i in range(0, len(sender_ids), SQL_IN_CHUNK):
            chunk = sender_ids[i : i + SQL_IN_CHUNK]
            for summary in ConversationSummary.objects.filter(sender_id__in=chunk):
                self.summaries[summary.sender_id] = summary
        existing_pks = [s.pk for s in self.summaries.values()]
        self.texts: dict[int, ConversationText] = {}
        for i in range(0, len(existing_pks), SQL_IN_CHUNK):
            for text in ConversationText.objects.filter(summary_id__in=existing_pks[i : i + SQL_IN_CHUNK]):
                self.texts[text.summary_id] = text
        self.new_texts: dict[str, list[str]] = {}
        self.fallbacks: list[tuple] = []
        self.changed: set = set()

    def summary_for(self, sender_id: str) -> ConversationSummary:
        summary = self.summaries.get(sender_id)
        if summary is None:
            summary = ConversationSummary(sender_id=sender_id)
            self.summaries[sender_id] = summary
        return summary

    def add_text(self, summary: ConversationSummary, text: str) -> None:
        self.new_texts.setdefault(summary.sender_id, []).append(text.lower())

    def save(self) -> None:
        new = [s for s in self.summaries.values() if s.pk is None and s.sender_id in self.changed]
        if new:
            ConversationSummary.objects.bulk_create(new, batch_size=200)
            if new[0].pk is None:  # backends without RETURNING ids
                by_sender = dict(
                    ConversationSummary.objects.filter(sender_id__in=[s.sender_id for s in new]).values_list(
                        "sender_id", "pk"
                    )
                )
                for s in new:
                    s.pk = s.id = by_sender[s.sender_id]
        new_ids = {id(s) for s in new}
        changed_existing = [s for s in self.summaries.values() if s.sender_id in self.changed and id(s) not in new_ids]
        if changed_existing:
            ConversationSummary.objects.bulk_update(changed_existing, _SUMMARY_FIELDS, batch_size=200)
        create_texts, update_texts = [], []
        for sender_id, parts in self.new_texts.items():
            summary = self.summaries[sender_id]
            text = self.texts.get(summary.pk)
            if text is None:
                text = ConversationText(summary_id=summary.pk, body="")
                create_texts.append(text)
            else:
                update_texts.append(text)
            for part in parts:
                # Bot texts repeat (same question, same menu): store each distinct text once.
                if part not in text.body and len(text.body) < MAX_SEARCH_CHARS:
                    text.body = f"{text.body}\n{part}" if text.body else part
        ConversationText.objects.bulk_create(create_texts, batch_size=200)
        ConversationText.objects.bulk_update(update_texts, ["body"], batch_size=200)
        FallbackMessage.objects.bulk_create(
            [
                FallbackMessage(
                    summary_id=self.summaries[sender].pk,
                    event_id=event_id,
                    at=at,
                    text=text,
                    normalized=normalize_text(text),
                )
                for sender, event_id, at, text in self.fallbacks
            ],
            batch_size=500,
        )


def apply_event(
    batch: _Batch, summary: ConversationSummary, event_id: int, type_name: str, timestamp: float | None, event: dict
) -> None:
    """Folds one event into the summary (and the batch's search text / fallback lists)."""
    at = ev.to_datetime(timestamp if timestamp is not None else event.get("timestamp"))
    if at is not None:
        if summary.started_at is None or at < summary.started_at:
            summary.started_at = at
            summary.started_day = local_day(at)
        if summary.last_at is None or at > summary.last_at:
            summary.last_at = at
    summary.last_event_id = event_id
    kind = event.get("event") or type_name

    if kind == "user":
        text = event.get("text") or ""
        intent, _confidence = ev.intent_of(event)
        summary.user_message_count += 1
        summary.message_count += 1
        channel = event.get("input_channel")
        if channel and not summary.input_channel:
            summary.input_channel = channel[:64]
            summary.channel = ev.channel_group(channel)
        language = (event.get("metadata") or {}).get("language") if isinstance(event.get("metadata"), dict) else None
        if language and not summary.language:
            summary.language = str(language)[:10]
        summary.turn_had_fallback = False
        if intent == FALLBACK_INTENT:
            _count_fallback(summary)
            if text:
                batch.fallbacks.append((summary.sender_id, event_id, at, text))
        if text and not ev.is_payload(text):
            batch.add_text(summary, text)
    elif kind == "bot":
        summary.bot_message_count += 1
        summary.message_count += 1
        if event.get("text"):
            batch.add_text(summary, event["text"])
    elif kind == "slot":
        _apply_slot(summary, event.get("name"), event.get("value"))
    elif kind == "action":
        name = event.get("name")
        if name == GUIDANCE_ACTION:
            summary.guidance_given = True
        elif name == BOOKING_OFFER_ACTION:
            summary.booking_offered = True
        elif name == FALLBACK_ACTION:
            _count_fallback(summary)


def _count_fallback(summary: ConversationSummary) -> None:
    if not summary.turn_had_fallback:
        summary.fallback_count += 1
        summary.turn_had_fallback = True
        summary.has_fallback = True


def _apply_slot(summary: ConversationSummary, name: str | None, value) -> None:
    # Flags record that something happened in the conversation; a later reset (restart,
    # new session) does not undo that it happened.
    if name == "consent_given":
        summary.consent_given = summary.consent_given or value is True
    elif name == "red_flag":
        summary.red_flag = summary.red_flag or value is True
    elif name == "assessment_done":
        summary.assessment_done = summary.assessment_done or value is True
    elif name == "booking_reference":
        if value:
            summary.booking_requested = True
            summary.booking_reference = str(value)[:40]
    elif name in TEXT_SLOTS and value not in (None, ""):
        setattr(summary, TEXT_SLOTS[name], str(value)[:30])


def sync_summaries(batch_size: int = 2000, max_events: int | None = None) -> SyncResult:
    """Reads events after the watermark (minus the replay margin) and updates summaries."""
    result = SyncResult()
    state, _ = SyncState.objects.get_or_create(key=STATE_KEY)
    cursor = max(0, state.last_event_id - settings.SUMMARY_SYNC_REPLAY_IDS)
    start_mark, fresh = state.last_event_id, 0  # max_events counts events past the old watermark, not the replay
    touched = set()
    while True:
        rows = list(
            TrackerEvent.objects.filter(id__gt=cursor)
            .order_by("id")
            .values_list("id", "sender_id", "type_name", "timestamp", "data")[:batch_size]
        )
        if not rows:
            break
        with transaction.atomic():
            # Serialises concurrent sync runs on PostgreSQL (SQLite: BEGIN IMMEDIATE does it).
            state = SyncState.objects.select_for_update().get(key=STATE_KEY)
            batch = _Batch(row[1] for row in rows)
            for event_id, sender_id, type_name, timestamp, data in rows:
                summary = batch.summary_for(sender_id)
                if event_id <= summary.last_event_id:
                    continue
                event = ev.load_event(data)
                if ev.unstorable(event) or ev.unstorable(sender_id):
                    # One crafted message must not stop every later sync (and the pages using it).
                    log.warning("summary sync: event %s skipped (NUL or lone surrogate in it)", event_id)
                    result.events_skipped += 1
                    continue
                apply_event(batch, summary, event_id, type_name, timestamp, event)
                batch.changed.add(sender_id)
                result.events_applied += 1
            batch.save()
            if rows[-1][0] > state.last_event_id:
                state.last_event_id = rows[-1][0]
                state.save(update_fields=["last_event_id", "updated_at"])
        touched |= batch.changed
        result.events_read += len(rows)
        cursor = rows[-1][0]
        fresh += sum(1 for row in rows if row[0] > start_mark)
        if max_events is not None and fresh >= max_events:
            break
    result.conversations = len(touched)
    result.watermark = state.last_event_id
    return result


def rebuild_sender(sender_id: str) -> ConversationSummary | None:
    """Recomputes one summary from the events still stored (after a partial purge). Staff work
    (review status, tags, notes) stays; the summary goes when no events remain."""
    with transaction.atomic():
        summary = ConversationSummary.objects.select_for_update().filter(sender_id=sender_id).first()
        rows = list(
            TrackerEvent.objects.filter(sender_id=sender_id)
            .order_by("id")
            .values_list("id", "type_name", "timestamp", "data")
        )
        if summary is None:
            return None
        if not rows:
            summary.delete()
            return None
        fresh = ConversationSummary(sender_id=sender_id)
        for name in _SUMMARY_FIELDS:
            setattr(summary, name, getattr(fresh, name))
        FallbackMessage.objects.filter(summary=summary).delete()
        ConversationText.objects.filter(summary=summary).delete()
        batch = _Batch([])
        batch.summaries[sender_id] = summary
        for event_id, type_name, timestamp, data in rows:
            event = ev.load_event(data)
            if not ev.unstorable(event):
                apply_event(batch, summary, event_id, type_name, timestamp, event)
        batch.changed.add(sender_id)
        batch.save()
        return summary


def latest_event_id() -> int:
    return TrackerEvent.objects.aggregate(m=Max("id"))["m"] or 0
