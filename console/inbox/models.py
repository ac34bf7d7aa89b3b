"""The Inbox: hand-off requests (the action server writes them, storage/handoffs.py owns the
table), each staff member's branch, and the sent-markers of branch notifications."""

from bookings.models import UTCDateTimeField
from django.conf import settings
from django.db import models


class HandoffRequest(models.Model):
    HUMAN, FALLBACK, RED_FLAG, CRISIS = "human", "fallback", "red_flag", "crisis"
    REASON_CHOICES = [
        (CRISIS, "Crisis reply given"),
        (RED_FLAG, "Red flag: urgent advice given"),
        (HUMAN, "Asked for a person"),
        (FALLBACK, "Not understood twice in a row"),
    ]
    OPEN, HELD, CLOSED = "open", "held", "closed"
    STATUS_CHOICES = [(OPEN, "Waiting"), (HELD, "Held by staff"), (CLOSED, "Closed")]

    id = models.AutoField(primary_key=True)
    sender_id = models.CharField(max_length=255, db_index=True)
    # = sender_id while open or held, NULL once closed: one active request per conversation.
    active_key = models.CharField(max_length=255, unique=True, null=True)
    reason = models.CharField(max_length=20, choices=REASON_CHOICES)
    channel = models.CharField(max_length=32, default="")
    branch_id = models.CharField(max_length=32, default="")
    language = models.CharField(max_length=10, default="")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES)
    held_by = models.CharField(max_length=150, default="")
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        managed = False
        db_table = "handoff_requests"
        ordering = ["created_at", "id"]

    @property
    def active(self) -> bool:
        return self.status in (self.OPEN, self.HELD)


class WhatsAppContact(models.Model):
    """storage/whatsapp.py's record of the last inbound message (the 24-hour window)."""

    wa_id = models.CharField(max_length=64, primary_key=True)
    last_inbound_at = UTCDateTimeField()

    class Meta:
        managed = False
        db_table = "whatsapp_contacts"


class StaffBranch(models.Model):
    """The branch a console user works at: their branch's entries come first, and notifications
    name branches the same way (cheras, pj, setia_alam)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_branch")
    branch_id = models.CharField(max_length=32)


class Notification(models.Model):
    """Sent-marker: inserting the row claims the notification, so two copies of the notifier
    never send the same one twice (the unique key decides, not a read-then-write check)."""

    HANDOFF, BOOKING = "handoff", "booking"
    key = models.CharField(max_length=80, unique=True)  # e.g. handoff:12, booking:NM-7K3Q9P
    kind = models.CharField(max_length=10)
    branch_id = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True)
    recipients = models.PositiveIntegerField(default=0)  # how many addresses (never the addresses)
    webhook_ok = models.BooleanField(null=True)
