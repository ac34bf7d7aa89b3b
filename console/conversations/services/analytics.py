"""Aggregates for the analytics page, computed from summaries (indexed) in one date range."""

import datetime as dt
from collections import OrderedDict

from bookings.models import BookingRequest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..models import ConversationSummary, FallbackMessage
from . import charts, pii

FUNNEL = [
    ("consent", "consent_given"),
    ("assessment", "assessment_done"),
    ("guidance", "guidance_given"),
    ("booking_prompt", "booking_offered"),
    ("booking_requested", "booking_requested"),
]


def _range(date_from: dt.date, date_to: dt.date):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def analytics(date_from: dt.date, date_to: dt.date, masked: bool) -> dict:
    start, end = _range(date_from, date_to)
    qs = ConversationSummary.objects.filter(started_day__gte=date_from, started_day__lte=date_to)

    per_day = qs.values("started_day", "channel").annotate(n=Count("id")).order_by("started_day")
    days = [(date_from + dt.timedelta(days=i)) for i in range((date_to - date_from).days + 1)]
    channels = OrderedDict((c, [0] * len(days)) for c in ("web", "whatsapp", "other"))
    index = {d: i for i, d in enumerate(days)}
    for row in per_day:
        if row["started_day"] in index:
            channels.setdefault(row["channel"] or "other", [0] * len(days))[index[row["started_day"]]] += row["n"]
    channels = OrderedDict((k, v) for k, v in channels.items() if any(v) or k != "other")

    funnel_counts = qs.aggregate(
        total=Count("id"), **{key: Count("id", filter=Q(**{field: True})) for key, field in FUNNEL}
    )
    total = funnel_counts.pop("total") or 0
    funnel = [(key, funnel_counts[key]) for key, _ in FUNNEL]

    concerns = list(qs.exclude(concern="").values_list("concern").annotate(n=Count("id")).order_by("-n"))
    bands = list(qs.exclude(severity_band="").values_list("severity_band").annotate(n=Count("id")).order_by("-n"))
    branch_requests = list(
        BookingRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("branch_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    branch_conversations = list(
        qs.exclude(branch_id="").values_list("branch_id").annotate(n=Count("id")).order_by("-n")
    )

    fb = qs.aggregate(
        with_fallback=Count("id", filter=Q(has_fallback=True)),
        turns=Sum("fallback_count"),
        user_messages=Sum("user_message_count"),
    )
    top_misunderstood = list(
        FallbackMessage.objects.filter(at__gte=start, at__lt=end)
        .values("normalized")
        .annotate(n=Count("id"))
        .order_by("-n", "normalized")[:10]
    )
    if masked:
        for row in top_misunderstood:
            row["normalized"] = pii.mask_text(row["normalized"])

    return {
        "total": total,
        "per_day": charts.stacked_columns([d.strftime("%d %b") for d in days], channels),
        "funnel": charts.horizontal_bars(funnel),
        "funnel_rows": [{"key": k, "n": n, "pct": (100.0 * n / total) if total else 0} for k, n in funnel],
        "concerns": charts.horizontal_bars(concerns),
        "bands": charts.horizontal_bars(bands),
        "branch_requests": charts.horizontal_bars(branch_requests),
        "branch_conversations": charts.horizontal_bars(branch_conversations),
        "fallback_conversations": fb["with_fallback"] or 0,
        "fallback_rate": (100.0 * (fb["with_fallback"] or 0) / total) if total else 0,
        "fallback_turns": fb["turns"] or 0,
        "fallback_turn_rate": (100.0 * (fb["turns"] or 0) / fb["user_messages"]) if fb["user_messages"] else 0,
        "top_misunderstood": top_misunderstood,
    }
