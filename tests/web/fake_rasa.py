"""A scripted stand-in for Rasa's webchat channel on 127.0.0.1, for browser tests.

Speaks the same HTTP contract as channels/webchat.py (including CORS for one origin) and builds
history with the channel's own `visible_transcript`, so the widget is tested against the real
transcript format. Runs aiohttp in a background thread; tests flip `mode` or stop/start the
listener to simulate an erroring, slow or down server.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import defaultdict
from typing import Any

from aiohttp import web

from channels.webchat import is_valid_sender_id, visible_transcript

YES_NO = [
    {"title": "Yes", "payload": '/inform{"choice":"yes"}'},
    {"title": "No", "payload": '/inform{"choice":"no"}'},
]
XSS_BOT_TEXT = (
    "Careful: <img src=x onerror=\"window.__xss='bot'\"><script>window.__xss='bot2'</script>\n"
    "**Bold advice** and [our page](https://nextmed.example/gut-skin) or [bad](javascript:window.__xss='link')"
)


def scripted_replies(text: str) -> list[dict[str, Any]]:
    if text == "/greet":
        return [
            {
                "text": "Hi, I'm the test assistant. May I ask a few questions?",
                "buttons": [
                    {"title": "I agree", "payload": "/consent_agree"},
                    {"title": "No thanks", "payload": "/consent_decline"},
                ],
            }
        ]
    if text == "/consent_agree":
        return [
            {
                "text": "Thank you.\n\nWhat would you like to do?",
                "buttons": [
                    {"title": "Start skin check", "payload": "/start_assessment"},
                    {"title": "Nearest branch", "payload": "/find_branch"},
                ],
            }
        ]
    if text == "/start_assessment":
        return [{"text": "Is your face, lip or tongue swelling, or is breathing hard?", "buttons": YES_NO}]
    if text.startswith("/inform"):
        return [{"text": "Noted. Do you have a fever?", "buttons": YES_NO}]
    if text == "/find_branch":
        return [
            {
                "text": "Share your location or type your area.",
                "buttons": [{"title": "Share my location", "payload": "/share_location"}],
            }
        ]
    if text.startswith("/share_location{"):
        return [{"text": "Thanks, I got your location."}]
    if text == "/restart":
        return []
    if text == "format please":
        return [{"text": XSS_BOT_TEXT}]
    return [{"text": f"You said: {text}"}]


class FakeRasa:
    def __init__(self, allowed_origin: str) -> None:
        self.allowed_origin = allowed_origin
        self.mode = "ok"  # ok | error | slow
        self.slow_seconds = 30.0
        self.received: list[dict[str, Any]] = []
        self.events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.extra_pages: dict[str, str] = {}
        self.script = scripted_replies  # message text -> replies; a test may swap in its own script
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    # ---- lifecycle (called from the test thread)

    def start(self) -> FakeRasa:
        if not self._thread.is_alive():
            self._thread.start()
        self._call(self._start())
        return self

    def stop(self) -> None:
        """Stops listening: the browser gets 'connection refused', like a dead server."""
        self._call(self._stop())

    def close(self) -> None:
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def messages_from(self, sender: str | None = None) -> list[str]:
        return [r["message"] for r in self.received if sender is None or r["sender"] == sender]

    def _call(self, coro) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _start(self) -> None:
        app = web.Application(middlewares=[self._cors])
        app.router.add_post("/webhooks/webchat/webhook", self._webhook)
        app.router.add_get("/webhooks/webchat/history", self._history)
        app.router.add_route("OPTIONS", "/{tail:.*}", self._preflight)
        app.router.add_get("/pages/{name}", self._page)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()

    async def _stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    # ---- HTTP

    @web.middleware
    async def _cors(self, request: web.Request, handler):
        response = await handler(request)
        if request.headers.get("Origin") == self.allowed_origin:
            response.headers["Access-Control-Allow-Origin"] = self.allowed_origin
        return response

    async def _preflight(self, request: web.Request) -> web.Response:
        return web.Response(
            status=204,
            headers={
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers", ""),
            },
        )

    async def _page(self, request: web.Request) -> web.Response:
        page = self.extra_pages.get(request.match_info["name"])
        if page is None:
            raise web.HTTPNotFound()
        return web.Response(text=page, content_type="text/html")

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        sender, text = body["sender"], body["message"]
        if not is_valid_sender_id(sender):
            return web.json_response({"error": "invalid_sender"}, status=400)
        if self.mode == "error":
            return web.json_response({"error": "assistant_error"}, status=500)
        if self.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        events = self.events[sender]
        events.append({"event": "user", "text": text, "timestamp": time.time()})
        if text == "/restart":
            events.append({"event": "restart", "timestamp": time.time()})
        replies = self.script(text)
        for reply in replies:
            data = {"buttons": reply["buttons"]} if reply.get("buttons") else {}
            events.append({"event": "bot", "text": reply.get("text"), "data": data, "timestamp": time.time()})
        # Like Rasa's CollectingOutputChannel: plain text splits into bubbles on blank lines.
        out: list[dict[str, Any]] = []
        for reply in replies:
            if reply.get("buttons"):
                out.append({"recipient_id": sender, **reply})
            else:
                out.extend({"recipient_id": sender, "text": part} for part in reply["text"].split("\n\n"))
        return web.json_response(out)

    async def _history(self, request: web.Request) -> web.Response:
        sender = request.query.get("sender")
        if not is_valid_sender_id(sender):
            return web.json_response({"error": "invalid_sender"}, status=400)
        return web.json_response({"sender": sender, "messages": visible_transcript(self.events[sender])})
