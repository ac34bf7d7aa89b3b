"""Specific to Twilio: the REST message bodies for one bot message.

Twilio has no WhatsApp interactive messages here, so options always go out as the shared numbered
list (shared_render.py), answered by typing the number; a body holds at most 1600 characters.
Pure functions, no I/O.
"""

from collections.abc import Sequence

from channels.whatsapp.shared_render import Option, Rendered, numbered_listing, plain_text, split_text
from skincheck.texts import Texts

TWILIO_BODY_LIMIT = 1600


def render_twilio(text: str, options: Sequence[Option], texts: Texts, language: str | None = None) -> Rendered:
    """Twilio message bodies: options always as a short numbered list (no interactive messages)."""
    if options:
        text = numbered_listing(text, options, texts, language)
    bodies = [{"body": chunk} for chunk in split_text(plain_text(text), TWILIO_BODY_LIMIT)]
    return Rendered(bodies, numbered=list(options))


def render_twilio_image(url: str) -> Rendered:
    return Rendered([{"media_url": [url]}])
