"""What both WhatsApp output channels (Cloud API, Twilio) share: the 24-hour window, remembering
numbered options, and never letting a delivery problem escape into Rasa."""

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from channels.whatsapp_render import Rendered
from channels.whatsapp_state import WhatsAppState
from rasa_hardening.log_masking import mask_number
from skincheck.texts import Texts
from storage.conversation_ids import recipient_wa_id

logger = logging.getLogger(__name__)


class WhatsAppOutputBase(OutputChannel):
    def __init__(self, state: WhatsAppState, texts: Texts, language: str | None = None) -> None:
        self.state = state
        self.texts = texts
        self.language = language

    # --- provider specific -------------------------------------------------------------------
    def render(self, text: str, buttons: list[dict[str, Any]] | None) -> Rendered:
        raise NotImplementedError

    def render_image(self, url: str) -> Rendered:
        raise NotImplementedError

    async def send_one(self, recipient_id: str, message: dict[str, Any]) -> bool:
        """Sends one rendered body; True when the provider accepted it. Must not raise."""
        raise NotImplementedError

    async def send_template_fallback(self, recipient_id: str, messages: list[dict[str, Any]]) -> None:
        """Hook for messages that could not be sent because the 24-hour window is closed.

        WhatsApp then only accepts pre-approved template messages. No template is approved yet, so
        this does nothing; override it to send one (e.g. "We have a reply for you, write to us")."""

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

    async def _deliver(self, recipient_id: str, render) -> None:
        # Rasa passes the conversation id ("wa:<number>"); the provider and our records want the number.
        recipient_id = recipient_wa_id(recipient_id)
        try:
            rendered: Rendered = render()
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
