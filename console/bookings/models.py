"""The `booking_requests` table owned by storage/bookings.py (action server). The console reads
it and changes `status`/`updated_at` only."""

import datetime as dt

from django.db import models


class UTCDateTimeField(models.DateTimeField):
    """SQLAlchemy may store naive UTC datetimes; read them back as aware UTC values."""

    def from_db_value(self, value, expression, connection):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value


class BookingRequest(models.Model):
    NEW, CONTACTED, BOOKED, CANCELLED = "new", "contacted", "booked", "cancelled"
    STATUS_CHOICES = [(NEW, "New"), (CONTACTED, "Contacted"), (BOOKED, "Booked"), (CANCELLED, "Cancelled")]

    id = models.AutoField(primary_key=True)
    reference = models.CharField(max_length=32, unique=True)
    dedupe_key = models.CharField(max_length=128, unique=True)
    sender_id = models.CharField(max_length=255)
    channel = models.CharField(max_length=32)
    branch_id = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    phone_e164 = models.CharField(max_length=32)
    preferred_date = models.DateField(null=True)
    preferred_time = models.CharField(max_length=8, null=True)
    summary = models.TextField(null=True)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        managed = False
        db_table = "booking_requests"
        ordering = ["-created_at", "-id"]
