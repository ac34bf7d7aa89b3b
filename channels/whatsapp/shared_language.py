"""Shared by both WhatsApp providers: the conversation's language as the assistant decided it (the
`language` slot), for the few texts the channels write themselves ("Choose", "Reply with the number...").

Read from Rasa's tracker store, the state every process shares, so any process behind the load balancer
gives the same answer."""

from collections.abc import Awaitable, Callable
from typing import Any

SLOT = "language"


def language_lookup(app: Any) -> Callable[[str], Awaitable[str | None]]:
    """sender id -> 'en' | 'ms' | None (new conversation, or Rasa not ready)."""

    async def lookup(sender_id: str) -> str | None:
        agent = getattr(app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return None
        tracker = await store.retrieve(sender_id)
        value = tracker.get_slot(SLOT) if tracker else None
        return value if isinstance(value, str) else None

    return lookup
