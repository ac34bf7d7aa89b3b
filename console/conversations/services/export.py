"""Streamed CSV of the filtered conversation list (rows are written as they are read)."""

import csv
import re
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from ..models import ConversationSummary

HEADER = [
    "conversation",
    "sender",
    "channel",
    "started_at",
    "last_at",
    "consent",
    "concern",
    "band",
    "urgency",
    "red_flag",
    "branch",
    "assessment_done",
    "booking_requested",
    "booking_reference",
    "fallbacks",
    "messages",
    "review_status",
    "tags",
]
_SAFE_NUMBER = re.compile(r"^[+-]?[\d\s]+$")


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """Neutralises spreadsheet formulas (sender ids and tags can be typed by anyone)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if text and text[0] in "=+-@\t\r" and not _SAFE_NUMBER.match(text):
        return "'" + text
    return text


def csv_rows(qs: QuerySet, masked: bool) -> Iterator[str]:
    """Reviewers' exports have no sender column at all (pii.sender_for)."""
    writer = csv.writer(_Echo())
    yield writer.writerow([h for h in HEADER if not (masked and h == "sender")])
    # values() + iterator(): constant memory whatever the size of the export.
    rows = qs.values_list(
        "id",
        "sender_id",
        "channel",
        "started_at",
        "last_at",
        "consent_given",
        "concern",
        "severity_band",
        "urgency",
        "red_flag",
        "branch_id",
        "assessment_done",
        "booking_requested",
        "booking_reference",
        "fallback_count",
        "message_count",
        "review_status",
    )
    chunk = []
    for row in rows.iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) >= 500:
            yield from _write_chunk(writer, chunk, masked)
            chunk = []
    yield from _write_chunk(writer, chunk, masked)


def _write_chunk(writer, chunk, masked):
    if not chunk:
        return
    tags = {}
    through = ConversationSummary.tags.through.objects.filter(
        conversationsummary_id__in=[r[0] for r in chunk]
    ).values_list("conversationsummary_id", "tag__name")
    for summary_id, name in through:
        tags.setdefault(summary_id, []).append(name)
    for row in chunk:
        row = list(row)
        row[3] = timezone.localtime(row[3]) if row[3] else None
        row[4] = timezone.localtime(row[4]) if row[4] else None
        tag_cell = _cell(";".join(sorted(tags.get(row[0], []))))
        if masked:
            del row[1]
        yield writer.writerow([_cell(v) for v in row] + [tag_cell])
