"""Which channel a conversation is on and where a reply goes: storage/conversation_ids.py (the one
mapping, `wa:<number>`, `web:<uuid>`), plus conversations stored before ids were namespaced (a bare
WhatsApp number or Twilio's `whatsapp:+<number>`, a bare web UUID), told apart by the summary's
channel."""

import dataclasses
import re

from storage import conversation_ids as ids

WHATSAPP, WEB, OTHER = ids.WHATSAPP, ids.WEB, "other"
_DIGITS = re.compile(r"^(?:whatsapp:)?\+?(\d{6,20})$")


@dataclasses.dataclass(frozen=True)
class Address:
    channel: str
    address: str


def address_of(sender_id: str, channel_group: str = "") -> Address:
    found = ids.address_of(sender_id)
    if found is not None and found.channel in (WHATSAPP, WEB):
        return Address(found.channel, found.address)
    legacy = _DIGITS.match(sender_id or "")
    if legacy and (channel_group == WHATSAPP or (sender_id or "").startswith("whatsapp:")):
        return Address(WHATSAPP, legacy.group(1))
    if channel_group == WEB:
        return Address(WEB, sender_id)
    return Address(OTHER, sender_id)


def whatsapp_number(sender_id: str, channel_group: str = "") -> str | None:
    address = address_of(sender_id, channel_group)
    return address.address if address.channel == WHATSAPP else None
