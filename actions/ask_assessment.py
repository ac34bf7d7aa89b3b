"""`action_ask_<slot>` for every self-assessment question: the prompt and answer buttons from
content/questions.yml, plus a Skip button where the question may be skipped.

Rasa looks these actions up by name, so one small class per question is made below from
ASSESSMENT_SLOTS (actions/assessment_slots.py, generated from content/questions.yml by
scripts/gen_assessment.py, so no file is read at import)."""
from typing import Any, Dict, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.runtime import content, lang_of, say
from actions.ui import choice_buttons
from skincheck import questions


def is_skippable(slot: Text) -> bool:
    return bool(content().questions["questions"][slot].get("skippable", True))


class AskQuestion(Action):
    slot: Text = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        lang = lang_of(tracker)
        buttons = choice_buttons(questions.buttons(content(), self.slot, lang))
        if is_skippable(self.slot):
            buttons += choice_buttons([(say("messages", "assessment.skip_button", tracker), "skip")])
        dispatcher.utter_message(text=questions.prompt(content(), self.slot, lang), buttons=buttons)
        return []


# Kept in a dict: classes nobody references are garbage-collected before rasa-sdk looks for them.
ASK_ACTIONS = {
    slot: type(f"AskQuestion_{slot}", (AskQuestion,), {"slot": slot, "__module__": __name__})
    for slot in ASSESSMENT_SLOTS
}
