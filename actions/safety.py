"""Red-flag symptoms and self-harm language outside a form (inside forms: actions/interruptions.py)."""
from typing import Text

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.interruptions import CRISIS, GENERIC_RED_FLAG, on_safety_hit, screening_answers
from actions.runtime import content
from skincheck.safety import screen_text


class ActionHandleRedFlag(Action):
    def name(self) -> Text:
        return "action_handle_red_flag"

    async def run(self, dispatcher, tracker, domain):
        text = (tracker.latest_message or {}).get("text") or ""
        hit = screen_text(content(), text, known=screening_answers(tracker))
        if hit is None or hit.kind != "red_flag":
            # The NLU recognised a red flag the patterns did not name: give advice covering all levels.
            hit = GENERIC_RED_FLAG if hit is None else hit
        updates = on_safety_hit(hit, dispatcher, tracker)
        updates.pop("flow_stopped", None)
        return [SlotSet(key, value) for key, value in updates.items()]


class ActionCrisisSupport(Action):
    def name(self) -> Text:
        return "action_crisis_support"

    async def run(self, dispatcher, tracker, domain):
        on_safety_hit(CRISIS, dispatcher, tracker)
        return []
