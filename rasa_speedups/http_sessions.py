"""reuse-http-sessions: keep one aiohttp session per endpoint and event loop, with ujson bodies.

Every call to the action server opened a new aiohttp session, so a new TCP connection, twice per form
turn. Sessions are now kept per endpoint and event loop, with idle connections dropped after 2 s:
before the action server (Sanic, 5 s keep-alive) would close them, so a request never lands on a
connection the server is closing. Their JSON bodies (the tracker and the domain) are written with
ujson (already installed with Rasa), about four times faster than json.dumps. The endpoint's headers,
basic auth and Rasa's request timeout are kept, as in Rasa's own `EndpointConfig.session`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rasa_speedups.guard import Target

NAME = "reuse-http-sessions"
TARGETS = (Target("rasa.utils.endpoints", "EndpointConfig", "session"),)
KEEPALIVE_SECONDS = 2.0


class Borrowed:
    """`async with endpoint.session() as s` as before, without closing the shared session."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: object) -> bool:
        return False


def patch() -> None:
    import aiohttp
    import ujson
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    sessions: dict[tuple[int, str, str], aiohttp.ClientSession] = {}

    def session(self: Any) -> Borrowed:
        loop = asyncio.get_running_loop()
        key = (id(loop), self.url, json.dumps([self.headers, self.basic_auth], sort_keys=True, default=str))
        shared = sessions.get(key)
        if shared is None or shared.closed or shared._loop is not loop:
            # Forget sessions of event loops that have ended (tests, restarts): one per live loop.
            for stale in [k for k, s in sessions.items() if s.closed or s._loop.is_closed()]:
                del sessions[stale]
            auth = (
                aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
            )
            shared = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
                json_serialize=ujson.dumps,
            )
            sessions[key] = shared
        return Borrowed(shared)

    EndpointConfig.session = session
