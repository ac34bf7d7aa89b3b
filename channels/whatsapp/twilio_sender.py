"""Specific to Twilio: sending WhatsApp messages through Twilio's REST API, with the shared retry policy.

The counterpart of cloud_sender.py (Meta's Graph API). One Twilio client per connector, with its
aiohttp session created on first use inside the running event loop (never at import) and closed
when the Rasa server stops."""

import asyncio
from typing import Any

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from channels.whatsapp.shared_backoff import Attempt, BackoffPolicy, with_backoff
from channels.whatsapp.twilio_inbound import WHATSAPP_PREFIX
from rasa_hardening.log_masking import mask_number


def whatsapp_address(number: str) -> str:
    number = number.strip()
    if number.startswith(WHATSAPP_PREFIX):
        return number
    return f"{WHATSAPP_PREFIX}+{number.lstrip('+')}"


class TwilioSender:
    """Twilio REST client with our retry policy; its aiohttp session is created on first use."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str, policy: BackoffPolicy | None = None):
        self._account_sid = account_sid
        self._auth_token = auth_token
        self.from_address = whatsapp_address(from_number)
        self.policy = policy or BackoffPolicy()
        self._client: Client | None = None

    def _get_client(self) -> Client:
        if self._client is None:
            http = AsyncTwilioHttpClient(timeout=15)
            self._client = Client(self._account_sid, self._auth_token, http_client=http)
        return self._client

    async def send(self, wa_id: str, message: dict[str, Any]) -> bool:
        to = whatsapp_address(wa_id)

        async def attempt() -> Attempt:
            try:
                await self._get_client().messages.create_async(to=to, from_=self.from_address, **message)
                return Attempt(ok=True)
            except TwilioRestException as exc:
                retryable = exc.status == 429 or exc.status >= 500
                return Attempt(ok=False, retryable=retryable, detail=f"HTTP {exc.status} code {exc.code}: {exc.msg}")
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                return Attempt(ok=False, retryable=True, detail=f"{type(exc).__name__}: {exc}")

        return await with_backoff(attempt, f"Twilio WhatsApp message to {mask_number(to)}", self.policy)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.http_client.close()
            self._client = None
