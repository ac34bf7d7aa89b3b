"""Which channel a conversation is on and where a reply goes.

Conversation ids are namespaced by channel (`wa:<number>`, `web:<uuid>`; storage/conversation_ids.py
once the security work lands); older ids are a bare WhatsApp number or a web UUID, and the
summary's channel (from Rasa's input channel) tells them apart."""
import dataclasses
import re
from typing import Optional

WHATSAPP, WEB, OTHER = "whatsapp", "web", "other"
_DIGITS = re.compile(r"^\+?(\d{6,20})$")


@dataclasses.dataclass(frozen=True)
class Address:
    channel: str
    address: str


def address_of(sender_id: str, channel_group: str = "") -> Address:
    prefix, sep, rest = (sender_id or "").partition(":")
    if sep and prefix == "wa" and _DIGITS.match(rest):
        return Address(WHATSAPP, _DIGITS.match(rest).group(1))
    if sep and prefix == "whatsapp" and _DIGITS.match(rest):  # Twilio's "whatsapp:+60..." form
        return Address(WHATSAPP, _DIGITS.match(rest).group(1))
    if sep and prefix == "web":
        return Address(WEB, rest)
    if channel_group == WHATSAPP and _DIGITS.match(sender_id or ""):
        return Address(WHATSAPP, _DIGITS.match(sender_id).group(1))
    if channel_group == WEB:
        return Address(WEB, sender_id)
    return Address(OTHER, sender_id)


def whatsapp_number(sender_id: str, channel_group: str = "") -> Optional[str]:
    address = address_of(sender_id, channel_group)
    return address.address if address.channel == WHATSAPP else None
