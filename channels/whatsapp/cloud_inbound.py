"""Specific to Meta's WhatsApp Cloud API: reading its webhook deliveries and checking their signature.

Pure functions, no I/O. Shapes follow Meta's documented webhook payload:
{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
  "metadata": {"phone_number_id": ...}, "contacts": [{"wa_id": ..., "profile": {"name": ...}}],
  "messages": [{"from": ..., "id": ..., "type": "text", "text": {"body": ...}}], "statuses": [...]}}]}]}
Each message becomes the shared `Inbound` (shared_inbound.py).
"""

import hashlib
import hmac
import logging
from typing import Any

from channels.whatsapp.shared_inbound import PAYLOAD, TEXT, UNSUPPORTED, WA_ID_RE, Inbound, location_payload

logger = logging.getLogger(__name__)

# Not something the user said to us: no reply at all.
SILENT_TYPES = {"reaction", "system", "ephemeral", "request_welcome"}


def signature_valid(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """Meta signs the raw body: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 with the app secret>."""
    if not header or not header.startswith("sha256=") or not app_secret:
        return False
    expected = hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[len("sha256=") :].strip().lower(), expected)


def verify_token_valid(given: str | None, expected: str) -> bool:
    """Meta's subscription handshake: GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=..."""
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def parse_cloud_payload(payload: Any, phone_number_id: str | None = None) -> list[Inbound]:
    """The user messages in one webhook delivery. Statuses, other numbers' events and shapes we do
    not know are skipped with a log line; this never raises on odd input."""
    messages: list[Inbound] = []
    if not isinstance(payload, dict):
        logger.info("WhatsApp webhook body is not an object; ignored")
        return messages
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                logger.info("WhatsApp change without a value object; ignored")
                continue
            raw_metadata = value.get("metadata")
            metadata = raw_metadata if isinstance(raw_metadata, dict) else {}
            to_number = metadata.get("phone_number_id")
            if phone_number_id and to_number and str(to_number) != str(phone_number_id):
                logger.info("WhatsApp event for another phone number id %s; ignored", to_number)
                continue
            if value.get("statuses"):
                logger.debug("WhatsApp status callback(s) ignored: %s", value.get("statuses"))
            names = {
                str(contact.get("wa_id")): _obj(contact.get("profile")).get("name")
                for contact in _dicts(value.get("contacts"))
                if isinstance(_obj(contact.get("profile")).get("name"), str)
            }
            for message in _dicts(value.get("messages")):
                inbound = _parse_message(message, names)
                if inbound is not None:
                    messages.append(inbound)
    return messages


def _obj(value: Any) -> dict[str, Any]:
    """The value when it is a JSON object, else an empty one (a field of the wrong type)."""
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _parse_message(message: dict[str, Any], names: dict[str, str | None]) -> Inbound | None:
    message_id, wa_id, kind = message.get("id"), message.get("from"), message.get("type")
    if not message_id or not wa_id:
        logger.info("WhatsApp message without id or sender; ignored")
        return None
    wa_id = str(wa_id)

    def make(inbound_kind: str, text: str = "") -> Inbound:
        return Inbound(str(message_id), wa_id, inbound_kind, text, names.get(wa_id))

    if not WA_ID_RE.fullmatch(wa_id):
        logger.info("WhatsApp message %s from something that is not a WhatsApp number; ignored", message_id)
        return None
    if not isinstance(kind, str) or kind in SILENT_TYPES:
        logger.debug("WhatsApp %s message %s needs no reply", kind, message_id)
        return None
    if kind == "text":
        body = _obj(message.get("text")).get("body")
        body = body.strip() if isinstance(body, str) else ""
        return make(TEXT, body) if body else make(UNSUPPORTED)
    if kind == "interactive":
        interactive = _obj(message.get("interactive"))
        reply = _obj(interactive.get("button_reply")) or _obj(interactive.get("list_reply"))
        return make(PAYLOAD, str(reply["id"])) if reply.get("id") else make(UNSUPPORTED)
    if kind == "button":  # quick-reply button on a template message
        button = _obj(message.get("button"))
        payload = button.get("payload") or button.get("text")
        return make(PAYLOAD, str(payload)) if payload else make(UNSUPPORTED)
    if kind == "location":
        location = _obj(message.get("location"))
        payload = location_payload(location.get("latitude"), location.get("longitude"))
        return make(PAYLOAD, payload) if payload else make(UNSUPPORTED)
    logger.info("WhatsApp %s message %s: only text is understood", kind, message_id)
    return make(UNSUPPORTED)
