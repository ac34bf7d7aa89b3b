"""The console's own tables: one summary row per Rasa sender id, kept up to date incrementally
from new tracker events, plus what staff add (review status, tags, notes)."""
from django.conf import settings
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConversationSummary(models.Model):
    REVIEW_NEW, REVIEW_DONE, REVIEW_FOLLOW_UP = "new", "reviewed", "follow_up"
    REVIEW_CHOICES = [(REVIEW_NEW, "Not reviewed"), (REVIEW_DONE, "Reviewed"), (REVIEW_FOLLOW_UP, "Needs follow-up")]

    sender_id = models.CharField(max_length=255, unique=True)
    channel = models.CharField(max_length=20, blank=True)  # web | whatsapp | other
    input_channel = models.CharField(max_length=64, blank=True)  # Rasa's channel name as sent
    language = models.CharField(max_length=10, blank=True)
    started_at = models.DateTimeField(null=True)
    # The clinic-local calendar day of started_at, so "per day" charts are a plain GROUP BY
    # (SQLite evaluates time-zone date functions in Python, row by row).
    started_day = models.DateField(null=True)
    last_at = models.DateTimeField(null=True)

    consent_given = models.BooleanField(default=False)
    concern = models.CharField(max_length=30, blank=True)
    severity_band = models.CharField(max_length=30, blank=True)
    urgency = models.CharField(max_length=30, blank=True)
    red_flag = models.BooleanField(default=False)
    branch_id = models.CharField(max_length=30, blank=True)
    assessment_done = models.BooleanField(default=False)
    guidance_given = models.BooleanField(default=False)
    booking_offered = models.BooleanField(default=False)
    booking_requested = models.BooleanField(default=False)
    booking_reference = models.CharField(max_length=40, blank=True)

    fallback_count = models.PositiveIntegerField(default=0)
    has_fallback = models.BooleanField(default=False)
    user_message_count = models.PositiveIntegerField(default=0)
    bot_message_count = models.PositiveIntegerField(default=0)
    message_count = models.PositiveIntegerField(default=0)

    # Incremental-sync state: the last tracker event folded into this row, and whether the
    # current user turn was already counted as a fallback (nlu_fallback and the
    # action_default_fallback it triggers are one misunderstanding, not two).
    last_event_id = models.BigIntegerField(default=0)
    turn_had_fallback = models.BooleanField(default=False)

    review_status = models.CharField(max_length=20, choices=REVIEW_CHOICES, default=REVIEW_NEW)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")

    class Meta:
        ordering = ["-last_at", "-id"]
        # The list is always "newest activity first", so each filterable column is indexed
        # together with last_at: the filter and the ORDER BY ... LIMIT share one index.
        indexes = [
            models.Index(fields=["-last_at", "-id"], name="summary_last"),
            models.Index(fields=["started_at"], name="summary_started"),
            models.Index(fields=["started_day", "channel"], name="summary_started_day"),
            models.Index(fields=["channel", "-last_at"], name="summary_channel"),
            models.Index(fields=["concern", "-last_at"], name="summary_concern"),
            models.Index(fields=["severity_band", "-last_at"], name="summary_band"),
            models.Index(fields=["urgency", "-last_at"], name="summary_urgency"),
            models.Index(fields=["red_flag", "-last_at"], name="summary_red_flag"),
            models.Index(fields=["consent_given", "-last_at"], name="summary_consent"),
            models.Index(fields=["booking_requested", "-last_at"], name="summary_booking"),
            models.Index(fields=["branch_id", "-last_at"], name="summary_branch"),
            models.Index(fields=["has_fallback", "-last_at"], name="summary_fallback"),
            models.Index(fields=["review_status", "-last_at"], name="summary_review"),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"


class ConversationText(models.Model):
    """Lower-cased user and bot texts of one conversation, for substring search (kept out of the
    summary row so list queries do not drag the text along)."""

    summary = models.OneToOneField(ConversationSummary, primary_key=True, on_delete=models.CASCADE,
                                   related_name="search_text")
    body = models.TextField(default="", blank=True)


class FallbackMessage(models.Model):
    """A user message the assistant did not understand (intent nlu_fallback), for analytics."""

    summary = models.ForeignKey(ConversationSummary, on_delete=models.CASCADE, related_name="fallbacks")
    event_id = models.BigIntegerField()
    at = models.DateTimeField(db_index=True)
    text = models.TextField()
    normalized = models.CharField(max_length=200, db_index=True)


class Note(models.Model):
    summary = models.ForeignKey(ConversationSummary, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class SyncState(models.Model):
    """Watermark of the last tracker event id the summary sync has read."""

    key = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
