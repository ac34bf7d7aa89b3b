"""nlu-process: typed text is parsed by the NLU process (rasa_speedups/nlu_server.py) when NLU_URL is set.

A Rasa process handles each message on one core, and for typed text about a third of that time is the
NLU pipeline (spaCy, CountVectors, DIET; py-spy on the typed bench, 2026-12-01). `make run` therefore
runs the NLU pipeline in a process of its own: it parses one person's text on the other core while
this process predicts and runs the next actions of another conversation. The NLU process keeps no
state (same model file, no tracker), so it needs nothing from this one.

The parse arrives through the slot Rasa keeps for an NLU server (`MessageProcessor.http_interpreter`),
so Rasa itself does everything after it, exactly as after a local parse. Rasa's own interpreter
(endpoints.yml `nlu:`) is not used because on any failure it returns an empty intent. Here:
- button payloads ("/intent{...}") are unpacked in this process, as before (payloads-skip-nlu);
- if the NLU process does not answer within NLU_TIMEOUT_SECONDS, or answers with an error, this
  process parses the text itself (the model's NLU is loaded here too). A person gets the same answer,
  only later; the log says so, without the text.
Without NLU_URL (the production layout: one NLU per Rasa process) nothing changes.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from typing import Any

from rasa_speedups.guard import Target

NAME = "nlu-process"
TARGETS = (Target("rasa.core.processor", "MessageProcessor", "__init__"),)
DEFAULT_TIMEOUT_SECONDS = 3.0

logger = logging.getLogger("rasa_speedups")


class RemoteNLU:
    """Stands in for Rasa's RasaNLUHttpInterpreter: `await parse(message)` returns Rasa's parse data."""

    def __init__(self, processor: Any, url: str, token: str, timeout: float) -> None:
        self.processor = processor
        self.url = url.rstrip("/") + "/parse"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.timeout = timeout
        self._sessions: dict[asyncio.AbstractEventLoop, Any] = {}

    async def parse(self, message: Any) -> dict[str, Any]:
        text = message.text or ""
        if not text.strip().startswith("/"):
            remote = await self._remote(text)
            if remote is not None:
                return remote
        return self._local(message)

    def _local(self, message: Any) -> dict[str, Any]:
        return parse_here(self.processor, message)

    async def _remote(self, text: str) -> dict[str, Any] | None:
        import aiohttp

        try:
            session = self._session()
            async with session.post(self.url, json={"text": text}, headers=self.headers) as response:
                if response.status == 200:
                    data = await response.json()
                    if isinstance(data, dict) and isinstance(data.get("intent"), dict):
                        return data
                logger.warning("nlu-process: the NLU process answered %s; parsing here instead", response.status)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            logger.warning("nlu-process: the NLU process failed (%s); parsing here instead", type(exc).__name__)
        return None

    def _session(self) -> Any:
        import aiohttp

        loop = asyncio.get_running_loop()
        session = self._sessions.get(loop)
        if session is None or session.closed:
            session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                # idle connections closed before the NLU server's own keep-alive (aiohttp: 75 s) would
                connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=30),
            )
            self._sessions[loop] = session
        return session


def parse_here(processor: Any, message: Any) -> dict[str, Any]:
    """The parse the processor computes itself: what the NLU process answers, and the fall-back here."""
    from rasa.shared.core.trackers import DialogueStateTracker

    # The NLU graph reads only the message; Rasa passes an empty tracker when it has none, too.
    tracker = DialogueStateTracker.from_events(message.sender_id or "nlu", [])
    parsed: dict[str, Any] = processor._parse_message_with_graph(message, tracker)
    return parsed


def remote_for(processor: Any, environ: Mapping[str, str]) -> RemoteNLU | None:
    url = (environ.get("NLU_URL") or "").strip()
    if not url:
        return None
    token = environ.get("NLU_TOKEN") or ""
    if not token:
        raise RuntimeError("NLU_URL is set but NLU_TOKEN is empty: the NLU process refuses unsigned requests")
    timeout = float(environ.get("NLU_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)
    return RemoteNLU(processor, url, token, timeout)


def patch() -> None:
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.http_interpreter is None:
            self.http_interpreter = remote_for(self, os.environ)

    MessageProcessor.__init__ = __init__
