"""Changing an earlier answer after the assessment: update it and show the updated guidance."""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.guidance import utter_guidance
from actions.interruptions import correction_updates


class ActionCorrectAnswer(Action):
    def name(self) -> str:
        return "action_correct_answer"

    async def run(self, dispatcher, tracker, domain):
        updates = correction_updates(dispatcher, tracker, ASSESSMENT_SLOTS)
        # Outside a form there is nobody to re-ask, so an unclear answer is left as it was.
        changed = {key: value for key, value in updates.items() if value is not None}
        events = [SlotSet(key, value) for key, value in changed.items()]
        if changed and tracker.get_slot("assessment_done"):
            tracker.slots.update(changed)
            events += utter_guidance(dispatcher, tracker)
        return events
