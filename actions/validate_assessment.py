"""Validator of skin_assessment_form: which questions remain, and what each answer means."""
from typing import Any, Optional, Text

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.forms_base import QuestionFormValidator, Updates, is_payload, latest_text
from actions.interruptions import screening_answers
from actions.runtime import content, lang_of, say
from skincheck import concern, questions, urgency
from skincheck.content import SKIPPED
from skincheck.safety import screen_text
from skincheck.texts import pick
from skincheck.urgency import screening_slots


def stop_at_once() -> str:
    return content().scoring["urgency"]["stop_at_once"]


class ValidateSkinAssessmentForm(QuestionFormValidator):
    def name(self) -> Text:
        return "validate_skin_assessment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        # Red flags, condition-specific items and follow-ups decide what is asked (content/questions.yml).
        if self.stopped(tracker):
            return []
        answers = {slot: tracker.get_slot(slot) for slot in domain_slots}
        return questions.next_questions(content(), answers)

    def validate_answer(self, slot: Text, value: Any, dispatcher, tracker) -> Updates:
        during_screen = self.screen_answer(slot, value, dispatcher, tracker)
        return during_screen if during_screen is not None else super().validate_answer(slot, value, dispatcher, tracker)

    def screen_answer(self, slot: Text, value: Any, dispatcher, tracker) -> Optional[Updates]:
        """During the screen, a typed presentation below the 999 tier ("yes, I have a fever", "no, but my mole
        bleeds") counts as a "yes" to its screening question and the screen goes on, so every question is still
        asked. A 999-level message is left to the base validator, which gives the advice and stops at once."""
        text = latest_text(tracker)
        if slot not in screening_slots(content()) or not text or is_payload(text):
            return None
        hit = screen_text(content(), text, known=screening_answers(tracker))
        if hit is None or hit.kind != "red_flag" or not hit.flags:
            return None
        if urgency.Urgency(hit.level).at_least(content(), stop_at_once()):
            return None
        updates: Updates = {flag: "yes" for flag in hit.flags}
        if slot not in updates:
            parsed = self.parse(slot, value, tracker, dispatcher) if value is not None else None
            if parsed is None:
                self.reask(slot, tracker, dispatcher)
                parsed = {slot: None}
            updates.update(parsed)
        return updates

    def parse(self, slot: Text, value: Any, tracker, dispatcher) -> Optional[Updates]:
        if slot == concern.SLOT:
            return self.parse_concern(value, tracker, dispatcher)
        return self.parse_plain(slot, value, tracker, dispatcher)

    def parse_concern(self, value: Any, tracker, dispatcher) -> Optional[Updates]:
        """A concern guessed from symptom words is only a suggestion until the person confirms it."""
        text = latest_text(tracker)
        guess = tracker.get_slot("concern_guess")
        if guess and not is_payload(text):
            reply = concern.yes_or_no(content(), text)
            if reply == "yes":
                return {concern.SLOT: guess, "concern_guess": None}
            if reply == "no":
                dispatcher.utter_message(text=say("messages", "assessment.concern_not_confirmed", tracker))
                return {concern.SLOT: None, "concern_guess": None}
        updates = self.parse_plain(concern.SLOT, value, tracker, dispatcher)
        chosen = (updates or {}).get(concern.SLOT)
        if not chosen or chosen == SKIPPED or is_payload(text) or concern.named(content(), chosen, text):
            return None if updates is None else {**updates, "concern_guess": None}
        label = pick(content().guidance["concern_labels"][chosen], lang_of(tracker))
        dispatcher.utter_message(text=say("messages", "assessment.confirm_concern", tracker, concern=label))
        return {concern.SLOT: None, "concern_guess": chosen}

    def parse_plain(self, slot: Text, value: Any, tracker, dispatcher) -> Optional[Updates]:
        answer = questions.parse_answer(content(), slot, str(value), lang_of(tracker))
        if answer.skipped:
            dispatcher.utter_message(text=say("messages", "assessment.skipped", tracker))
            return {slot: SKIPPED}
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
