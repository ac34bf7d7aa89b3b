"""Shared by both WhatsApp providers: what an inbound message is once its provider's shape is read.

Both parsers (cloud_inbound.py for Meta's JSON, twilio_inbound.py for Twilio's form) produce the same
`Inbound`, with the same kinds, the same WhatsApp id check, the same rounded location payload and
the same numbered-reply resolution, so the rest of the channel never asks which provider carried it.
Pure functions, no I/O.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from channels.whatsapp.shared_render import Option

TEXT = "text"  # typed by the user: may be a number answering a numbered list
PAYLOAD = "payload"  # button, list row or location: goes to Rasa as it is
UNSUPPORTED = "unsupported"  # media and anything else: answered with a polite "text only" reply

# A WhatsApp id is the number in international form, digits only.
WA_ID_RE = re.compile(r"\d{6,20}")
_NUMBER_REPLY = re.compile(r"\d{1,2}[.)]?(?:\s*(?:[,;/&+]\s*|\s)\s*\d{1,2}[.)]?)*")


@dataclass(frozen=True)
class Inbound:
    message_id: str
    wa_id: str
    kind: str
    text: str = ""
    profile_name: str | None = None


# Rounded to 3 decimals (about 100 m), as the widget does: enough to find the nearest branch, and
# no exact home address is stored (PDPA).
LOCATION_DECIMALS = 3


def location_payload(latitude: Any, longitude: Any) -> str | None:
    """`/share_location{"latitude":..,"longitude":..}`, or None when the coordinates are not numbers."""
    try:
        lat, lon = round(float(latitude), LOCATION_DECIMALS), round(float(longitude), LOCATION_DECIMALS)
    except (TypeError, ValueError, OverflowError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # NaN fails these comparisons too
        return None
    return "/share_location" + json.dumps({"latitude": lat, "longitude": lon}, separators=(",", ":"))


def resolve_numbered(text: str, options: Sequence[Option]) -> str | None:
    """Maps a typed "2" to the second option's payload. Several numbers ("1, 3") pick several
    options, sent as their titles joined by commas for the multi-choice questions to parse.
    None when the text is not (only) option numbers."""
    text = (text or "").strip()
    if not options or not _NUMBER_REPLY.fullmatch(text):
        return None
    numbers = list(dict.fromkeys(int(n) for n in re.findall(r"\d+", text)))
    if not all(1 <= n <= len(options) for n in numbers):
        return None
    if len(numbers) == 1:
        return options[numbers[0] - 1].payload
    return ", ".join(options[n - 1].title for n in numbers)
