"""`action_ask_<slot>` for every self-assessment question: the prompt and answer buttons from
content/questions.yml, plus a Skip button where the question may be skipped.

Rasa looks these actions up by name, so one small class per question is made below from
ASSESSMENT_SLOTS (actions/assessment_slots.py, generated from content/questions.yml by
scripts/gen_assessment.py, so no file is read at import)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.runtime import content, lang_of, say
from actions.ui import choice_buttons
from skincheck import asking, questions
from skincheck.texts import pick

TRIES_SLOT = "answer_tries"


def is_skippable(slot: str) -> bool:
    return bool(content().questions["questions"][slot].get("skippable", True))


class AskQuestion(Action):
    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        lang = lang_of(tracker)
        buttons = choice_buttons(questions.buttons(content(), self.slot, lang))
        if is_skippable(self.slot):
            buttons += choice_buttons([(say("messages", "assessment.skip_button", tracker), "skip")])
        style = asking.ask_style(asking.tries_of(tracker.get_slot(TRIES_SLOT), self.slot))
        if style == "prompt":
            text = questions.prompt(content(), self.slot, lang)
        elif style == "reask":
            text = questions.reask(content(), self.slot, lang)
        else:
            text = help_text(self.slot, tracker)
        dispatcher.utter_message(text=f"{progress_text(self.slot, tracker)}\n{text}", buttons=buttons)
        return []


def progress_text(slot: str, tracker: Tracker) -> str:
    """ "Question 9 of 24", counting the questions this person's answers lead to."""
    answers = {name: tracker.get_slot(name) for name in ASSESSMENT_SLOTS}
    n, total = asking.progress(content(), answers, slot)
    return say("messages", "asking.progress", tracker, n=n, total=total)


def help_text(slot: str, tracker: Tracker) -> str:
    """After two failed tries: the choices again, an example of a typed answer, and Skip where allowed."""
    entry = content().questions["questions"][slot].get("example") or content().messages["asking"]["default_example"]
    example = pick(entry, lang_of(tracker))
    key = "asking.help" if is_skippable(slot) else "asking.help_no_skip"
    return say("messages", key, tracker, example=example)


# Kept in a dict: classes nobody references are garbage-collected before rasa-sdk looks for them.
ASK_ACTIONS = {
    slot: type(f"AskQuestion_{slot}", (AskQuestion,), {"slot": slot, "__module__": __name__})
    for slot in ASSESSMENT_SLOTS
}
