"""Helpers for the WhatsApp channel tests: Meta-shaped webhook payloads, signing, a fake Rasa
agent that answers through the real output channel, and a real Sanic server wired like Rasa's."""

import asyncio
import hashlib
import hmac
import json
import socket
import time
from collections.abc import Awaitable, Callable
from itertools import count
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage, register
from sanic import Sanic

from tests.channels.fake_graph import APP_SECRET, PHONE_NUMBER_ID

_app_ids = count()
_message_ids = count(1)


# --- Meta webhook payloads (shapes from Meta's "Webhooks: messages" reference) ----------------
def new_message_id() -> str:
    return f"wamid.HBgLNjAxMjM0NTY3ODkVAgASGBQz{next(_message_ids):08d}"


def envelope(value: dict[str, Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "60312345678", "phone_number_id": PHONE_NUMBER_ID},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def inbound(wa_id: str, message: dict[str, Any], name: str = "Aisyah", message_id: str | None = None) -> dict[str, Any]:
    message = {"from": wa_id, "id": message_id or new_message_id(), "timestamp": str(int(time.time())), **message}
    return envelope({"contacts": [{"profile": {"name": name}, "wa_id": wa_id}], "messages": [message]})


def text_message(wa_id: str, body: str, **kwargs: Any) -> dict[str, Any]:
    return inbound(wa_id, {"type": "text", "text": {"body": body}}, **kwargs)


def button_reply(wa_id: str, payload: str, title: str) -> dict[str, Any]:
    return inbound(
        wa_id,
        {
            "type": "interactive",
            "context": {"from": "60312345678", "id": "wamid.previous"},
            "interactive": {"type": "button_reply", "button_reply": {"id": payload, "title": title}},
        },
    )


def list_reply(wa_id: str, payload: str, title: str) -> dict[str, Any]:
    return inbound(
        wa_id,
        {
            "type": "interactive",
            "interactive": {"type": "list_reply", "list_reply": {"id": payload, "title": title, "description": ""}},
        },
    )


def location_message(wa_id: str, latitude: float, longitude: float) -> dict[str, Any]:
    return inbound(
        wa_id,
        {
            "type": "location",
            "location": {"latitude": latitude, "longitude": longitude, "name": "Home", "address": "x"},
        },
    )


def media_message(wa_id: str, kind: str) -> dict[str, Any]:
    media = {"id": "1234567890", "mime_type": "image/jpeg", "sha256": "abc="}
    return inbound(wa_id, {"type": kind, kind: media})


def status_callback(wa_id: str) -> dict[str, Any]:
    return envelope(
        {
            "statuses": [
                {
                    "id": new_message_id(),
                    "status": "delivered",
                    "timestamp": str(int(time.time())),
                    "recipient_id": wa_id,
                    "conversation": {"id": "c1", "origin": {"type": "service"}},
                    "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"},
                }
            ]
        }
    )


def sign(raw: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


# --- a fake Rasa agent -------------------------------------------------------------------------
Reply = Callable[[UserMessage], Awaitable[None]]


class FakeAgent:
    """Records UserMessages and answers through the channel's own output channel, like Rasa would.
    `replies` maps a user text to a coroutine; anything else is echoed back."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []
        self.replies: dict[str, Reply] = {}
        self.hold: dict[str, asyncio.Event] = {}  # sender id -> released when set

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        if message.sender_id in self.hold:
            await self.hold[message.sender_id].wait()
        reply = self.replies.get(message.text)
        if reply is not None:
            await reply(message)
        else:
            await message.output_channel.send_text_message(message.sender_id, f"You said: {message.text}")

    def texts(self) -> list[str]:
        return [m.text for m in self.received]


def _free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


class SanicServer:
    """A real Sanic app serving one input channel under /webhooks/<name>/, as `rasa run` wires it."""

    def __init__(self, channel: InputChannel, agent: FakeAgent | None = None) -> None:
        self.channel = channel
        self.agent = agent or FakeAgent()
        self.app = Sanic(f"whatsapp_test_{next(_app_ids)}", configure_logging=False)
        register([channel], self.app, route="/webhooks/")
        self.app.ctx.agent = self.agent
        self.url = ""
        self.session: aiohttp.ClientSession | None = None
        self._server = None

    @property
    def webhook(self) -> str:
        return f"/webhooks/{self.channel.name()}/webhook"

    async def __aenter__(self) -> "SanicServer":
        sock = _free_socket()
        port = sock.getsockname()[1]
        self._server = await self.app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
        await self._server.startup()
        await self._server.before_start()
        await self._server.start_serving()
        await self._server.after_start()
        self.url = f"http://127.0.0.1:{port}"
        self.session = aiohttp.ClientSession(self.url)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.session.close()
        await self._server.before_stop()
        self._server.close()
        await self._server.wait_closed()
        await self._server.after_stop()  # the channel drains its tasks and closes its clients

    async def post_meta(
        self, payload: Any, signature: str | None = "sign", raw: bytes | None = None
    ) -> tuple[int, str]:
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Hub-Signature-256"] = sign(body)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        async with self.session.post(self.webhook, data=body, headers=headers) as resp:
            return resp.status, await resp.text()

    async def settle(self) -> None:
        """Waits until every message the channel accepted has been handled and answered."""
        await self.channel.dispatcher.drain(timeout=10)


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()
