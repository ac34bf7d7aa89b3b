"""Puts a conversation in the staff Inbox (storage/handoffs.py): the person asked for a human, the
assistant failed to understand twice in a row, or red-flag or crisis advice was given.

Writing the request must never cost the person their answer: a database problem is logged, and
the reply goes out as usual."""

import logging
from functools import lru_cache

from rasa_sdk import Tracker

from actions.runtime import lang_of
from storage import handoffs
from storage.db import get_engine

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
# Custom payload sent with the "staff will join" message: the web widget then polls for replies.
HANDOFF_MARKER = {"handoff": "requested"}
# The two-stage fallback's "Something else" button: part of the same misunderstanding.
SOMETHING_ELSE = "/out_of_scope"


@lru_cache(maxsize=1)
def engine():
    """The database engine, with the table ensured once per process (on first use, not import)."""
    eng = get_engine()
    handoffs.ensure_schema(eng)
    return eng


def request_staff(tracker: Tracker, reason: str) -> bool:
    """True when the conversation is (now or already) in the Inbox."""
    try:
        handoffs.request_handoff(
            engine(),
            sender_id=tracker.sender_id,
            reason=reason,
            channel=tracker.get_latest_input_channel() or "",
            branch_id=tracker.get_slot("branch_id") or "",
            language=lang_of(tracker),
        )
        return True
    except Exception:
        logger.exception("Could not record a hand-off request (%s)", reason)
        return False


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages in a row the assistant did not understand, counting
    the current one (which reached the fallback action whatever its intent)."""
    count = 0
    for event in reversed(tracker.events or []):
        if event.get("event") != "user":
            continue
        if (event.get("text") or "").strip() == SOMETHING_ELSE:
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == FALLBACK_INTENT or count == 0:
            count += 1
            continue
        break
    return max(count, 1)
