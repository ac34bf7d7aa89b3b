"""Shared by both WhatsApp providers: async access to the conversation state in storage/whatsapp.py
(message de-duplication, the 24-hour service window, the numbered options a typed "2" refers to).
Each connector keeps its own numbered options under its channel name; the rest is per number.

The database calls are blocking, so they run in a worker thread: a slow or locked database must
not stall the event loop that serves every other conversation. Nothing is kept in this process
that another process behind the load balancer would need."""

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from sqlalchemy.engine import Engine

from channels.whatsapp.shared_render import Option
from rasa_hardening.log_masking import mask_number
from storage import whatsapp as records
from storage.db import get_engine

logger = logging.getLogger(__name__)

# WhatsApp lets a business send free-form messages only within 24 hours of the user's last message.
SERVICE_WINDOW = timedelta(hours=24)

T = TypeVar("T")


class WhatsAppState:
    def __init__(self, channel: str, engine_factory: Callable[[], Engine] | None = None) -> None:
        self.channel = channel
        self._engine_factory = engine_factory or get_engine
        self._tables_ready = False

    async def _run(self, fn: Callable[..., T], *args, **kwargs) -> T:
        def work() -> T:
            engine = self._engine_factory()
            if not self._tables_ready:  # once per process; create_all is idempotent
                records.create_tables(engine)
                self._tables_ready = True
            return fn(*args, engine=engine, **kwargs)

        return await asyncio.to_thread(work)

    async def claim(self, message_id: str, wa_id: str | None = None) -> bool:
        """True only for the first delivery of this message id, across processes and restarts."""
        return await self._run(records.claim_message, message_id, None, wa_id=wa_id)

    async def record_inbound(self, wa_id: str) -> None:
        await self._run(records.record_inbound, wa_id, None)

    async def window_open(self, wa_id: str, now: datetime | None = None) -> bool:
        """Whether a free-form message may be sent. If the database cannot tell, assume open:
        WhatsApp itself refuses a message outside the window, and that refusal is logged."""
        try:
            last = await self._run(records.last_inbound_at, wa_id)
        except Exception:
            logger.exception("Could not read the last inbound time of %s; sending anyway", mask_number(wa_id))
            return True
        return last is not None and (now or datetime.now(timezone.utc)) - last < SERVICE_WINDOW

    async def save_options(self, wa_id: str, options: Sequence[Option]) -> None:
        pairs = [(option.title, option.payload) for option in options]
        await self._run(records.save_numbered_options, self.channel, wa_id, pairs, None)

    async def take_options(self, wa_id: str) -> list[Option]:
        pairs = await self._run(records.take_numbered_options, self.channel, wa_id, None)
        return [Option(title, payload) for title, payload in pairs]
