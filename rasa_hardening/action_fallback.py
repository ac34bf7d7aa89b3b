"""The action server down or slow: the person gets an apology and the branch contacts, not silence.

Stock Rasa logs the failed custom action and sends nothing (RasaHQ/rasa#7630), and waits up to
five minutes for an answer. Here every call to the action server is bounded by
ACTION_TIMEOUT_SECONDS (default 10); when it fails (refused, timed out, an error status) the
person is sent content/booking.yml `handoff.unavailable` plus the branches' known contact lines
(or `handoff.no_contacts`), in their language, through the channel. The failure is then raised
on as before, so the action's events are dropped: no form moves on without its check, and once
the action server is back the conversation goes on from the same question. (The apology goes
straight to the channel, so it is not in the stored transcript; the error is in Rasa's log.)
Later custom actions in the same message fail at once rather than wait out another timeout.

A rejection (the action server's "this slot was not filled" 400) is normal form behaviour and is
passed on untouched. One apology per message, however many actions fail in that turn.
"""
import asyncio
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, List

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 10.0
_APOLOGISED = "_nextmed_apologised"  # marks the output channel of one message


def timeout_seconds() -> float:
    try:
        value = float(os.environ.get("ACTION_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)
    except ValueError:
        value = DEFAULT_TIMEOUT_SECONDS
    return max(1.0, value)


@lru_cache(maxsize=1)
def _texts():
    from skincheck.booking import load_booking_texts
    from skincheck.branches import load_branches

    content = Path(os.environ.get("CONTENT_DIR") or "content")
    branches = load_branches(content / "branches.yml")
    return load_booking_texts(content / "booking.yml", branches), branches


def apology(lang: str) -> str:
    """The apology with every branch's known contact lines, from content only."""
    from skincheck.branches import contact_lines

    texts, branches = _texts()
    blocks = [texts.say("booking", "handoff.unavailable", lang)]
    known = [(branch, contact_lines(texts, branch, lang)) for branch in branches]
    if any(lines for _, lines in known):
        blocks += ["\n".join([branch.name, *lines]) for branch, lines in known if lines]
    else:
        blocks.append(texts.say("booking", "handoff.no_contacts", lang))
    return "\n\n".join(blocks)


def language_of(tracker: Any) -> str:
    metadata = (getattr(tracker, "latest_message", None) and tracker.latest_message.metadata) or {}
    slot = tracker.get_slot("language") if hasattr(tracker, "get_slot") else None
    lang = str(metadata.get("language") or slot or "en").lower()[:2]
    return lang if lang in ("en", "ms") else "en"


def apologise_when_actions_fail() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.exceptions import RasaException

    _texts()  # load and validate at start-up, not in the middle of an outage
    original = RemoteAction.run
    limit = timeout_seconds()

    async def run(self, output_channel, nlg, tracker, domain) -> List[Any]:
        if getattr(output_channel, _APOLOGISED, False):
            # This message already met a dead action server: fail at once instead of waiting again.
            raise RasaException(f"custom action {self.name()} skipped: the action server failed this turn")
        try:
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain), limit)
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as error:
            logger.error("Custom action %s failed (%s); the person gets the apology",
                         self.name(), type(error).__name__)
            try:
                setattr(output_channel, _APOLOGISED, True)
            except AttributeError:
                pass
            try:
                await output_channel.send_response(tracker.sender_id, {"text": apology(language_of(tracker))})
            except Exception:
                logger.exception("Could not send the apology either")
            # Raised on, as before: Rasa drops the action's events, so no form moves on without
            # its check, and the same question is asked again once the action server is back.
            raise RasaException(f"custom action {self.name()} failed") from error

    RemoteAction.run = run
