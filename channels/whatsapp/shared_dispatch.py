"""Shared by both WhatsApp providers: hands inbound messages to Rasa in the background, after the
webhook has answered (both providers want a quick answer and redeliver otherwise).

Each sender gets their own task, so one slow conversation never holds up the others, while one
sender's messages keep their order within this process (Rasa's lock store orders them across
processes). The webhook itself has already claimed each message id, so this runs once per message."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from weakref import WeakValueDictionary

from rasa.core.channels.channel import OutputChannel, UserMessage

from channels.whatsapp.shared_inbound import TEXT, UNSUPPORTED, Inbound, resolve_numbered
from channels.whatsapp.shared_state import WhatsAppState
from rasa_hardening.log_masking import mask_number
from skincheck.texts import Texts
from storage.conversation_ids import whatsapp_id

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# Longer typed messages get a polite reply instead of going to Rasa (the widget's limit too).
MAX_MESSAGE_CHARS = 2000


class Dispatcher:
    def __init__(
        self,
        input_channel: str,
        state: WhatsAppState,
        texts: Texts,
        make_output: Callable[[str | None], OutputChannel],  # the conversation's language -> output
        metadata_for: Callable[[Inbound], dict[str, Any]],
    ) -> None:
        self.input_channel = input_channel
        self.state = state
        self.texts = texts
        self.make_output = make_output
        self.metadata_for = metadata_for
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sender_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()
        # sender id -> the conversation's `language` slot, for the channel's own texts (set by the webhook
        # route, which knows Rasa's tracker store); None until then, and English is used.
        self.language_of: Callable[[str], Awaitable[str | None]] | None = None

    def spawn(self, coro: Awaitable[Any]) -> "asyncio.Task[Any]":
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # keeps the task alive until it is done
        task.add_done_callback(self._tasks.discard)
        return task

    def submit(self, messages: list[Inbound], on_new_message: OnNewMessage) -> None:
        by_sender: dict[str, list[Inbound]] = {}
        for message in messages:
            by_sender.setdefault(message.wa_id, []).append(message)
        for wa_id, own in by_sender.items():
            self.spawn(self._run_sender(wa_id, own, on_new_message))

    async def drain(self, timeout: float = 30.0) -> None:
        """Waits for the messages in flight (tests, and a graceful server stop)."""
        while self._tasks:
            _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
            if pending:
                logger.warning("%d WhatsApp task(s) still running at shutdown", len(pending))
                return

    async def _run_sender(self, wa_id: str, messages: list[Inbound], on_new_message: OnNewMessage) -> None:
        lock = self._sender_locks.get(wa_id)
        if lock is None:
            lock = self._sender_locks[wa_id] = asyncio.Lock()
        async with lock:
            for message in messages:
                await self._handle(message, on_new_message)

    async def _language(self, sender_id: str) -> str | None:
        """The language chosen so far in this conversation (a switch in this very message shows from the next)."""
        if self.language_of is None:
            return None
        try:
            return await self.language_of(sender_id)
        except Exception:  # the texts fall back to English; the conversation itself goes on
            logger.exception("%s: could not read the conversation language", self.input_channel)
            return None

    async def _handle(self, inbound: Inbound, on_new_message: OnNewMessage) -> None:
        try:
            await self.state.record_inbound(inbound.wa_id)
            language = await self._language(whatsapp_id(inbound.wa_id))  # the conversation id Rasa stores
            output = self.make_output(language)
            if inbound.kind == UNSUPPORTED:
                await output.send_text_message(
                    inbound.wa_id, self.texts.say("channels", "whatsapp.only_text_understood", language)
                )
                return
            if len(inbound.text) > MAX_MESSAGE_CHARS:
                await output.send_text_message(
                    inbound.wa_id, self.texts.say("channels", "whatsapp.message_too_long", language)
                )
                return
            options = await self.state.take_options(inbound.wa_id)
            text = inbound.text
            if inbound.kind == TEXT:
                text = resolve_numbered(text, options) or text
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    # "wa:<number>": only a signed WhatsApp webhook can speak in this conversation.
                    whatsapp_id(inbound.wa_id),
                    input_channel=self.input_channel,
                    message_id=inbound.message_id,
                    metadata=self.metadata_for(inbound),
                )
            )
        except Exception:
            # The webhook has long answered; all we can do is make the failure visible.
            logger.exception(
                "%s: failed to handle message %s from %s",
                self.input_channel,
                inbound.message_id,
                mask_number(inbound.wa_id),
            )
