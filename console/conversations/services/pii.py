"""Masking names and phone numbers for roles that may not see contact details."""

import re
from collections.abc import Iterable

import phonenumbers
from django.conf import settings

MASK = "•••"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Long digit runs that phonenumbers may not accept as valid (typos, partial numbers).
DIGITS_RE = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
# Conversation ids are namespaced by channel (storage/conversation_ids.py): "wa:<number>" for
# WhatsApp, "web:<uuid>" for the widget (the UUID is the key to the public history endpoint).
WHATSAPP_PREFIX = "wa:"


def mask_phone_numbers(text: str) -> str:
    if sum(ch.isdigit() for ch in text) < 6:
        return text  # too few digits for any phone number; skips the (slow) matcher
    region = settings.PHONE_REGION
    spans = [
        (m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    ]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + f"{MASK}phone{MASK}" + text[end:]
    return DIGITS_RE.sub(f"{MASK}phone{MASK}", text)


def mask_text(text: str | None, names: Iterable[str] = ()) -> str:
    """Hides phone numbers, e-mail addresses and the given known names (case-insensitive)."""
    if not text:
        return text or ""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(name), f"{MASK}name{MASK}", text, flags=re.IGNORECASE)
        # Also each part of a full name ("Aisyah binti Ahmad" -> "Aisyah", "Ahmad").
        for part in name.split():
            if len(part) >= 3 and part.lower() not in ("bin", "binti", "a/l", "a/p"):
                text = re.sub(rf"\b{re.escape(part)}\b", f"{MASK}name{MASK}", text, flags=re.IGNORECASE)
    text = EMAIL_RE.sub(f"{MASK}email{MASK}", text)
    return mask_phone_numbers(text)


def sender_for(sender_id: str, masked: bool) -> str:
    """What a user of the console sees of a conversation id. Reviewers see nothing of it: a
    WhatsApp id is a phone number and a web id is the secret key to that visitor's transcript.
    They know a conversation by the console's own number (ConversationSummary.pk)."""
    return "" if masked else sender_id


def whatsapp_conversation_id(e164: str) -> str:
    return WHATSAPP_PREFIX + e164.lstrip("+")


def mask_name(name: str | None) -> str:
    return f"{MASK}name{MASK}" if name else ""


def mask_phone(phone: str | None) -> str:
    return f"{MASK}{phone[-2:]}" if phone else ""


def normalize_phone(raw: str) -> str | None:
    """E.164 form of a phone number typed by staff, or None when it is not a number."""
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_see_contacts(user) -> bool:
    return user.has_perm("accounts.view_contact_details")
