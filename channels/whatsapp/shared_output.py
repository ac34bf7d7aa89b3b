"""Shared by both WhatsApp providers: the base of their Rasa output channels.

Everything a reply needs whoever carries it lives here once: Rasa's send_* calls, rendering from
Rasa buttons, the 24-hour window (with a hook for an approved template), remembering numbered
options before they are sent, stopping a message sequence at the first failure so nothing arrives
out of order, and never letting a delivery problem escape into Rasa. A provider's output channel
(cloud_connector.py, twilio_connector.py) only adds its name and its renderer; its sender is given.
"""

import logging
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from rasa.core.channels.channel import OutputChannel

from channels.whatsapp.shared_render import Option, Rendered, options_from_buttons
from channels.whatsapp.shared_state import WhatsAppState
from rasa_hardening.log_masking import mask_number
from skincheck.texts import Texts
from storage.conversation_ids import recipient_wa_id

logger = logging.getLogger(__name__)


class Sender(Protocol):
    """A provider's API client (cloud_sender.GraphClient, twilio_sender.TwilioSender)."""

    async def send(self, wa_id: str, message: dict[str, Any]) -> bool:
        """Sends one rendered body; True when the provider accepted it. Never raises."""
        ...

    async def close(self) -> None: ...


class WhatsAppOutputBase(OutputChannel):
    """Rasa's output channel for WhatsApp; a provider supplies `channel_name`, `render_options` and `render_image`."""

    channel_name: ClassVar[str] = ""

    @classmethod
    def name(cls) -> str:
        return cls.channel_name

    def __init__(self, sender: Sender, state: WhatsAppState, texts: Texts, language: str | None = None) -> None:
        self.sender = sender
        self.state = state
        self.texts = texts
        self.language = language  # the conversation's language, for the channel's own texts

    # --- provider specific -------------------------------------------------------------------
    def render_options(self, text: str, options: list[Option]) -> Rendered:
        raise NotImplementedError

    def render_image(self, url: str) -> Rendered:
        raise NotImplementedError

    async def send_template_fallback(self, recipient_id: str, messages: list[dict[str, Any]]) -> None:
        """Hook for messages that could not be sent because the 24-hour window is closed.

        WhatsApp then only accepts pre-approved template messages. No template is approved yet, so
        this does nothing; override it to send one (e.g. "We have a reply for you, write to us")."""

    # --- shared ------------------------------------------------------------------------------
    def render(self, text: str, buttons: list[dict[str, Any]] | None) -> Rendered:
        return self.render_options(text or "", options_from_buttons(buttons))

    async def send_one(self, recipient_id: str, message: dict[str, Any]) -> bool:
        return await self.sender.send(recipient_id, message)

    # --- Rasa OutputChannel ------------------------------------------------------------------
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._deliver(recipient_id, lambda: self.render(text, None))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._deliver(recipient_id, lambda: self.render(text, buttons))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._deliver(recipient_id, lambda: self.render_image(image))

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, str):
            await self.send_text_message(recipient_id, attachment)
        else:
            logger.warning("%s cannot send attachment %r; skipped", self.name(), attachment)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # Custom payloads are meant for the web widget; dumping JSON at a WhatsApp user helps no one.
        logger.info("%s skips a custom payload for %s", self.name(), mask_number(recipient_id))

    async def _deliver(self, recipient_id: str, render: Callable[[], Rendered]) -> None:
        # Rasa passes the conversation id ("wa:<number>"); the provider and our records want the number.
        recipient_id = recipient_wa_id(recipient_id)
        try:
            rendered = render()
            if not rendered.messages:
                return
            if not await self.state.window_open(recipient_id):
                logger.warning(
                    "%s: 24-hour window closed for %s; %d message(s) not sent, template hook called",
                    self.name(),
                    mask_number(recipient_id),
                    len(rendered.messages),
                )
                await self.send_template_fallback(recipient_id, rendered.messages)
                return
            if rendered.numbered:
                # Stored before sending, so a fast reply finds it in whichever process receives it.
                await self.state.save_options(recipient_id, rendered.numbered)
            for index, message in enumerate(rendered.messages):
                if not await self.send_one(recipient_id, message):
                    logger.error(
                        "%s: stopped after %d of %d message(s) to %s so they do not arrive out of order",
                        self.name(),
                        index,
                        len(rendered.messages),
                        mask_number(recipient_id),
                    )
                    return
        except Exception:
            # Raising here would fail Rasa's turn and could drop the tracker update.
            logger.exception("%s: could not deliver a message to %s", self.name(), mask_number(recipient_id))
