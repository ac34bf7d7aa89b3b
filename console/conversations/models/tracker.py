"""Rasa's SQL tracker store table, read-only for the console apart from PDPA deletion.

Mirrors rasa.core.tracker_store.SQLTrackerStore.SQLEvent; Rasa creates and owns the table."""
from django.db import models


class TrackerEvent(models.Model):
    id = models.AutoField(primary_key=True)
    sender_id = models.CharField(max_length=255, db_index=True)
    type_name = models.CharField(max_length=255)
    timestamp = models.FloatField(null=True)
    intent_name = models.CharField(max_length=255, null=True)
    action_name = models.CharField(max_length=255, null=True)
    data = models.TextField(null=True)

    class Meta:
        managed = False
        db_table = "events"
        ordering = ["id"]
