"""Base validator shared by every form: safety screening, then the answer, then interruptions.

Parsing the answer before looking at the intent matters: a short answer such as "dairy every day"
can be misread by the NLU as an FAQ, but it is still a valid answer to the pending question."""

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import interruptions
from actions.runtime import content
from skincheck.asking import looks_like_question
from skincheck.safety import screen_text

Updates = dict[str, Any]


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def is_payload(text: str) -> bool:
    """Button payloads (/intent{...}) come from our own buttons, not from free typing."""
    return text.startswith("/")


class QuestionFormValidator(FormValidationAction, ABC):
    @abstractmethod
    def parse(self, slot: str, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> Updates | None:
        """Slot updates when `value` answers `slot`, or None when it does not."""

    @abstractmethod
    def reask(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
        """Explain that the answer was not understood (the form then asks the question again)."""

    async def get_validation_events(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        form_slots = set(self.domain_slots(domain))
        updates: Updates = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot not in form_slots:
                continue
            result = self.validate_answer(slot, value, dispatcher, tracker)
            updates.update(result)
            tracker.slots.update(result)
        return [SlotSet(key, value) for key, value in updates.items()]

    # True: an FAQ interrupts only a message that is clearly a question ("is yogurt good for the skin?");
    # anything else is an answer or a failed try ("5 hours of sleep" never gets the opening hours).
    faq_needs_question = False

    def validate_answer(self, slot: str, value: Any, dispatcher, tracker) -> Updates:
        text = latest_text(tracker)
        if text and not is_payload(text):
            hit = screen_text(content(), text, known=interruptions.screening_answers(tracker))
            if hit is not None:
                updates = interruptions.on_safety_hit(hit, dispatcher, tracker)
                if updates:
                    return {slot: None, **updates}
                # routine advice was given; the message may still answer the question
        allow_faq = not self.faq_needs_question or is_payload(text) or looks_like_question(content(), text)
        if slot in self.free_text_slots():
            # A name can be almost any text, so a confident FAQ or "stop" is not taken as one.
            handled = interruptions.handle_intent(slot, dispatcher, tracker, form_slots=self.form_slots())
            if handled is not None:
                return {slot: None, **handled}
        asked_faq = self.faq_needs_question and allow_faq and interruptions.is_faq(tracker)
        if value is not None and not asked_faq:
            parsed = self.parse(slot, value, tracker, dispatcher)
            if parsed is not None:
                return parsed
        handled = interruptions.handle_intent(
            slot, dispatcher, tracker, form_slots=self.form_slots(), allow_faq=allow_faq
        )
        if handled is not None:
            return {slot: None, **handled}
        if asked_faq and value is not None:  # a question-like message the NLU could not place: maybe an answer
            parsed = self.parse(slot, value, tracker, dispatcher)
            if parsed is not None:
                return parsed
        return {slot: None, **self.failed(slot, tracker, dispatcher)}

    def failed(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Updates:
        """The message neither answered nor interrupted: say so (subclasses may ask differently instead)."""
        self.reask(slot, tracker, dispatcher)
        return {}

    def free_text_slots(self) -> list[str]:
        """Slots whose answers are free text: interruptions are checked before the answer."""
        return []

    def form_slots(self) -> list[str]:
        """Slots a correction may change while this form runs."""
        return []

    def stopped(self, tracker: Tracker) -> bool:
        return bool(tracker.get_slot("flow_stopped"))
