"""Specific to Meta's WhatsApp Cloud API: the thin Rasa connector, name "whatsapp".

Webhook: GET  /webhooks/whatsapp/         health.
         GET  /webhooks/whatsapp/webhook  Meta's verification handshake (hub.verify_token).
         POST /webhooks/whatsapp/webhook  signed events (X-Hub-Signature-256); answered at once,
                                          the messages are handled in the background.
Replies go out through the Graph API: POST {graph_url}/{api_version}/{phone_number_id}/messages.
Only what differs from Twilio is here: the settings, the two routes, read receipts, and the
renderer with buttons and lists. The rest is the shared base (shared_connector.py, shared_output.py).
"""

import json
import logging
from typing import ClassVar

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rate_limit import limiter, too_many
from channels.whatsapp.cloud_inbound import parse_cloud_payload, signature_valid, verify_token_valid
from channels.whatsapp.cloud_render import render_cloud, render_cloud_image
from channels.whatsapp.cloud_sender import GraphClient
from channels.whatsapp.shared_backoff import BackoffPolicy
from channels.whatsapp.shared_connector import WhatsAppInputBase
from channels.whatsapp.shared_dispatch import OnNewMessage
from channels.whatsapp.shared_inbound import Inbound
from channels.whatsapp.shared_output import WhatsAppOutputBase
from channels.whatsapp.shared_render import Option, Rendered
from channels.whatsapp.shared_state import WhatsAppState
from skincheck.texts import Texts

logger = logging.getLogger(__name__)

CHANNEL_NAME = "whatsapp"


class WhatsAppCloudOutput(WhatsAppOutputBase):
    channel_name = CHANNEL_NAME

    def render_options(self, text: str, options: list[Option]) -> Rendered:
        return render_cloud(text, options, self.texts, self.language)

    def render_image(self, url: str) -> Rendered:
        return render_cloud_image(url)


class WhatsAppCloudInput(WhatsAppInputBase):
    channel_name = CHANNEL_NAME
    blueprint_name = "whatsapp_cloud_webhook"
    output_class = WhatsAppCloudOutput
    settings: ClassVar[dict[str, str]] = {
        "access_token": "WHATSAPP_ACCESS_TOKEN",
        "phone_number_id": "WHATSAPP_PHONE_NUMBER_ID",
        "app_secret": "WHATSAPP_APP_SECRET",
        "verify_token": "WHATSAPP_VERIFY_TOKEN",
        "api_version": "WHATSAPP_API_VERSION",
        "graph_url": "WHATSAPP_GRAPH_URL",
    }
    defaults: ClassVar[dict[str, str]] = {"api_version": "v21.0", "graph_url": "https://graph.facebook.com"}
    required = ("access_token", "phone_number_id", "app_secret", "verify_token")

    def __init__(
        self,
        access_token: str,
        phone_number_id: str,
        app_secret: str,
        verify_token: str,
        api_version: str,
        graph_url: str,
        texts: Texts,
        policy: BackoffPolicy | None = None,
        state: WhatsAppState | None = None,
    ) -> None:
        self.phone_number_id = phone_number_id
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.graph = GraphClient(graph_url, api_version, phone_number_id, access_token, policy)
        super().__init__(self.graph, texts, state)

    def add_webhook_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            if args.get("hub.mode") == "subscribe" and verify_token_valid(
                args.get("hub.verify_token"), self.verify_token
            ):
                return response.text(args.get("hub.challenge") or "")
            logger.warning("WhatsApp webhook verification refused (mode %r)", args.get("hub.mode"))
            return response.text("verification failed", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            raw = request.body or b""
            if not signature_valid(raw, request.headers.get("X-Hub-Signature-256"), self.app_secret):
                logger.warning("WhatsApp webhook with a missing or wrong signature rejected")
                return response.json({"error": "invalid signature"}, status=403)
            try:
                payload = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError):
                return response.json({"error": "body is not valid JSON"}, status=400)

            admission = await self.admit(parse_cloud_payload(payload, self.phone_number_id))
            # The messages claimed so far are handled even when the store failed: a redelivery skips them.
            self.accept(admission.fresh, on_new_message)
            if admission.store_failed:
                return response.json({"error": "temporarily unavailable"}, status=503)
            if admission.limited:  # Meta redelivers them later
                return too_many(limiter().limits.window)
            return response.json({"status": "ok"})

    def accept(self, messages: list[Inbound], on_new_message: OnNewMessage) -> None:
        for message in messages:  # the blue ticks: the user sees that the message arrived
            self.dispatcher.spawn(self.graph.mark_read(message.message_id))
        super().accept(messages, on_new_message)
