"""Rasa input/output channel for the WhatsApp Business Cloud API (Meta), name "whatsapp".

Webhook: GET  /webhooks/whatsapp/webhook  Meta's verification handshake (hub.verify_token).
         POST /webhooks/whatsapp/webhook  signed events (X-Hub-Signature-256); answered at once,
                                          the messages are handled in the background.
Replies go out through the Graph API: POST {graph_url}/{api_version}/{phone_number_id}/messages.
"""

import hmac
import json
import logging
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.backoff import BackoffPolicy
from channels.conversation_language import language_lookup
from channels.credentials import read_settings, require
from channels.graph_client import GraphClient
from channels.rate_limit import limiter, too_many
from channels.whatsapp_dispatch import Dispatcher, OnNewMessage
from channels.whatsapp_inbound import Inbound, parse_cloud_payload, signature_valid
from channels.whatsapp_output import WhatsAppOutputBase
from channels.whatsapp_render import Rendered, options_from_buttons, render_cloud, render_cloud_image
from channels.whatsapp_state import WhatsAppState
from channels.whatsapp_texts import load_channel_texts
from skincheck.texts import Texts

logger = logging.getLogger(__name__)

CHANNEL_NAME = "whatsapp"

# credentials.yml key -> environment variable used when the key is absent or empty.
SETTINGS = {
    "access_token": "WHATSAPP_ACCESS_TOKEN",
    "phone_number_id": "WHATSAPP_PHONE_NUMBER_ID",
    "app_secret": "WHATSAPP_APP_SECRET",
    "verify_token": "WHATSAPP_VERIFY_TOKEN",
    "api_version": "WHATSAPP_API_VERSION",
    "graph_url": "WHATSAPP_GRAPH_URL",
}
DEFAULTS = {"api_version": "v21.0", "graph_url": "https://graph.facebook.com"}
REQUIRED = ("access_token", "phone_number_id", "app_secret", "verify_token")


class WhatsAppCloudOutput(WhatsAppOutputBase):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    def __init__(self, graph: GraphClient, state: WhatsAppState, texts: Texts, language: str | None = None):
        super().__init__(state, texts, language)
        self.graph = graph

    def render(self, text: str, buttons: list[dict[str, Any]] | None) -> Rendered:
        return render_cloud(text or "", options_from_buttons(buttons), self.texts, self.language)

    def render_image(self, url: str) -> Rendered:
        return render_cloud_image(url)

    async def send_one(self, recipient_id: str, message: dict[str, Any]) -> bool:
        return await self.graph.send_message(recipient_id, message)


class WhatsAppCloudInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        values = read_settings(credentials, SETTINGS, DEFAULTS)
        require(CHANNEL_NAME, values, REQUIRED, SETTINGS)
        return cls(
            access_token=values["access_token"],
            phone_number_id=values["phone_number_id"],
            app_secret=values["app_secret"],
            verify_token=values["verify_token"],
            api_version=values["api_version"],
            graph_url=values["graph_url"],
            texts=load_channel_texts(),
        )

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
        self.texts = texts
        self.graph = GraphClient(graph_url, api_version, phone_number_id, access_token, policy)
        self.state = state or WhatsAppState(CHANNEL_NAME)
        self.dispatcher = Dispatcher(CHANNEL_NAME, self.state, texts, self._output_for, self._metadata_for)

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppCloudOutput(self.graph, self.state, self.texts)

    def _output_for(self, inbound: Inbound) -> OutputChannel:
        return self.get_output_channel()

    @staticmethod
    def _metadata_for(inbound: Inbound) -> dict[str, Any]:
        return {
            "channel": CHANNEL_NAME,
            "wa_id": inbound.wa_id,
            "phone": f"+{inbound.wa_id}",
            "profile_name": inbound.profile_name,
        }

    async def close(self) -> None:
        await self.dispatcher.drain()
        await self.graph.close()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("whatsapp_cloud_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            if args.get("hub.mode") == "subscribe" and _same(args.get("hub.verify_token"), self.verify_token):
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

            fresh, limited = [], []
            try:
                for message in parse_cloud_payload(payload, self.phone_number_id):
                    if await limiter().sender_over(CHANNEL_NAME, message.wa_id):
                        limited.append(message)  # not claimed: Meta's redelivery is handled later
                    elif await self._claim(message):
                        fresh.append(message)
            except Exception:
                # Without de-duplication we might answer twice: Meta redelivers later instead. The
                # messages claimed so far are handled now, as the redelivery will skip them.
                logger.exception("WhatsApp de-duplication store unavailable")
                self._dispatch(fresh, on_new_message)
                return response.json({"error": "temporarily unavailable"}, status=503)
            self._dispatch(fresh, on_new_message)
            if limited:
                logger.warning("WhatsApp: %d message(s) over a sender's rate limit; Meta will redeliver", len(limited))
                return too_many(limiter().limits.window)
            return response.json({"status": "ok"})

        @webhook.listener("before_server_start")
        async def find_tracker_store(app: Any, _: Any) -> None:
            self.dispatcher.language_of = language_lookup(app)

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        return webhook

    def _dispatch(self, messages: list[Inbound], on_new_message: OnNewMessage) -> None:
        for message in messages:
            self.dispatcher.spawn(self.graph.mark_read(message.message_id))
        self.dispatcher.submit(messages, on_new_message)

    async def _claim(self, message: Inbound) -> bool:
        if await self.state.claim(message.message_id, message.wa_id):
            return True
        logger.info("WhatsApp message %s delivered again; already handled", message.message_id)
        return False


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
