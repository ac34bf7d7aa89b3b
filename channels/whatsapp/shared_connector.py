"""Shared by both WhatsApp providers: the base of their Rasa input channels (the connectors).

Everything an inbound WhatsApp message needs whoever carries it lives here once: name() and
from_credentials() (credentials.yml, else the environment), the shared state and texts, the health
route and the server listeners, the per-number rate limit and de-duplication of redelivered messages,
the message metadata, and background dispatch to Rasa. A provider's connector (cloud_connector.py,
twilio_connector.py) only adds its name and settings, its sender, and its webhook route with its
signature check; its output channel subclasses shared_output.py.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.credentials import read_settings, require
from channels.rate_limit import limiter
from channels.whatsapp.shared_dispatch import Dispatcher, OnNewMessage
from channels.whatsapp.shared_inbound import Inbound
from channels.whatsapp.shared_language import language_lookup
from channels.whatsapp.shared_output import Sender, WhatsAppOutputBase
from channels.whatsapp.shared_state import WhatsAppState
from channels.whatsapp.shared_texts import load_channel_texts
from skincheck.texts import Texts

logger = logging.getLogger(__name__)

# One rate-limit count per WhatsApp number, whichever provider carried the message.
RATE_LIMIT_KEY = "whatsapp"


@dataclass
class Admission:
    """What became of the messages of one webhook request."""

    fresh: list[Inbound] = field(default_factory=list)  # first delivery: to be answered
    limited: list[Inbound] = field(default_factory=list)  # sender over the rate limit: not claimed
    retry_after: int = 0  # seconds until the most limited sender may write again
    store_failed: bool = False  # the de-duplication store failed; the rest were not looked at


class WhatsAppInputBase(InputChannel):
    """Rasa's input channel for WhatsApp. A provider sets the class attributes, builds its sender in
    `__init__` (taking its credentials keys as keyword arguments plus `texts`), and adds its webhook
    route in `add_webhook_routes`."""

    channel_name: ClassVar[str] = ""
    blueprint_name: ClassVar[str] = ""
    output_class: ClassVar[type[WhatsAppOutputBase]] = WhatsAppOutputBase
    # credentials.yml key -> environment variable used when the key is absent or empty.
    settings: ClassVar[dict[str, str]] = {}
    defaults: ClassVar[dict[str, str]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    # Added to every message's metadata beside the shared keys (the channel is "whatsapp" for both).
    extra_metadata: ClassVar[dict[str, str]] = {}

    @classmethod
    def name(cls) -> str:
        return cls.channel_name

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        values = read_settings(credentials, cls.settings, cls.defaults)
        require(cls.channel_name, values, cls.required, cls.settings)
        # Each connector's __init__ takes its settings keys as keyword arguments (checked by its tests).
        make: Callable[..., InputChannel] = cls
        return make(**values, texts=load_channel_texts())

    def __init__(self, sender: Sender, texts: Texts, state: WhatsAppState | None = None) -> None:
        self.sender = sender
        self.texts = texts
        self.state = state or WhatsAppState(self.channel_name)
        self.dispatcher = Dispatcher(self.channel_name, self.state, texts, self._output_for, self.metadata_for)

    def get_output_channel(self) -> OutputChannel:
        return self._output_for(None)

    def _output_for(self, language: str | None) -> OutputChannel:
        # A new output per message: it carries that conversation's language for the channel's own texts.
        return self.output_class(self.sender, self.state, self.texts, language)

    def metadata_for(self, inbound: Inbound) -> dict[str, Any]:
        # The same shape for both providers, so actions need not care which one carried the message.
        return {
            "channel": "whatsapp",
            **self.extra_metadata,
            "wa_id": inbound.wa_id,
            "phone": f"+{inbound.wa_id}",
            "profile_name": inbound.profile_name,
        }

    async def close(self) -> None:
        await self.dispatcher.drain()
        await self.sender.close()

    # --- webhook -----------------------------------------------------------------------------
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint(self.blueprint_name, type(self).__module__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        self.add_webhook_routes(webhook, on_new_message)

        @webhook.listener("before_server_start")
        async def find_tracker_store(app: Any, _: Any) -> None:
            self.dispatcher.language_of = language_lookup(app)

        @webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        return webhook

    def add_webhook_routes(self, webhook: Blueprint, on_new_message: OnNewMessage) -> None:
        """The provider's /webhook route(s): check the signature, parse, `admit`, `accept`."""
        raise NotImplementedError

    async def admit(self, messages: list[Inbound]) -> Admission:
        """Sorts parsed messages by the per-number rate limit, then claims each message id once,
        across processes and restarts, so a redelivered message is not answered twice."""
        admission = Admission()
        try:
            for message in messages:
                retry = await limiter().sender_over(RATE_LIMIT_KEY, message.wa_id)
                if retry:
                    admission.limited.append(message)  # not claimed: the provider's redelivery is handled later
                    admission.retry_after = max(admission.retry_after, retry)
                elif await self.state.claim(message.message_id, message.wa_id):
                    admission.fresh.append(message)
                else:
                    logger.info("%s message %s delivered again; already handled", self.name(), message.message_id)
        except Exception:
            # Without de-duplication we might answer twice: the provider redelivers later instead.
            logger.exception("WhatsApp de-duplication store unavailable")
            admission.store_failed = True
        if admission.limited:
            logger.warning("%s: %d message(s) over a sender's rate limit", self.name(), len(admission.limited))
        return admission

    def accept(self, messages: list[Inbound], on_new_message: OnNewMessage) -> None:
        """Hands fresh messages to Rasa in the background; the webhook answers at once."""
        self.dispatcher.submit(messages, on_new_message)
