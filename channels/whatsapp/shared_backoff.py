"""Shared by both WhatsApp providers: bounded retries with exponential backoff for their senders
(cloud_sender.py for the Graph API, twilio_sender.py for Twilio's REST API).

Rate limits (429) and server errors (5xx) are usually gone after a short wait; anything else is a
request we must fix, so it is logged once and not repeated."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    ok: bool
    retryable: bool = False
    detail: str = ""
    retry_after: float | None = None  # seconds the server asked us to wait, if it said so


@dataclass(frozen=True)
class BackoffPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        delay = self.base_delay * 2 ** (attempt - 1)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.max_delay)


def parse_retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date; the exponential delay is good enough then
        return None


async def with_backoff(call: Callable[[], Awaitable[Attempt]], what: str, policy: BackoffPolicy) -> bool:
    """Runs `call` until it succeeds, fails for good, or the attempts are used up. Never raises."""
    for attempt in range(1, policy.attempts + 1):
        try:
            result = await call()
        except Exception:  # a bug or an unexpected client error: log it, keep the conversation alive
            logger.exception("%s failed unexpectedly", what)
            return False
        if result.ok:
            return True
        if not result.retryable:
            logger.error("%s failed and will not be retried: %s", what, result.detail)
            return False
        if attempt == policy.attempts:
            logger.error("%s failed %d times, giving up: %s", what, attempt, result.detail)
            return False
        delay = policy.delay(attempt, result.retry_after)
        logger.warning("%s failed (attempt %d, %s); retrying in %.2fs", what, attempt, result.detail, delay)
        await asyncio.sleep(delay)
    return False
