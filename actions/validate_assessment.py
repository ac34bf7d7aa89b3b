"""Validator of skin_assessment_form: which questions remain, and what each answer means."""
from typing import Any, Optional, Text

from actions.ask_assessment import ASSESSMENT_SLOTS
from actions.forms_base import QuestionFormValidator, Updates
from actions.runtime import content, lang_of, say
from skincheck import questions


class ValidateSkinAssessmentForm(QuestionFormValidator):
    def name(self) -> Text:
        return "validate_skin_assessment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        # Red flags, condition-specific items and follow-ups decide what is asked (content/questions.yml).
        if self.stopped(tracker):
            return []
        answers = {slot: tracker.get_slot(slot) for slot in domain_slots}
        return questions.next_questions(content(), answers)

    def parse(self, slot: Text, value: Any, tracker, dispatcher) -> Optional[Updates]:
        answer = questions.parse_answer(content(), slot, str(value), lang_of(tracker))
        if answer.skipped:
            dispatcher.utter_message(text=say("messages", "assessment.skipped", tracker))
            return {slot: questions.SKIPPED}
        if answer.skip_refused:
            dispatcher.utter_message(text=say("messages", "assessment.skip_not_allowed", tracker))
            return {slot: None}
        if answer.value is not None:
            return {slot: answer.value}
        return None

    def reask(self, slot: Text, tracker, dispatcher) -> None:
        dispatcher.utter_message(text=questions.reask(content(), slot, lang_of(tracker)))

    def form_slots(self):
        return list(ASSESSMENT_SLOTS)
