"""Specific to Twilio: reading its signed, form-encoded webhook requests.

Twilio signs the public URL it called plus the form fields (X-Twilio-Signature, HMAC-SHA1 with the
auth token, compared in constant time by twilio's RequestValidator). Its sender addresses look like
"whatsapp:+60123456789"; each request becomes the shared `Inbound` (shared_inbound.py) with the same
WhatsApp id the Cloud API uses. Pure functions, no I/O.
"""

import logging
from typing import Any

from twilio.request_validator import RequestValidator

from channels.whatsapp.shared_inbound import PAYLOAD, TEXT, UNSUPPORTED, WA_ID_RE, Inbound, location_payload

logger = logging.getLogger(__name__)

WHATSAPP_PREFIX = "whatsapp:"


def wa_id_from_address(address: str) -> str:
    """ "whatsapp:+60123456789" -> "60123456789" (the same id the Cloud API uses)."""
    address = address[len(WHATSAPP_PREFIX) :] if address.startswith(WHATSAPP_PREFIX) else address
    return address.strip().lstrip("+")


def signature_valid(validator: RequestValidator, url: str, form: Any, signature: str | None) -> bool:
    """Whether Twilio signed this request: `url` must be the public URL Twilio called."""
    return bool(signature) and bool(validator.validate(url, form, signature))


def parse_twilio_form(form: Any) -> Inbound | None:
    """One inbound Twilio WhatsApp message, or None (logged) for a request without sender or id."""
    message_id = form.get("MessageSid") or form.get("SmsMessageSid")
    sender = form.get("From") or ""
    wa_id = form.get("WaId") or wa_id_from_address(sender)
    if not message_id or not WA_ID_RE.fullmatch(wa_id):
        logger.info("Twilio webhook without MessageSid or a WhatsApp sender; ignored")
        return None
    name = form.get("ProfileName")

    def make(kind: str, text: str = "") -> Inbound:
        return Inbound(message_id, wa_id, kind, text, name)

    location = location_payload(form.get("Latitude"), form.get("Longitude"))
    if location:
        return make(PAYLOAD, location)
    if form.get("ButtonPayload"):  # quick-reply button on a template
        return make(PAYLOAD, form.get("ButtonPayload"))
    body = (form.get("Body") or "").strip()
    try:
        has_media = int(form.get("NumMedia") or 0) > 0
    except ValueError:
        has_media = False
    if body and not has_media:
        return make(TEXT, body)
    return make(UNSUPPORTED)
