"""Tells a branch about a new hand-off request or booking request: e-mail through Django's mail
framework (SMTP from the environment, else the log) and an optional webhook per branch (chat tools).

Each notification holds the summary card (concern, band, urgency) and a console link, nothing more:
no name, phone number or message text leaves the console this way.

Run by `manage.py send_notifications` from the periodic summary job. Sending once, even with two
copies of the job running: a Notification row with a unique key is inserted before sending, and
only the copy whose insert succeeds sends. A claim whose sending crashed half-way is retried after
CLAIM_TIMEOUT; a failed send releases its claim at once."""

import dataclasses
import datetime as dt
import json
import logging
import urllib.request

from bookings.models import BookingRequest
from bookings.services import parse_summary
from conversations.models import ConversationSummary
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import HandoffRequest, Notification

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
WEBHOOK_TIMEOUT = 10


@dataclasses.dataclass
class Result:
    sent: int = 0
    skipped: int = 0  # already claimed by another run
    failed: int = 0


def recipients(branch_id: str) -> list[str]:
    """The branch's addresses; with no (or an unknown) branch the default list, else every branch."""
    emails = settings.NOTIFY_EMAILS
    if branch_id and emails.get(branch_id):
        return list(emails[branch_id])
    if emails.get("default"):
        return list(emails["default"])
    if not branch_id:
        return sorted({a for key, addresses in emails.items() for a in addresses})
    return []


def webhook_url(branch_id: str) -> str | None:
    hooks = settings.NOTIFY_WEBHOOKS
    return hooks.get(branch_id) or hooks.get("default") if branch_id else hooks.get("default")


def _link(path: str) -> str:
    return settings.CONSOLE_PUBLIC_URL.rstrip("/") + path


def handoff_message(handoff: HandoffRequest) -> tuple[str, str, str]:
    summary = ConversationSummary.objects.filter(sender_id=handoff.sender_id).first()
    context = {
        "handoff": handoff,
        "summary": summary,
        "branch": handoff.branch_id or (summary.branch_id if summary else ""),
        "link": _link(reverse("inbox:detail", args=[handoff.pk])),
    }
    return (
        render_to_string("inbox/email/handoff_subject.txt", context).strip(),
        render_to_string("inbox/email/handoff.txt", context),
        context["branch"],
    )


def booking_message(booking: BookingRequest) -> tuple[str, str, str]:
    context = {
        "booking": booking,
        "summary": parse_summary(booking.summary),
        "branch": booking.branch_id,
        "link": _link(f"{reverse('bookings:list')}?branch={booking.branch_id}&status=new"),
    }
    return (
        render_to_string("inbox/email/booking_subject.txt", context).strip(),
        render_to_string("inbox/email/booking.txt", context),
        booking.branch_id,
    )


def _claim(key: str, kind: str, branch_id: str) -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(key=key, kind=kind, branch_id=branch_id)
    except IntegrityError:
        return None


def _post_webhook(url: str, subject: str, body: str) -> bool:
    # {"text": ...} is what Slack, Google Chat and Mattermost incoming webhooks accept.
    data = json.dumps({"text": f"{subject}\n{body}"}).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return response.status < 300
    except OSError:
        log.warning("notification webhook failed", exc_info=True)
        return False


def _send(key: str, kind: str, build, result: Result) -> None:
    subject, body, branch = build()
    note = _claim(key, kind, branch)
    if note is None:
        result.skipped += 1
        return
    to = recipients(branch)
    try:
        if to:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
    except Exception:
        log.exception("notification e-mail %s failed; will retry", key)
        note.delete()  # released: the next run tries again
        result.failed += 1
        return
    url = webhook_url(branch)
    note.webhook_ok = _post_webhook(url, subject, body) if url else None
    note.recipients, note.sent_at = len(to), timezone.now()
    note.save(update_fields=["webhook_ok", "recipients", "sent_at"])
    result.sent += 1


def send_pending(now: dt.datetime | None = None) -> Result:
    now = now or timezone.now()
    since = now - dt.timedelta(hours=settings.NOTIFY_MAX_AGE_HOURS)
    Notification.objects.filter(sent_at__isnull=True, claimed_at__lt=now - CLAIM_TIMEOUT).delete()
    done = set(Notification.objects.filter(claimed_at__gte=since - CLAIM_TIMEOUT).values_list("key", flat=True))
    result = Result()
    for handoff in HandoffRequest.objects.filter(created_at__gte=since).order_by("id"):
        # A request whose reason became more urgent (e.g. fallback -> crisis) is notified again.
        key = f"handoff:{handoff.pk}:{handoff.reason}"
        if key not in done:
            _send(key, Notification.HANDOFF, lambda h=handoff: handoff_message(h), result)
    for booking in BookingRequest.objects.filter(created_at__gte=since, status=BookingRequest.NEW).order_by("id"):
        key = f"booking:{booking.reference}"
        if key not in done:
            _send(key, Notification.BOOKING, lambda b=booking: booking_message(b), result)
    return result
