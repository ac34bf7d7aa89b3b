"""Turns Rasa bot messages (text, buttons, images) into WhatsApp message bodies.

Pure functions, no I/O. WhatsApp's limits decide the shape:
- text bodies up to 4096 characters, split at paragraph, line, sentence, then word boundaries;
- 1-3 options -> reply buttons (title <= 20 characters, payload kept as the id);
- 4-10 options -> an interactive list (row title <= 24 characters, full title as description);
- more than 10 options -> a numbered text list, answered by typing the number.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
TWILIO_BODY_LIMIT = 1600
ELLIPSIS = "\u2026"

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL = re.compile(r"https?://\S+")
# Tried in order: paragraph, line, sentence end, any whitespace.
_BOUNDARIES = (
    re.compile(r"(\n[ \t]*\n\s*)"),
    re.compile(r"(\n)"),
    re.compile(r"((?<=[.!?\u2026])\s+)"),
    re.compile(r"(\s+)"),
)


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


@dataclass
class Rendered:
    """Bodies to send in order, and the options a number reply refers to (numbered lists only)."""

    messages: list[dict[str, Any]]
    numbered: list[Option] = field(default_factory=list)


def options_from_buttons(buttons: Iterable[dict[str, Any]] | None) -> list[Option]:
    """Rasa buttons ({"title", "payload"}) as options; a button without payload sends its title."""
    options = []
    for button in buttons or []:
        title = " ".join(str(button.get("title") or "").split())
        payload = str(button.get("payload") or "").strip() or title
        if title or payload:
            options.append(Option(title or payload, payload))
    return options


def plain_text(text: str) -> str:
    """WhatsApp shows no Markdown links: `[label](url)` becomes `label: url`; `**bold**` becomes `*bold*`."""

    def _link(match: "re.Match[str]") -> str:
        label, url = match.group(1).strip(), match.group(2)
        return url if label == url else f"{label}: {url}"

    return _MARKDOWN_BOLD.sub(r"*\1*", _MARKDOWN_LINK.sub(_link, text or "")).strip()


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, cut at the largest natural boundary that fits."""
    text = (text or "").strip()
    if not text:
        return []
    return [chunk.strip() for chunk in _split(text, limit, 0) if chunk.strip()]


def _split(text: str, limit: int, level: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    if level == len(_BOUNDARIES):
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    parts = _BOUNDARIES[level].split(text)  # piece, separator, piece, separator, ...
    chunks: list[str] = []
    current = ""
    for index in range(0, len(parts), 2):
        piece = parts[index]
        separator = parts[index - 1] if index else ""
        candidate = current + separator + piece if current else piece
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        if len(piece) > limit:
            chunks.extend(_split(piece, limit, level + 1))
            current = ""
        else:
            current = piece
    if current:
        chunks.append(current)
    return chunks


def shorten(title: str, limit: int) -> str:
    """Fits a title into `limit` characters, cutting at a word boundary and marking the cut."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # a word boundary that keeps most of the title
        cut = cut[:space]
    return cut.rstrip(" ,;:-/(") + ELLIPSIS


def numbered_text(text: str, options: Sequence[Option], hint: str) -> str:
    lines = [f"{number}. {option.title}" for number, option in enumerate(options, start=1)]
    head = plain_text(text)
    return "\n\n".join(part for part in (head, "\n".join(lines), hint) if part)


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

    listing = numbered_text(text, options, texts.say("channels", "whatsapp.numbered_reply_hint", language))
    return Rendered(_text_messages(listing), numbered=list(options))


def render_cloud_image(url: str) -> Rendered:
    return Rendered([{"type": "image", "image": {"link": url}}])


def render_twilio(text: str, options: Sequence[Option], texts: Texts, language: str | None = None) -> Rendered:
    """Twilio message bodies: options always as a short numbered list (no interactive messages)."""
    if options:
        text = numbered_text(text, options, texts.say("channels", "whatsapp.numbered_reply_hint", language))
    bodies = [{"body": chunk} for chunk in split_text(plain_text(text), TWILIO_BODY_LIMIT)]
    return Rendered(bodies, numbered=list(options))


def render_twilio_image(url: str) -> Rendered:
    return Rendered([{"media_url": [url]}])
