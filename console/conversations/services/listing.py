"""The conversation list query: filters from ConversationFilterForm plus substring search."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ..models import ConversationSummary

BOOL_FILTERS = {
    "red_flag": "red_flag",
    "consent": "consent_given",
    "booking": "booking_requested",
    "fallback": "has_fallback",
}
EXACT_FILTERS = {
    "channel": "channel",
    "language": "language",
    "concern": "concern",
    "band": "severity_band",
    "urgency": "urgency",
    "branch": "branch_id",
    "review": "review_status",
}
MAX_TERMS = 5


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filter_conversations(filters: dict[str, Any], qs: QuerySet = None, masked: bool = False) -> QuerySet:
    """`masked`: the viewer may not see phone numbers, so number-like search terms are ignored
    (otherwise a search would reveal which conversation contains a given number)."""
    qs = ConversationSummary.objects.all() if qs is None else qs
    if filters.get("date_from"):
        qs = qs.filter(last_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(last_at__lt=_day_start(filters["date_to"] + dt.timedelta(days=1)))
    for key, field in EXACT_FILTERS.items():
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    for key, field in BOOL_FILTERS.items():
        if filters.get(key) in ("yes", "no"):
            qs = qs.filter(**{field: filters[key] == "yes"})
    if filters.get("tag"):
        qs = qs.filter(tags__name=filters["tag"].strip().lower())
    for term in search_terms(filters.get("q") or "", masked):
        # Stored lower-cased, so case-sensitive LIKE (index-friendly on PostgreSQL trigram) works.
        qs = qs.filter(search_text__body__contains=term)
    return qs.order_by("-last_at", "-id")


def search_terms(q: str, masked: bool = False):
    terms = [t for t in q.lower().split() if len(t) >= 2]
    if masked:
        terms = [t for t in terms if sum(ch.isdigit() for ch in t) < 4]
    return terms[:MAX_TERMS]
