"""Per-intent figures for the analytics page: how often each intent's messages fell back, were
asked again or came with low confidence, and what staff labelled messages as, against what the
assistant predicted. Comparing a period before a retrain with one after shows what improved."""

import datetime as dt
from collections import Counter, defaultdict

from conversations.models import TrackerEvent
from django.db.models import Count
from django.utils import timezone

from .detection import FALLBACK_INTENT
from .models import Label, QueueGroup, QueueMessage

UNKNOWN = "(none)"


def _range(date_from: dt.date, date_to: dt.date):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def per_intent(date_from: dt.date, date_to: dt.date) -> dict:
    start, end = _range(date_from, date_to)
    predicted = dict(
        TrackerEvent.objects.filter(type_name="user", timestamp__gte=start.timestamp(), timestamp__lt=end.timestamp())
        .values_list("intent_name")
        .annotate(n=Count("id"))
        .values_list("intent_name", "n")
    )
    messages = QueueMessage.objects.filter(at__gte=start, at__lt=end)
    fallbacks = Counter(
        dict(
            messages.filter(fallback=True)
            .values_list("best_guess")
            .annotate(n=Count("id"))
            .values_list("best_guess", "n")
        )
    )
    reasks = Counter(
        dict(messages.filter(reask=True).values_list("intent").annotate(n=Count("id")).values_list("intent", "n"))
    )
    low = Counter(
        dict(
            messages.filter(low_confidence=True)
            .values_list("intent")
            .annotate(n=Count("id"))
            .values_list("intent", "n")
        )
    )
    rows = []
    intents = (set(predicted) | set(fallbacks)) - {FALLBACK_INTENT, None, ""}
    if fallbacks.get(""):
        intents.add(UNKNOWN)  # fallbacks without any ranking
    for intent in sorted(intents):
        guessed = fallbacks.get("" if intent == UNKNOWN else intent, 0)
        understood = predicted.get(intent, 0)
        total = understood + guessed
        rows.append(
            {
                "intent": intent,
                "understood": understood,
                "fallbacks": guessed,
                "fallback_rate": 100.0 * guessed / total if total else 0.0,
                "reasks": reasks.get(intent, 0),
                "low_confidence": low.get(intent, 0),
            }
        )
    rows.sort(key=lambda r: (-r["fallback_rate"], -r["fallbacks"], r["intent"]))
    return {"rows": rows, "confusion": confusion(messages)}


def confusion(messages) -> list:
    """Labelled (rows) against predicted (cells), counted per message in the period."""
    by_key = {}
    keys = dict(QueueGroup.objects.filter(messages__in=messages).values_list("id", "key").distinct())
    for label in Label.objects.filter(key__in=set(keys.values())).exclude(kind=Label.IGNORE):
        by_key[label.key] = label.intent if label.kind != Label.ANSWER else f"answer: {label.slot}"
    table = defaultdict(Counter)
    for group_id, intent in messages.filter(group_id__in=list(keys)).values_list("group_id", "intent"):
        labelled = by_key.get(keys[group_id])
        if labelled:
            table[labelled][intent or UNKNOWN] += 1
    rows = []
    for labelled, cells in sorted(table.items()):
        total = sum(cells.values())
        rows.append(
            {"labelled": labelled, "total": total, "agree": cells.get(labelled, 0), "predicted": cells.most_common()}
        )
    return rows
