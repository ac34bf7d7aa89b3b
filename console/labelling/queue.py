"""The queue as staff see it: one row per group, most frequent first."""

from collections import Counter

from django.db.models import Count, Max, Q, QuerySet

from .models import Label, QueueGroup, QueueMessage

REASONS = ("fallback", "reask", "low_confidence")


def groups(status: str = "open", reason: str = "", slot: str | None = None) -> QuerySet:
    qs = QueueGroup.objects.annotate(
        n_messages=Count("messages"),
        n_conversations=Count("messages__summary", distinct=True),
        last_at=Max("messages__at"),
        n_fallback=Count("messages", filter=Q(messages__fallback=True)),
        n_reask=Count("messages", filter=Q(messages__reask=True)),
        n_low=Count("messages", filter=Q(messages__low_confidence=True)),
    ).filter(n_messages__gt=0)
    labelled = Label.objects.values("key")
    if status == "open":
        qs = qs.exclude(key__in=labelled)
    elif status == "labelled":
        qs = qs.filter(key__in=labelled)
    if reason in REASONS:
        qs = qs.filter(**{f"messages__{reason}": True}).distinct()
    if slot is not None:
        qs = qs.filter(slot=slot)
    return qs.order_by("-n_conversations", "-n_messages", "-last_at", "-id")


def latest_messages(group_ids: list[int]) -> dict:
    """group id -> its newest message (shown as the row's text, context and prediction)."""
    latest = {}
    for message in QueueMessage.objects.filter(group_id__in=group_ids).order_by("group_id", "-at", "-id"):
        latest.setdefault(message.group_id, message)
    return latest


def predicted(group: QueueGroup) -> str:
    """The group's most common predicted intent (what the assistant made of it)."""
    counts = Counter(group.messages.values_list("intent", flat=True))
    return counts.most_common(1)[0][0] if counts else ""
