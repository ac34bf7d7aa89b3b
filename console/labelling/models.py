"""The review queue and the labels staff give.

Queue rows hold message text, so they hang off the conversation summary: deleting a person (or the
retention purge of a whole conversation) deletes them too. A label holds only the text staff
confirmed free of personal details; it is keyed by its group's key (not a foreign key) so that it
survives when the messages it came from are deleted, and an exported example stays explained."""

from conversations.models import ConversationSummary
from django.conf import settings
from django.db import models


class QueueGroup(models.Model):
    """One distinct message text (normalised) at one place: an assessment question, or none."""

    key = models.CharField(max_length=64, unique=True)  # sha256 of slot and normalised text, never the text
    slot = models.CharField(max_length=60, blank=True)  # assessment question it was typed at, or ""

    def __str__(self) -> str:
        return f"queue group {self.pk}"


class QueueMessage(models.Model):
    """A user message that ended in a fallback, was re-asked at a question, or got a low-confidence intent."""

    group = models.ForeignKey(QueueGroup, on_delete=models.CASCADE, related_name="messages")
    summary = models.ForeignKey(ConversationSummary, on_delete=models.CASCADE, related_name="+")
    event_id = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    text = models.TextField()
    context = models.TextField(blank=True)  # the bot's message just before (usually its question)
    intent = models.CharField(max_length=100, blank=True)
    confidence = models.FloatField(null=True)
    best_guess = models.CharField(max_length=100, blank=True)  # best real intent, also for a fallback
    fallback = models.BooleanField(default=False)
    reask = models.BooleanField(default=False)
    low_confidence = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]


class Label(models.Model):
    INTENT, ANSWER, OUT_OF_SCOPE, IGNORE = "intent", "answer", "out_of_scope", "ignore"
    KINDS = [(INTENT, "Intent"), (ANSWER, "Answer to the question"), (OUT_OF_SCOPE, "Out of scope"), (IGNORE, "Ignore")]

    key = models.CharField(max_length=64, unique=True)  # QueueGroup.key
    slot = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=KINDS)
    intent = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=60, blank=True)
    # The training text, with detected personal details replaced (never the raw message when it had any).
    text = models.TextField(blank=True)
    redacted = models.BooleanField(default=False)
    conversation = models.BigIntegerField(null=True)  # console conversation number it came from
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    labelled_by_name = models.CharField(max_length=150, blank=True)
    labelled_at = models.DateTimeField()
    exported_at = models.DateTimeField(null=True, blank=True)
    exported_text = models.TextField(blank=True)  # as last written, so a changed label replaces it
    # What the assistant predicted for the message (for the labelled-versus-predicted analytics).
    predicted_intent = models.CharField(max_length=100, blank=True)
    messages = models.PositiveIntegerField(default=0)  # how many messages the group had when labelled

    class Meta:
        ordering = ["-labelled_at", "-id"]
        default_permissions = ()
        permissions = [("label_messages", "Label misunderstood messages for training")]

    def __str__(self) -> str:
        return f"label {self.pk}"


class ScanState(models.Model):
    """Watermark of the last tracker event id the queue scan has looked at."""

    key = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
