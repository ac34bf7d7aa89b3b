"""Specific to Meta's WhatsApp Cloud API: a minimal Graph API client that sends a message or marks one read.

The counterpart of twilio_sender.py, with the same shared retry policy (shared_backoff.py). Also
used by the staff console for its template messages. One aiohttp session per client, created on
first use inside the running event loop (never at import) and closed when the Rasa server stops."""

import asyncio
import json
import logging
from typing import Any

import aiohttp

from channels.whatsapp.shared_backoff import Attempt, BackoffPolicy, parse_retry_after, with_backoff

logger = logging.getLogger(__name__)

# Graph error codes that mean "too many requests" even when the HTTP status is 400:
# 4 (app call limit), 80007 (WABA rate limit), 130429 (throughput), 131056 (pair rate limit).
RATE_LIMIT_ERROR_CODES = {4, 80007, 130429, 131056}


class GraphClient:
    def __init__(
        self,
        graph_url: str,
        api_version: str,
        phone_number_id: str,
        access_token: str,
        policy: BackoffPolicy | None = None,
        timeout: float = 15.0,
    ) -> None:
        self.messages_url = f"{graph_url.rstrip('/')}/{api_version.strip('/')}/{phone_number_id}/messages"
        self._access_token = access_token
        self.policy = policy or BackoffPolicy()
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def send(self, to: str, message: dict[str, Any]) -> bool:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **message}
        return await self._post(body, f"WhatsApp {message.get('type', 'message')} to {to}")

    async def mark_read(self, message_id: str) -> bool:
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        return await self._post(body, f"WhatsApp read receipt for {message_id}")

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def _post(self, body: dict[str, Any], what: str) -> bool:
        headers = {"Authorization": f"Bearer {self._access_token}"}

        async def attempt() -> Attempt:
            try:
                async with self._get_session().post(self.messages_url, json=body, headers=headers) as resp:
                    if resp.status < 300:
                        return Attempt(ok=True)
                    text = await resp.text()
                    return Attempt(
                        ok=False,
                        retryable=resp.status == 429 or resp.status >= 500 or _is_rate_limit(text),
                        detail=f"HTTP {resp.status} {text[:500]}",
                        retry_after=parse_retry_after(resp.headers.get("Retry-After")),
                    )
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                return Attempt(ok=False, retryable=True, detail=f"{type(exc).__name__}: {exc}")

        return await with_backoff(attempt, what, self.policy)


def _is_rate_limit(response_text: str) -> bool:
    try:
        code = json.loads(response_text).get("error", {}).get("code")
    except (ValueError, AttributeError):
        return False
    return code in RATE_LIMIT_ERROR_CODES
