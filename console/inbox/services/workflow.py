"""Staff take a conversation from the Inbox, reply, and hand it back to the assistant.

Joining pauses the assistant in Rasa (a `pause` event; Rasa then logs what the person writes and
answers nothing, in every process, until `resume`) and tells the person a member of staff joined.
The request row records who holds it. No database transaction is held while Rasa is called:
Rasa writes the same database (SQLite would wait for our lock). Instead the status change is a
conditional UPDATE, so of two staff members joining at once only one sends the "joined" notice."""

import dataclasses
import datetime as dt

from accounts.roles import ADMIN, STAFF, role_of
from audit.services import record
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.utils import timezone

from ..models import HandoffRequest, WhatsAppContact
from . import rasa_api
from .addresses import WHATSAPP, address_of
from .texts import handoff_text

# WhatsApp accepts free-form business messages only within 24 hours of the person's last message.
SERVICE_WINDOW = dt.timedelta(hours=24)
MAX_REPLY_CHARS = 4000

STAFF_REPLY, JOIN, HAND_BACK, CLOSE, TEMPLATE = (
    "staff_reply",
    "join_conversation",
    "hand_back",
    "close_handoff",
    "send_template",
)


class WindowClosed(Exception):
    """The WhatsApp 24-hour window is closed: only an approved template may be sent."""


def can_reply(user) -> bool:
    """Reviewers read (masked); staff and admins may write to the person."""
    return role_of(user) in (STAFF, ADMIN)


@dataclasses.dataclass
class Window:
    last_inbound_at: dt.datetime | None
    open: bool

    @property
    def closes_at(self) -> dt.datetime | None:
        return self.last_inbound_at + SERVICE_WINDOW if self.last_inbound_at else None


def whatsapp_window(handoff: HandoffRequest, channel_group: str = "") -> Window | None:
    """The 24-hour window of a WhatsApp conversation (None for other channels)."""
    address = address_of(handoff.sender_id, channel_group or _group(handoff.channel))
    if address.channel != WHATSAPP:
        return None
    try:
        contact = WhatsAppContact.objects.filter(wa_id=address.address).first()
    except DatabaseError:  # the WhatsApp tables do not exist yet: no message was ever received
        contact = None
    last = contact.last_inbound_at if contact else None
    return Window(last, last is not None and timezone.now() - last < SERVICE_WINDOW)


def _group(input_channel: str) -> str:
    from conversations.services.events import channel_group

    return channel_group(input_channel)


def _check(user) -> None:
    if not can_reply(user):
        raise PermissionDenied("reviewers cannot write to the person")


def reply(handoff: HandoffRequest, user, text: str) -> bool:
    """Sends a staff message to the person (joining first when nobody holds the conversation).
    Returns True when this reply also joined. Raises WindowClosed or rasa_api.RasaUnavailable."""
    _check(user)
    text = text.strip()[:MAX_REPLY_CHARS]
    window = whatsapp_window(handoff)
    if window is not None and not window.open:
        raise WindowClosed()
    joined = _claim(handoff, user)
    events = (
        [rasa_api.PAUSE, rasa_api.bot_event(handoff_text("staff_joined", handoff.language), handoff="joined")]
        if joined
        else []
    )
    events.append(rasa_api.bot_event(text, staff=True))
    try:
        rasa_api.append_events(handoff.sender_id, events)
    except rasa_api.RasaUnavailable:
        if joined:  # nothing reached the person: the conversation is still waiting
            HandoffRequest.objects.filter(pk=handoff.pk, status=HandoffRequest.HELD).update(
                status=HandoffRequest.OPEN, held_by="", updated_at=timezone.now()
            )
        raise
    if joined:
        record(user, JOIN, f"handoff {handoff.pk}", channel=handoff.channel)
    # The text itself is in the conversation (tracker); the audit log holds no patient data.
    record(user, STAFF_REPLY, f"handoff {handoff.pk}", channel=handoff.channel, chars=len(text))
    return joined


def _claim(handoff: HandoffRequest, user) -> bool:
    now = timezone.now()
    claimed = HandoffRequest.objects.filter(pk=handoff.pk, status=HandoffRequest.OPEN).update(
        status=HandoffRequest.HELD, held_by=user.get_username()[:150], updated_at=now
    )
    if not claimed:
        # Already held (by this or another staff member): they keep talking; the holder is updated.
        HandoffRequest.objects.filter(pk=handoff.pk, status=HandoffRequest.HELD).update(
            held_by=user.get_username()[:150], updated_at=now
        )
    return bool(claimed)


def hand_back(handoff: HandoffRequest, user) -> None:
    """The assistant answers again (resume) and says so; the request leaves the Inbox."""
    _check(user)
    rasa_api.append_events(
        handoff.sender_id,
        [rasa_api.RESUME, rasa_api.bot_event(handoff_text("assistant_back", handoff.language), handoff="back")],
    )
    _close(handoff)
    record(user, HAND_BACK, f"handoff {handoff.pk}", channel=handoff.channel)


def close(handoff: HandoffRequest, user) -> None:
    """Done without taking over (e.g. staff phoned the person after a red flag)."""
    _check(user)
    if handoff.status == HandoffRequest.HELD:
        hand_back(handoff, user)  # never leave the assistant paused
        return
    _close(handoff)
    record(user, CLOSE, f"handoff {handoff.pk}", channel=handoff.channel)


def _close(handoff: HandoffRequest) -> None:
    HandoffRequest.objects.filter(pk=handoff.pk).update(
        status=HandoffRequest.CLOSED, active_key=None, held_by="", updated_at=timezone.now()
    )
