"""The action server down or slow: the person gets an apology and the branch contacts, not silence.

Stock Rasa logs the failed custom action and sends nothing (RasaHQ/rasa#7630), and waits up to
five minutes for an answer. Here every call to the action server is bounded by
ACTION_TIMEOUT_SECONDS (default 10); when it fails (refused, timed out, an error status) the
person is sent content/booking.yml `handoff.unavailable` plus the branches' known contact lines
(or `handoff.no_contacts`), in their language, through the channel at once (it must reach them
even if Rasa then rejects the action), and the same text is added to the conversation as a bot
message after that action, so staff see it in the console's transcript and the widget's history
shows it on reload (the error itself is in Rasa's log). The text waiting to be recorded lives on
that message's output channel, never in the process.

A form's check (validate_*) that could not run gives back the slot values the message filled, so
no answer is kept unchecked and, once the action server is back, the form asks the same question
again; any other failed action adds no events, as stock
Rasa does. Later custom actions in the same message fail at once instead of waiting again.

A rejection (the action server's "this slot was not filled" 400) is normal form behaviour and is
passed on untouched. One apology per message, however many actions fail in that turn.
"""

import asyncio
import contextlib
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 10.0
_APOLOGISED = "_nextmed_apologised"  # marks the output channel of one message
_TO_RECORD = "_nextmed_apology_to_record"  # the apology sent, not yet added to the tracker
APOLOGY_METADATA = {"nextmed_action_server_unavailable": True}


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


def undo_this_turn(tracker: Any) -> list[Any]:
    """SlotSet events giving back the values slots had before the person's last message: a form's
    check could not run, so what was read from that message is not kept unchecked."""
    from rasa.shared.core.events import SlotSet, UserUttered

    events = list(tracker.events)
    last_user = max((i for i, event in enumerate(events) if isinstance(event, UserUttered)), default=-1)
    changed = {e.key for e in events[last_user + 1 :] if isinstance(e, SlotSet) and e.key != "requested_slot"}
    undo = []
    for name in sorted(changed):
        before = None
        for event in reversed(events[: last_user + 1]):
            if isinstance(event, SlotSet) and event.key == name:
                before = event.value
                break
        undo.append(SlotSet(name, before))
    return undo


def apologise_when_actions_fail() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.exceptions import RasaException

    _texts()  # load and validate at start-up, not in the middle of an outage
    original = RemoteAction.run
    limit = timeout_seconds()

    async def failed(self, output_channel, tracker) -> list[Any]:
        if not getattr(output_channel, _APOLOGISED, False):
            text = apology(language_of(tracker))
            with contextlib.suppress(AttributeError):
                setattr(output_channel, _APOLOGISED, True)
                setattr(output_channel, _TO_RECORD, text)
            try:
                await output_channel.send_response(tracker.sender_id, {"text": text})
            except Exception:
                logger.exception("Could not send the apology either")
        # A form's check: give back what this message filled, so the form asks the same question
        # again once the action server is back. Any other action: no events, as stock Rasa does
        # with a failed action (returned rather than raised, so a form's own events survive).
        return undo_this_turn(tracker) if self.name().startswith("validate_") else []

    async def run(self, output_channel, nlg, tracker, domain) -> list[Any]:
        if getattr(output_channel, _APOLOGISED, False):
            # This message already met a dead action server: do not wait out another timeout.
            return await failed(self, output_channel, tracker)
        try:
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain), limit)
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as error:
            logger.error("Custom action %s failed (%s); the person gets the apology", self.name(), type(error).__name__)
            return await failed(self, output_channel, tracker)

    RemoteAction.run = run
    _record_apologies_in_the_transcript()


def _record_apologies_in_the_transcript() -> None:
    """After each action of a message, the apology sent during it (if any) becomes a BotUttered
    event on the tracker Rasa saves, without being sent again (events an action returns would be)."""
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import BotUttered

    original = MessageProcessor._run_action

    async def _run_action(self, action, tracker, output_channel, nlg, prediction) -> bool:
        try:
            return await original(self, action, tracker, output_channel, nlg, prediction)
        finally:
            text = getattr(output_channel, _TO_RECORD, None)
            if text:
                setattr(output_channel, _TO_RECORD, None)
                tracker.update(BotUttered(text, metadata=dict(APOLOGY_METADATA)))

    MessageProcessor._run_action = _run_action
