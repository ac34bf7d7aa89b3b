"""Whether the web widget should keep asking for new messages: while the conversation is in the
staff Inbox (a hand-off request is open, or staff hold it and the assistant is paused), replies
come from a person at any moment rather than in answer to the visitor's message.

Read from the tracker (paused) and the shared `handoff_requests` table, so every Rasa process
gives the same answer. The database call runs in a worker thread."""

import asyncio
import logging
from functools import lru_cache

from storage import handoffs
from storage.db import get_engine

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _engine():
    engine = get_engine()
    handoffs.ensure_schema(engine)
    return engine


def _in_inbox(sender_id: str) -> bool:
    return handoffs.active_status(_engine(), sender_id) is not None


async def is_live(tracker) -> bool:
    if tracker is None:
        return False
    if tracker.is_paused():
        return True
    try:
        return await asyncio.to_thread(_in_inbox, tracker.sender_id)
    except Exception:  # no table yet, or the database is away: the widget simply does not poll
        logger.warning("webchat: could not read the hand-off state", exc_info=True)
        return False
