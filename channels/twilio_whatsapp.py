"""Rasa input/output channel for WhatsApp through Twilio, name "twilio_whatsapp".

Webhook: POST /webhooks/twilio_whatsapp/webhook (form-encoded, signed with X-Twilio-Signature).
The signature covers the public URL Twilio called; behind a proxy or tunnel set `public_base_url`
(e.g. https://bot.example.com) so the URL is rebuilt as Twilio saw it.
Twilio has no interactive messages here, so options go out as a short numbered list and a reply
"2" is mapped back to the option's payload (mapping kept in the shared database).
"""

import asyncio
import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels.backoff import Attempt, BackoffPolicy, with_backoff
from channels.conversation_language import language_lookup
from channels.credentials import read_settings, require
from channels.rate_limit import limiter, too_many
from channels.whatsapp_dispatch import Dispatcher, OnNewMessage
from channels.whatsapp_inbound import PAYLOAD, TEXT, UNSUPPORTED, WA_ID_RE, Inbound, location_payload
from channels.whatsapp_output import WhatsAppOutputBase
from channels.whatsapp_render import Rendered, options_from_buttons, render_twilio, render_twilio_image
from channels.whatsapp_state import WhatsAppState
from channels.whatsapp_texts import load_channel_texts
from rasa_hardening.log_masking import mask_number
from skincheck.texts import Texts

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio_whatsapp"
WHATSAPP_PREFIX = "whatsapp:"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

SETTINGS = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "whatsapp_number": "TWILIO_WHATSAPP_NUMBER",
    "public_base_url": "TWILIO_PUBLIC_BASE_URL",
}
REQUIRED = ("account_sid", "auth_token", "whatsapp_number")


def wa_id_from_address(address: str) -> str:
    """ "whatsapp:+60123456789" -> "60123456789" (the same id the Cloud API uses)."""
    address = address[len(WHATSAPP_PREFIX) :] if address.startswith(WHATSAPP_PREFIX) else address
    return address.strip().lstrip("+")


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


class TwilioWhatsAppOutput(WhatsAppOutputBase):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    def __init__(self, sender: TwilioSender, state: WhatsAppState, texts: Texts, language: str | None = None):
        super().__init__(state, texts, language)
        self.sender = sender

    def render(self, text: str, buttons: list[dict[str, Any]] | None) -> Rendered:
        return render_twilio(text or "", options_from_buttons(buttons), self.texts, self.language)

    def render_image(self, url: str) -> Rendered:
        return render_twilio_image(url)

    async def send_one(self, recipient_id: str, message: dict[str, Any]) -> bool:
        return await self.sender.send(recipient_id, message)


class TwilioWhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        values = read_settings(credentials, SETTINGS, {})
        require(CHANNEL_NAME, values, REQUIRED, SETTINGS)
        return cls(
            account_sid=values["account_sid"],
            auth_token=values["auth_token"],
            whatsapp_number=values["whatsapp_number"],
            public_base_url=values["public_base_url"],
            texts=load_channel_texts(),
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        whatsapp_number: str,
        texts: Texts,
        public_base_url: str = "",
        policy: BackoffPolicy | None = None,
        state: WhatsAppState | None = None,
    ) -> None:
        self.validator = RequestValidator(auth_token)
        self.public_base_url = public_base_url.rstrip("/")
        self.texts = texts
        self.sender = TwilioSender(account_sid, auth_token, whatsapp_number, policy)
        self.state = state or WhatsAppState(CHANNEL_NAME)
        self.dispatcher = Dispatcher(CHANNEL_NAME, self.state, texts, self._output_for, self._metadata_for)

    def get_output_channel(self) -> OutputChannel:
        return TwilioWhatsAppOutput(self.sender, self.state, self.texts)

    def _output_for(self, inbound: Inbound) -> OutputChannel:
        return self.get_output_channel()

    @staticmethod
    def _metadata_for(inbound: Inbound) -> dict[str, Any]:
        # Same shape as the Cloud channel, so actions need not care which provider carried it.
        return {
            "channel": "whatsapp",
            "provider": "twilio",
            "wa_id": inbound.wa_id,
            "phone": f"+{inbound.wa_id}",
            "profile_name": inbound.profile_name,
        }

    async def close(self) -> None:
        await self.dispatcher.drain()
        await self.sender.close()

    def public_url(self, request: Request) -> str:
        """The URL Twilio signed: our configured public base URL + path + query, else as received."""
        if not self.public_base_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_base_url}{request.path}{query}"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("twilio_whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Twilio-Signature")
            form = request.form
            if not signature or not self.validator.validate(self.public_url(request), form, signature):
                logger.warning(
                    "Twilio webhook with a missing or wrong signature rejected (%s)", self.public_url(request)
                )
                return response.text("invalid signature", status=403)

            inbound = parse_twilio_form(form)
            if inbound is None:
                return response.text(EMPTY_TWIML, content_type="text/xml")
            retry = await limiter().sender_over("whatsapp", inbound.wa_id)  # one count per number
            if retry:
                logger.warning("Twilio: a sender is over the rate limit")
                return too_many(retry)
            try:
                fresh = await self.state.claim(inbound.message_id, inbound.wa_id)
            except Exception:
                logger.exception("WhatsApp de-duplication store unavailable")
                return response.text("temporarily unavailable", status=503)
            if fresh:
                self.dispatcher.submit([inbound], on_new_message)
            else:
                logger.info("Twilio message %s delivered again; already handled", inbound.message_id)
            # Replies go out through the REST API, not as TwiML, so they can be retried and split.
            return response.text(EMPTY_TWIML, content_type="text/xml")

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        @webhook.listener("before_server_start")
        async def find_tracker_store(app: Any, _: Any) -> None:
            self.dispatcher.language_of = language_lookup(app)

        return webhook


def parse_twilio_form(form: Any) -> Inbound | None:
    """One inbound Twilio WhatsApp message, or None (logged) for a request without sender or id."""
    message_id = form.get("MessageSid") or form.get("SmsMessageSid")
    sender = form.get("From") or ""
    wa_id = form.get("WaId") or wa_id_from_address(sender)
    if not message_id or not WA_ID_RE.fullmatch(wa_id):
        logger.info("Twilio webhook without MessageSid or a WhatsApp sender; ignored")
        return None
    name = form.get("ProfileName")

    def make(kind: str, text: str = "") -> Inbound:
        return Inbound(message_id, wa_id, kind, text, name)

    location = location_payload(form.get("Latitude"), form.get("Longitude"))
    if location:
        return make(PAYLOAD, location)
    if form.get("ButtonPayload"):  # quick-reply button on a template
        return make(PAYLOAD, form.get("ButtonPayload"))
    body = (form.get("Body") or "").strip()
    try:
        has_media = int(form.get("NumMedia") or 0) > 0
    except ValueError:
        has_media = False
    if body and not has_media:
        return make(TEXT, body)
    return make(UNSUPPORTED)
