"""Website chat widget channel: Rasa's REST channel plus metadata, history and input checks.

Stateless HTTP on purpose: any Rasa process behind a load balancer can answer any request
because the conversation lives in the tracker store, not in the process (socket.io would
need sticky sessions).

Routes (mounted under /webhooks/webchat/):
  GET  /  and  /health        -> {"status": "ok"}
  POST /webhook               {sender, message, metadata} -> list of bot messages
  GET  /history?sender=<id>   -> {"sender": id, "messages": [...], "live": bool} the visible
                                 transcript; live while staff may write (the widget then polls)

Sender ids must be random (version 4) UUIDs: the id is the only thing that guards a
visitor's transcript, so a guessable id would let one visitor read another's history. It is a
secret: never logged, never shown to reviewers. The conversation id is "web:<uuid>"
(storage/conversation_ids.py), so a web visitor can never name a WhatsApp conversation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.webchat_live import is_live
from storage.conversation_ids import web_id

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
# A whole request is sender + message + two short metadata fields; anything far larger is abuse.
MAX_BODY_BYTES = 16 * 1024
MAX_PAGE_URL_CHARS = 2048
# Enough for a long assessment plus follow-up questions; keeps the response small.
MAX_HISTORY_ITEMS = 400
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def is_valid_sender_id(value: Any) -> TypeGuard[str]:
    """True for a canonical lower-case version 4 UUID (what crypto.randomUUID() returns)."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value


def clean_metadata(raw: Any) -> dict[str, Any] | None:
    """Keeps only the metadata the assistant uses; it is stored in the tracker, so nothing else
    from the browser is allowed in. Returns None when `raw` is not a JSON object."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        return None
    cleaned: dict[str, Any] = {}
    page_url = raw.get("page_url")
    if isinstance(page_url, str) and page_url.startswith(("http://", "https://")):
        # Origin and path only: query strings can carry personal data into the tracker.
        parts = urlsplit(page_url[:MAX_PAGE_URL_CHARS])
        cleaned["page_url"] = f"{parts.scheme}://{parts.netloc}{parts.path}"
    language = raw.get("language")
    if isinstance(language, str) and LANGUAGE_RE.match(language):
        cleaned["language"] = language.split("-")[0].lower()
    return cleaned


def _error(status: int, code: str, detail: str) -> HTTPResponse:
    # Codes are for the widget and logs; the widget shows its own translated text.
    return response.json({"error": code, "detail": detail}, status=status)


def _bot_items(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Turns one `bot` event into what the widget showed live.

    Mirrors Rasa's OutputChannel.send_response + CollectingOutputChannel: quick replies are
    buttons, plain text is split into bubbles on blank lines, custom/image are separate."""
    data = event.get("data") or {}
    text = event.get("text")
    buttons = data.get("quick_replies") or data.get("buttons")
    stamp = event.get("timestamp")
    items: list[dict[str, Any]] = []
    # Written by a member of staff from the console's Inbox (the widget labels it).
    staff = isinstance(event.get("metadata"), dict) and event["metadata"].get("staff") is True
    if buttons:
        items.append({"role": "bot", "text": text, "buttons": buttons, "timestamp": stamp})
    elif text:
        for part in text.strip().split("\n\n"):
            items.append({"role": "bot", "text": part, "timestamp": stamp})
    if data.get("custom"):
        items.append({"role": "bot", "custom": data["custom"], "timestamp": stamp})
    if data.get("image"):
        items.append({"role": "bot", "image": data["image"], "timestamp": stamp})
    if staff:
        for item in items:
            item["staff"] = True
    return items


def visible_transcript(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the visitor saw: user texts, bot texts and buttons, and which button was chosen.

    A `restart` event (the widget's "Start over") clears everything before it. A payload the
    visitor sent by clicking a button is shown as that button's title, as it was live."""
    items: list[dict[str, Any]] = []
    open_buttons: list[dict[str, Any]] = []  # bot items with buttons since the last user turn
    for event in events:
        kind = event.get("event")
        if kind == "restart":
            items, open_buttons = [], []
        elif kind == "bot":
            for item in _bot_items(event):
                items.append(item)
                if item.get("buttons"):
                    open_buttons.append(item)
        elif kind == "user":
            items.append(_user_item(event, open_buttons))
            open_buttons = []
    return items[-MAX_HISTORY_ITEMS:]


def _user_item(event: dict[str, Any], open_buttons: list[dict[str, Any]]) -> dict[str, Any]:
    text = event.get("text") or ""
    item: dict[str, Any] = {"role": "user", "text": text, "timestamp": event.get("timestamp")}
    if not text.startswith("/"):
        return item
    item["payload"] = text
    item["text"] = None  # a bare payload (e.g. a location) is labelled by the widget
    for bot_item in reversed(open_buttons):
        for button in bot_item["buttons"]:
            if button.get("payload") == text:
                bot_item["chosen"] = text
                item["text"] = button.get("title")
                return item
    return item


class WebChatInput(RestInput):
    """`channels.webchat.WebChatInput` in credentials.yml."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_webhook", __name__)

        @webchat.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/health", methods=["GET"])
        async def health_named(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        @webchat.route("/history", methods=["GET"])
        async def history(request: Request) -> HTTPResponse:
            return await self._history(request)

        return webchat

    async def _receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if len(request.body or b"") > MAX_BODY_BYTES:
            return _error(413, "too_large", f"request body over {MAX_BODY_BYTES} bytes")
        try:
            body = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return _error(400, "invalid_json", "body must be a JSON object")
        if not isinstance(body, dict):
            return _error(400, "invalid_json", "body must be a JSON object")

        sender = body.get("sender")
        if not is_valid_sender_id(sender):
            return _error(400, "invalid_sender", "sender must be a random UUID (version 4)")
        message = body.get("message")
        if not isinstance(message, str) or not message.strip():
            return _error(400, "missing_message", "message must be a non-empty string")
        if len(message) > MAX_MESSAGE_CHARS:
            return _error(413, "message_too_long", f"message over {MAX_MESSAGE_CHARS} characters")
        metadata = clean_metadata(body.get("metadata"))
        if metadata is None:
            return _error(400, "invalid_metadata", "metadata must be a JSON object")

        collector = CollectingOutputChannel()
        user_message = UserMessage(
            message.strip(),
            collector,
            web_id(sender),
            input_channel=self.name(),
            metadata=metadata,
        )
        try:
            await on_new_message(user_message)
        except asyncio.CancelledError:
            logger.error("webchat: message handling timed out for a sender")
            return _error(503, "timeout", "the assistant did not answer in time")
        except Exception:  # the widget must hear about failures instead of getting []
            logger.exception("webchat: message handling failed")
            return _error(500, "assistant_error", "the assistant failed to answer")
        return response.json(collector.messages)

    async def _history(self, request: Request) -> HTTPResponse:
        sender = request.args.get("sender")
        if not is_valid_sender_id(sender):
            return _error(400, "invalid_sender", "sender must be a random UUID (version 4)")
        agent = getattr(request.app.ctx, "agent", None)
        tracker_store = getattr(agent, "tracker_store", None)
        if tracker_store is None:
            return _error(503, "not_ready", "the assistant is starting")
        try:
            tracker = await tracker_store.retrieve_full_tracker(web_id(sender))
        except Exception:
            logger.exception("webchat: could not read the tracker store")
            return _error(503, "store_unavailable", "conversation history is unavailable")
        events = [event.as_dict() for event in tracker.events] if tracker else []
        # live: staff may write at any moment, so the widget keeps polling (channels/webchat_live.py).
        return response.json({"sender": sender, "messages": visible_transcript(events), "live": await is_live(tracker)})
