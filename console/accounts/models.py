"""Console permissions. The model has no table: it only anchors the permissions that roles grant."""

from django.db import models


class ConsolePermission(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("review_conversations", "Read conversations and add review status, tags and notes"),
            ("export_conversations", "Export the conversation list as CSV"),
            ("view_contact_details", "See names and phone numbers unmasked"),
            ("work_bookings", "Change the status of booking requests"),
            ("delete_person_data", "Delete all data of one person"),
            ("view_audit_log", "Read the audit log"),
        ]
