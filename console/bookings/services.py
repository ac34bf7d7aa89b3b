"""Booking request workflow: new -> contacted -> booked, cancel from any open state, reopen."""

import json

from audit.models import AuditEntry
from audit.services import record
from django.db import transaction
from django.utils import timezone

from .models import BookingRequest

TRANSITIONS = {
    BookingRequest.NEW: [BookingRequest.CONTACTED, BookingRequest.BOOKED, BookingRequest.CANCELLED],
    BookingRequest.CONTACTED: [BookingRequest.BOOKED, BookingRequest.CANCELLED, BookingRequest.NEW],
    BookingRequest.BOOKED: [BookingRequest.CANCELLED, BookingRequest.CONTACTED],
    BookingRequest.CANCELLED: [BookingRequest.NEW],
}


class TransitionError(ValueError):
    pass


def allowed_next(status: str):
    return TRANSITIONS.get(status, [])


def change_status(booking_id: int, new_status: str, user) -> BookingRequest:
    with transaction.atomic():
        booking = BookingRequest.objects.select_for_update().get(pk=booking_id)
        if new_status not in allowed_next(booking.status):
            raise TransitionError(f"{booking.status} -> {new_status}")
        old = booking.status
        booking.status = new_status
        booking.updated_at = timezone.now()
        booking.save(update_fields=["status", "updated_at"])
        record(user, AuditEntry.UPDATE_BOOKING, f"booking {booking.reference}", old=old, new=new_status)
    return booking


def parse_summary(text: str | None) -> dict:
    """The assessment summary JSON the action server stored ({} if missing or broken)."""
    try:
        data = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    factors = data.get("factors")
    data["factors"] = [str(f) for f in factors] if isinstance(factors, list) else []
    return data
