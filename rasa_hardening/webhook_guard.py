"""One guard in front of every channel webhook of the Rasa server (/webhooks/...):

- the request size limit: RASA_REQUEST_MAX_BYTES (default 64 KB; Sanic answers 413 beyond it,
  instead of Sanic's 100 MB default);
- input hygiene: a body with a NUL character, invalid UTF-8, a lone surrogate (\\ud800 written as a
  JSON escape) or absurdly deep JSON nesting gets 400 {"error": "invalid_characters" | "invalid_body"}
  before any channel, tracker store or database sees it (PostgreSQL cannot store NUL; a lone
  surrogate cannot be encoded; deep nesting exhausts the parser's recursion);
- rate limits (channels/rate_limit.py): per client IP on every POST and on the history endpoint,
  and per sender for the widget and REST channels, whose sender is in the JSON body. The WhatsApp
  channels count per number themselves, after checking the provider's signature, so a forged
  request cannot use up a real person's allowance.
"""

import json
import logging
import os
from typing import Any
from urllib.parse import parse_qsl

from sanic import Sanic, response

from channels.rate_limit import limiter, request_ip, too_many

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
# Text limit of the REST channel (the widget's channel checks its own: channels/webchat.py).
MAX_MESSAGE_CHARS = 2000
PROVIDER_CHANNELS = ("whatsapp", "twilio_whatsapp")
SENDER_IN_BODY = ("webchat", "rest")


def max_bytes() -> int:
    try:
        return max(1024, int(os.environ.get("RASA_REQUEST_MAX_BYTES") or DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def bad_text(value: str) -> bool:
    """NUL or a lone surrogate (which no UTF-8 text can hold)."""
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def _json_problem(parsed: Any) -> str | None:
    stack = [(parsed, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return "invalid_body"
        if isinstance(item, str):
            if bad_text(item):
                return "invalid_characters"
        elif isinstance(item, dict):
            for key, value in item.items():
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)
    return None


def body_problem(raw: bytes, content_type: str) -> str | None:
    """None for a clean body, else the error code for the 400."""
    if not raw:
        return None
    if b"\x00" in raw:
        return "invalid_characters"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "invalid_characters"
    # Whatever the Content-Type claims (a client chooses it): JSON is checked as JSON, a form as a form.
    try:
        return _json_problem(json.loads(text))
    except RecursionError:
        return "invalid_body"
    except ValueError:
        pass  # not JSON
    if "x-www-form-urlencoded" in (content_type or "").lower():
        try:
            pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except (UnicodeDecodeError, ValueError):
            return "invalid_characters"
        return "invalid_characters" if any(bad_text(k) or bad_text(v) for k, v in pairs) else None
    return None  # neither: the channel answers its own 400


def _bad_request(code: str):
    detail = {
        "invalid_characters": "the body holds NUL characters, invalid UTF-8 or lone surrogates",
        "invalid_body": "the body is nested too deeply",
    }[code]
    return response.json({"error": code, "detail": detail}, status=400)


def _rest_body_ok(raw: bytes) -> bool:
    """Rasa's REST channel crashes (500) on a body that is not {"sender": str, "message": str,
    "metadata": object?}; the widget's channel checks its own."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(body, dict)
        and isinstance(body.get("sender"), str)
        and bool(body["sender"])
        and isinstance(body.get("message"), str)
        and (body.get("metadata") is None or isinstance(body.get("metadata"), dict))
    )


def _sender_and_message(raw: bytes):
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    return body.get("sender"), body.get("message")


def install(app: Sanic) -> None:
    app.config.REQUEST_MAX_SIZE = max_bytes()

    @app.on_request
    async def guard_webhooks(request):
        path = request.path
        if not path.startswith("/webhooks/"):
            return None
        channel = path.split("/")[2] if path.count("/") >= 2 else ""
        is_history = request.method == "GET" and path.endswith("/history")
        if request.method != "POST" and not is_history:
            return None  # health checks and Meta's verification handshake
        limits = limiter().limits
        ip_limit = limits.per_provider_ip if channel in PROVIDER_CHANNELS else limits.per_ip
        checks = [(f"ip:{request_ip(request, limits)}", ip_limit)]
        raw = request.body or b""
        sender = _sender_and_message(raw)[0] if channel in SENDER_IN_BODY and not is_history else None
        if isinstance(sender, str) and sender:
            # the address and the sender in one round trip to the counters (one SQLite write lock)
            checks.append(limiter().sender_key(channel, sender))
        retry = await limiter().over_any(checks)
        if retry:
            logger.warning("Rate limit: too many requests from one address or sender on %s", channel)
            return too_many(retry)
        if is_history:
            return None
        problem = body_problem(raw, request.content_type)
        if problem:
            logger.info("Rejected a %s request: %s", channel, problem)
            return _bad_request(problem)
        if channel == "rest" and not _rest_body_ok(raw):
            return response.json(
                {
                    "error": "invalid_body",
                    "detail": 'body must be {"sender": text, "message": text, "metadata": object}',
                },
                status=400,
            )
        if channel == "rest":
            message = _sender_and_message(raw)[1]
            if isinstance(message, str) and len(message) > MAX_MESSAGE_CHARS:
                return response.json(
                    {"error": "message_too_long", "detail": f"message over {MAX_MESSAGE_CHARS} characters"}, status=413
                )
        return None


def guard_webhooks() -> None:
    """Installs the guard on the app `rasa run` builds (rasa.core.run.configure_app)."""
    import rasa.core.run as rasa_run

    original = rasa_run.configure_app

    def configure_app(*args, **kwargs):
        app = original(*args, **kwargs)
        install(app)
        return app

    rasa_run.configure_app = configure_app
