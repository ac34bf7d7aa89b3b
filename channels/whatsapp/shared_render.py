"""Shared by both WhatsApp providers: the rendering rules every WhatsApp message follows, whoever carries it.

Rasa buttons become `Option`s; Markdown becomes WhatsApp's plain text; long text is split at the
largest natural boundary; titles are shortened at a word; options can be written as a numbered
list that a typed "2" answers. Each provider turns these into its own bodies (cloud_render.py:
buttons and lists; twilio_render.py: numbered text only). Pure functions, no I/O.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from skincheck.texts import Texts

ELLIPSIS = "\u2026"

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")
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


def split_text(text: str, limit: int) -> list[str]:
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


def numbered_listing(text: str, options: Sequence[Option], texts: Texts, language: str | None = None) -> str:
    """The numbered list with its "Reply with the number of your choice." line, in the conversation's language."""
    return numbered_text(text, options, texts.say("channels", "whatsapp.numbered_reply_hint", language))
