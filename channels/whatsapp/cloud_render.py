"""Specific to Meta's WhatsApp Cloud API: the Graph API message bodies for one bot message.

Only the Cloud API has interactive messages, so only it turns options into reply buttons or a
list; its limits decide the shape:
- text bodies up to 4096 characters (split by the shared rules in shared_render.py);
- 1-3 options -> reply buttons (title <= 20 characters, payload kept as the id);
- 4-10 options -> an interactive list (row title <= 24 characters, full title as description);
- more than 10 options, or titles/ids WhatsApp would refuse -> the shared numbered text list.
Pure functions, no I/O.
"""

import re
from collections.abc import Sequence
from typing import Any

from channels.whatsapp.shared_render import Option, Rendered, numbered_listing, plain_text, shorten, split_text
from skincheck.texts import Texts

TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
MAX_BUTTONS = 3
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
MAX_LIST_ROWS = 10

_URL = re.compile(r"https?://\S+")


def _text_messages(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "text", "text": {"body": chunk, "preview_url": bool(_URL.search(chunk))}}
        for chunk in split_text(text, TEXT_LIMIT)
    ]


def _lead_and_body(text: str, fallback: str) -> "tuple[list[dict[str, Any]], str]":
    """Interactive bodies hold 1024 characters: longer text goes first as plain messages."""
    chunks = split_text(text, INTERACTIVE_BODY_LIMIT)
    if not chunks:
        return [], fallback
    body = chunks[-1]
    lead = text[: text.rfind(body)]
    return _text_messages(lead), body


def _distinct(values: Sequence[str]) -> bool:
    return len(set(values)) == len(values)


def render_cloud(text: str, options: Sequence[Option], texts: Texts, language: str | None = None) -> Rendered:
    """Graph API message bodies (without `to` and `messaging_product`) for one bot message."""
    text = plain_text(text)
    if not options:
        return Rendered(_text_messages(text))

    payloads = [option.payload for option in options]
    if len(options) <= MAX_BUTTONS:
        titles = [shorten(option.title, BUTTON_TITLE_LIMIT) for option in options]
        # WhatsApp rejects duplicate titles or ids, and ids over the limit: fall back to numbers.
        if _distinct(titles) and _distinct(payloads) and all(len(p) <= BUTTON_ID_LIMIT for p in payloads):
            lead, body = _lead_and_body(text, texts.say("channels", "whatsapp.choose_prompt", language))
            buttons = [
                {"type": "reply", "reply": {"id": payload, "title": title}}
                for payload, title in zip(payloads, titles, strict=False)
            ]
            interactive = {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}
            return Rendered(lead + [{"type": "interactive", "interactive": interactive}])
    elif len(options) <= MAX_LIST_ROWS and _distinct(payloads) and all(len(p) <= ROW_ID_LIMIT for p in payloads):
        lead, body = _lead_and_body(text, texts.say("channels", "whatsapp.choose_prompt", language))
        rows = []
        for option in options:
            row = {"id": option.payload, "title": shorten(option.title, ROW_TITLE_LIMIT)}
            if row["title"] != option.title:
                row["description"] = shorten(option.title, ROW_DESCRIPTION_LIMIT)
            rows.append(row)
        interactive = {
            "type": "list",
            "body": {"text": body},
            "action": {
                "button": texts.say("channels", "whatsapp.list_button_label", language),
                "sections": [{"rows": rows}],
            },
        }
        return Rendered(lead + [{"type": "interactive", "interactive": interactive}])

    listing = numbered_listing(text, options, texts, language)
    return Rendered(_text_messages(listing), numbered=list(options))


def render_cloud_image(url: str) -> Rendered:
    return Rendered([{"type": "image", "image": {"link": url}}])
