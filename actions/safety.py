"""Red-flag symptoms and self-harm language outside a form (inside forms: actions/interruptions.py)."""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.interruptions import CRISIS, GENERIC_RED_FLAG, on_safety_hit, screening_answers, utter_check_in
from actions.runtime import content
from skincheck.safety import only_denied, screen_text


class ActionHandleRedFlag(Action):
    def name(self) -> str:
        return "action_handle_red_flag"

    async def run(self, dispatcher, tracker, domain):
        text = (tracker.latest_message or {}).get("text") or ""
        hit = screen_text(content(), text, known=screening_answers(tracker))
        if hit is None and only_denied(content(), text):
            # "no blisters", "tak demam" outside a question: a denial the model heard as a red flag. Urgent
            # advice here would tell someone with no warning sign to call 999; it is an answer out of context.
            dispatcher.utter_message(response="utter_inform_out_of_context")
            dispatcher.utter_message(response="utter_menu")
            return []
        if hit is None or hit.kind != "red_flag":
            # The NLU recognised a red flag the patterns did not name: give advice covering all levels.
            hit = GENERIC_RED_FLAG if hit is None else hit
        updates = on_safety_hit(hit, dispatcher, tracker)
        updates.pop("flow_stopped", None)
        return [SlotSet(key, value) for key, value in updates.items()]


class ActionCrisisSupport(Action):
    """Explicit self-harm words (content/safety.yml) or the "support lines" button: the crisis text.
    The NLU's self_harm intent alone: a gentle check-in with the crisis lines one tap away, because the
    classifier also fires on "this rash is killing me" or "I hate my skin"."""

    def name(self) -> str:
        return "action_crisis_support"

    async def run(self, dispatcher, tracker, domain):
        text = (tracker.latest_message or {}).get("text") or ""
        hit = screen_text(content(), text)
        if text.startswith("/") or (hit is not None and hit.kind == "self_harm"):
            on_safety_hit(CRISIS, dispatcher, tracker)
        else:
            utter_check_in(dispatcher, tracker, in_form=False)
        return []
