"""Which events a conversation's tracker needs, and the state they start from.

Rasa rebuilds a conversation from every event of the session on every message, and its policies
then replay them all again: a message 200 turns into a conversation costs several times a fresh
one (RasaHQ/rasa #11313, #11828). The dialogue only ever looks a few turns back (rules of a few
steps), so a tracker made of

    the state at some earlier point (slot values, the active form and its flags)
    + the events since then (at least KEEP_TURNS user turns)

predicts exactly what the full tracker predicts (tests/model/test_window_equivalence.py compares them
turn by turn). This module holds that logic; storage/tracker_store.py keeps the window in SQL.
"""

from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    ConversationPaused,
    Event,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Keep at least this many user turns; trim only when the window reaches MAX_TURNS, so the state at
# the cut is recomputed once every few messages instead of on every message.
KEEP_TURNS = 3
MAX_TURNS = 5


@dataclass
class BaseState:
    """What the events before the window left behind."""

    slots: dict[str, Any] = field(default_factory=dict)  # only slots that differ from their initial value
    loop: str | None = None
    loop_interrupted: bool = False
    loop_rejected: bool = False
    paused: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "slots": self.slots,
            "loop": self.loop,
            "loop_interrupted": self.loop_interrupted,
            "loop_rejected": self.loop_rejected,
            "paused": self.paused,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BaseState":
        return cls(
            slots=dict(data.get("slots") or {}),
            loop=data.get("loop"),
            loop_interrupted=bool(data.get("loop_interrupted")),
            loop_rejected=bool(data.get("loop_rejected")),
            paused=bool(data.get("paused")),
        )

    def events(self) -> list[Event]:
        """Events that put a fresh tracker into this state. Rasa replays them like any others, so
        the policies see the same slots and the same active form as with the whole history."""
        events: list[Event] = [SlotSet(name, value) for name, value in self.slots.items()]
        if self.loop:
            events.append(ActiveLoop(self.loop))
            if self.loop_interrupted:
                events.append(LoopInterrupted(True))
            if self.loop_rejected:
                events.append(ActionExecutionRejected(self.loop))
        if self.paused:
            events.append(ConversationPaused())
        return events


def state_of(tracker: DialogueStateTracker) -> BaseState:
    loop = tracker.active_loop
    return BaseState(
        slots={name: slot.value for name, slot in tracker.slots.items() if slot.value != slot.initial_value},
        loop=loop.name if loop else None,
        loop_interrupted=bool(loop and loop.is_interrupted),
        loop_rejected=bool(loop and loop.rejected),
        paused=tracker.is_paused(),
    )


def turn_starts(events: list[Event]) -> list[int]:
    """Indices of the `action_listen` that precedes each user message: clean places to cut."""
    return [
        i
        for i in range(len(events) - 1)
        if isinstance(events[i], ActionExecuted)
        and events[i].action_name == ACTION_LISTEN_NAME
        and isinstance(events[i + 1], UserUttered)
    ]


def cut_index(events: list[Event]) -> int:
    """Where the stored window should start (0: keep everything).

    A window never reaches back past the latest SessionStarted: Rasa's own store loads the latest
    session only, and the session-expiry check must not find the previous session's last message."""
    start = 0
    for i in range(len(events) - 1, -1, -1):
        if isinstance(events[i], SessionStarted):
            start = i
            break
    turns = [i for i in turn_starts(events) if i >= start]
    if len(turns) >= MAX_TURNS:
        start = max(start, turns[-KEEP_TURNS])
    return start


def rebuild(sender_id: str, base: BaseState, events: list[Event], slots: Any) -> DialogueStateTracker:
    """The tracker for a window: the base state's events, then the window's events."""
    return DialogueStateTracker.from_events(sender_id, base.events() + events, slots)
