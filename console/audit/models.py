"""Who viewed, exported, changed or deleted what. Entries name objects by console id, never by a
phone number or name, so the log itself holds no patient personal data."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    VIEW_CONVERSATION = "view_conversation"
    EXPORT_CONVERSATIONS = "export_conversations"
    REVIEW_CONVERSATION = "review_conversation"
    ADD_NOTE = "add_note"
    CHANGE_TAGS = "change_tags"
    VIEW_BOOKINGS = "view_bookings"
    UPDATE_BOOKING = "update_booking"
    DELETE_PERSON = "delete_person"
    PURGE_EXPIRED = "purge_expired"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Kept as text so the entry still says who acted after the account is deleted.
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    target = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'system'} {self.action} {self.target}"
