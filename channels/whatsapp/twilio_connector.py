"""Specific to Twilio: the thin Rasa connector for WhatsApp through Twilio, name "twilio_whatsapp".

Webhook: GET  /webhooks/twilio_whatsapp/         health.
         POST /webhooks/twilio_whatsapp/webhook  form-encoded, signed with X-Twilio-Signature.
The signature covers the public URL Twilio called; behind a proxy or tunnel set `public_base_url`
(e.g. https://bot.example.com) so the URL is rebuilt as Twilio saw it.
Twilio has no interactive messages here, so options go out as a short numbered list and a reply
"2" is mapped back to the option's payload (mapping kept in the shared database).
Only what differs from the Cloud API is here: the settings, the webhook route with its signature
check, and the numbered-list renderer. The rest is the shared base (shared_connector.py, shared_output.py).
"""

import logging
from typing import ClassVar

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels.rate_limit import too_many
from channels.whatsapp.shared_backoff import BackoffPolicy
from channels.whatsapp.shared_connector import WhatsAppInputBase
from channels.whatsapp.shared_dispatch import OnNewMessage
from channels.whatsapp.shared_output import WhatsAppOutputBase
from channels.whatsapp.shared_render import Option, Rendered
from channels.whatsapp.shared_state import WhatsAppState
from channels.whatsapp.twilio_inbound import parse_twilio_form, signature_valid
from channels.whatsapp.twilio_render import render_twilio, render_twilio_image
from channels.whatsapp.twilio_sender import TwilioSender
from skincheck.texts import Texts

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio_whatsapp"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioWhatsAppOutput(WhatsAppOutputBase):
    channel_name = CHANNEL_NAME

    def render_options(self, text: str, options: list[Option]) -> Rendered:
        return render_twilio(text, options, self.texts, self.language)

    def render_image(self, url: str) -> Rendered:
        return render_twilio_image(url)


class TwilioWhatsAppInput(WhatsAppInputBase):
    channel_name = CHANNEL_NAME
    blueprint_name = "twilio_whatsapp_webhook"
    output_class = TwilioWhatsAppOutput
    settings: ClassVar[dict[str, str]] = {
        "account_sid": "TWILIO_ACCOUNT_SID",
        "auth_token": "TWILIO_AUTH_TOKEN",
        "whatsapp_number": "TWILIO_WHATSAPP_NUMBER",
        "public_base_url": "TWILIO_PUBLIC_BASE_URL",
    }
    required = ("account_sid", "auth_token", "whatsapp_number")
    extra_metadata: ClassVar[dict[str, str]] = {"provider": "twilio"}

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
        super().__init__(TwilioSender(account_sid, auth_token, whatsapp_number, policy), texts, state)

    def public_url(self, request: Request) -> str:
        """The URL Twilio signed: our configured public base URL + path + query, else as received."""
        if not self.public_base_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_base_url}{request.path}{query}"

    def add_webhook_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = request.form
            if not signature_valid(
                self.validator, self.public_url(request), form, request.headers.get("X-Twilio-Signature")
            ):
                logger.warning(
                    "Twilio webhook with a missing or wrong signature rejected (%s)", self.public_url(request)
                )
                return response.text("invalid signature", status=403)

            inbound = parse_twilio_form(form)
            if inbound is None:
                return response.text(EMPTY_TWIML, content_type="text/xml")
            admission = await self.admit([inbound])
            if admission.limited:
                return too_many(admission.retry_after)
            if admission.store_failed:
                return response.text("temporarily unavailable", status=503)
            self.accept(admission.fresh, on_new_message)
            # Replies go out through the REST API, not as TwiML, so they can be retried and split.
            return response.text(EMPTY_TWIML, content_type="text/xml")
