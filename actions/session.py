"""A new session (after the domain's session_expiration_time of silence, e.g. a web reload a day later) keeps
the slots, as Rasa's default does, and offers a person who left the skin check half-way to continue where they
left off ("Continue" starts the form again, which asks only the questions still open) or to start over."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.runtime import say
from actions.ui import intent_button

NOT_CARRIED = ("requested_slot", "session_started_metadata")


def left_half_way(tracker: Tracker) -> int:
    """How many questions a person answered in a check that is neither finished nor stopped (0: none)."""
    if not tracker.get_slot("consent_given") or tracker.get_slot("assessment_done"):
        return 0
    if tracker.get_slot("flow_stopped") or tracker.get_slot("red_flag"):
        return 0
    return sum(1 for slot in ASSESSMENT_SLOTS if tracker.get_slot(slot) not in (None, ""))


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if name not in NOT_CARRIED and value is not None
        ]
        answered = left_half_way(tracker)
        if answered:
            dispatcher.utter_message(
                text=say("messages", "asking.welcome_back", tracker, answered=answered),
                buttons=[
                    intent_button(say("messages", "asking.continue_button", tracker), "start_assessment"),
                    intent_button(say("messages", "asking.start_over_button", tracker), "restart"),
                ],
            )
        events.append(ActionExecuted("action_listen"))
        return events
