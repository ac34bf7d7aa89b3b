"""A local stand-in for Meta's Graph API: an aiohttp app on 127.0.0.1 (random port) in its own
thread, so both async unit tests and a separately started Rasa server can send to it.

It records every request and can be told to answer the next ones with an error (429, 500...).
Also a pytest plugin: `pytest_plugins = ["tests.channels.fake_graph"]` provides the session
fixture `whatsapp_fake_graph`, whose `.env` holds the WHATSAPP_* settings for a Rasa server."""

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

API_VERSION = "v21.0"
PHONE_NUMBER_ID = "109876543210987"
ACCESS_TOKEN = "test-access-token"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"

_ERROR_BODIES = {
    429: {"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429}},
    400: {"error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100}},
}
_SERVER_ERROR = {"error": {"message": "Service temporarily unavailable", "type": "OAuthException", "code": 2}}


class FakeGraph:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []  # every attempt, answered or refused
        self._planned: deque[int] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    @property
    def env(self) -> dict[str, str]:
        """Environment for a Rasa server whose WhatsApp channel should talk to this fake."""
        return {
            "WHATSAPP_GRAPH_URL": self.url,
            "WHATSAPP_API_VERSION": API_VERSION,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        }

    # --- control -------------------------------------------------------------------------------
    def answer_next(self, *statuses: int) -> None:
        """The next requests get these HTTP statuses, in order; later ones get 200 again."""
        with self._lock:
            self._planned.extend(statuses)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._planned.clear()

    # --- what was received ---------------------------------------------------------------------
    def delivered(self, to: str | None = None) -> list[dict[str, Any]]:
        """Message bodies answered with 200 (read receipts excluded), optionally for one user."""
        with self._lock:
            calls = list(self.calls)
        return [
            call["json"]
            for call in calls
            if call["status"] == 200 and call["json"].get("type") and (to is None or call["json"].get("to") == to)
        ]

    def texts(self, to: str | None = None) -> list[str]:
        return [m["text"]["body"] for m in self.delivered(to) if m["type"] == "text"]

    def read_receipts(self) -> list[str]:
        with self._lock:
            return [c["json"]["message_id"] for c in self.calls if c["json"].get("status") == "read"]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Blocking wait for sync tests (the e2e test against a real Rasa server)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return predicate()

    # --- server --------------------------------------------------------------------------------
    async def _messages(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            body = {"_raw": await request.text()}
        with self._lock:
            status = self._planned.popleft() if self._planned else 200
            self.calls.append(
                {
                    "path": request.path,
                    "authorization": request.headers.get("Authorization"),
                    "json": body,
                    "status": status,
                    "at": time.monotonic(),
                }
            )
            count = len(self.calls)
        if status == 200:
            if body.get("status") == "read":
                return web.json_response({"success": True})
            return web.json_response(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                    "messages": [{"id": f"wamid.fake{count}"}],
                }
            )
        error = _ERROR_BODIES.get(status, _SERVER_ERROR)
        return web.json_response(error, status=status)

    def start(self) -> "FakeGraph":
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/{version}/{phone_number_id}/messages", self._messages)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            port = site._server.sockets[0].getsockname()[1]
            self.url = f"http://127.0.0.1:{port}"
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fake-graph", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Graph API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop = self._thread = None


@pytest.fixture(scope="session")
def whatsapp_fake_graph():
    """Session-wide fake Graph API for the live stack (see module docstring)."""
    graph = FakeGraph().start()
    yield graph
    graph.stop()
