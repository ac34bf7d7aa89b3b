"""Conversation ids are namespaced by channel, so no channel's sender can name another channel's
conversation.

    wa:<digits>    WhatsApp, through Meta's Cloud API or Twilio (the same person, the same number,
                   so one conversation whichever provider carried it). Both channels check the
                   provider's signature, so only WhatsApp can speak for a number.
    web:<uuid4>    the website widget (channels/webchat.py); the browser knows only the UUID.
    rest:<text>    the development REST channel (channels/dev_rest.py, credentials.dev.yml only).

The channel adds the prefix itself; nothing a sender types can choose it. A web visitor who sends
the "sender" 60123456789 gets the conversation web:60123456789 at most (and the widget channel
accepts only UUIDs), never wa:60123456789.

`address_of(conversation_id)` tells where a conversation lives, e.g. for staff replies:
address_of("wa:60123456789") == Address("whatsapp", "60123456789").
Pure functions: no Rasa, no database.
"""

import re
from dataclasses import dataclass

WHATSAPP = "whatsapp"
WEB = "web"
REST = "rest"

# prefix -> channel family
PREFIXES = {"wa": WHATSAPP, "web": WEB, "rest": REST}
PREFIX_OF = {family: prefix for prefix, family in PREFIXES.items()}

_WA_ID = re.compile(r"^\d{6,20}$")


@dataclass(frozen=True)
class Address:
    channel: str  # WHATSAPP, WEB or REST
    address: str  # the WhatsApp number (digits, no +), the web UUID, or the REST id


def conversation_id(channel: str, address: str) -> str:
    """The conversation id for an address on one channel family (WHATSAPP, WEB or REST)."""
    return f"{PREFIX_OF[channel]}:{address}"


def whatsapp_id(wa_id: str) -> str:
    return conversation_id(WHATSAPP, wa_id)


def web_id(visitor_uuid: str) -> str:
    return conversation_id(WEB, visitor_uuid)


def address_of(conversation_id: str | None) -> Address | None:
    """Where a conversation lives; None for an id without a known prefix (legacy or foreign)."""
    if not conversation_id or ":" not in conversation_id:
        return None
    prefix, _, address = conversation_id.partition(":")
    channel = PREFIXES.get(prefix)
    if channel is None or not address:
        return None
    if channel == WHATSAPP and not _WA_ID.match(address):
        return None
    return Address(channel, address)


def whatsapp_number(conversation_id: str | None) -> str | None:
    """The WhatsApp number (digits) of a wa: conversation id, else None."""
    address = address_of(conversation_id)
    return address.address if address and address.channel == WHATSAPP else None


def recipient_wa_id(recipient: str) -> str:
    """What a WhatsApp output channel is given (the conversation id) -> the number to send to.
    A bare number is accepted too (messages the channel sends before Rasa is involved)."""
    return whatsapp_number(recipient) or recipient
