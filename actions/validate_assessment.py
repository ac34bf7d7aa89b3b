"""Validator of skin_assessment_form: which questions remain, and what each answer means.

Typed answers (issue 10): an answer given with a detail also fills the follow-up question ("yes, Yakult daily");
a food named as a trigger is kept for the doctor's summary; failed tries are counted so the ask action can
change how it asks; a concern, body area or duration named before the check started is not asked again; and a
person coming back after a long silence is offered to continue or start over."""
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text

from rasa_sdk.events import SlotSet

from actions.ask_assessment import ASSESSMENT_SLOTS, TRIES_SLOT
from actions.forms_base import QuestionFormValidator, Updates, is_payload, latest_text
from actions.runtime import content, lang_of, say
from actions.ui import intent_button
from skincheck import asking, questions
from skincheck.dates import malaysia_today

RESUME = "resume"  # the "Continue" button's choice value: no answer, just ask the pending question again
# What a person may have said before the check started that answers a question, by NLU entity.
EARLY_ENTITIES = {"condition": "concern", "body_area": "body_area", "duration": "duration"}
EARLY_INTENTS_IGNORED = ("correct_answer", "out_of_scope", "deny", "stop", "restart")


class ValidateSkinAssessmentForm(QuestionFormValidator):
    faq_needs_question = True

    def name(self) -> Text:
        return "validate_skin_assessment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        # Red flags, condition-specific items and follow-ups decide what is asked (content/questions.yml).
        if self.stopped(tracker):
            return []
        answers = {slot: tracker.get_slot(slot) for slot in domain_slots}
        return questions.next_questions(content(), answers)

    async def get_validation_events(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        early = [SlotSet(slot, value) for slot, value in said_before_the_check(tracker).items()]
        tracker.add_slots(early)
        return early + await super().get_validation_events(dispatcher, tracker, domain)

    def parse(self, slot: Text, value: Any, tracker, dispatcher) -> Optional[Updates]:
        if str(value) == RESUME:
            return {slot: None}
        today = malaysia_today(datetime.now(timezone.utc))
        answer = questions.parse_answer(content(), slot, str(value), lang_of(tracker), today=today)
        if answer.skipped:
            dispatcher.utter_message(text=say("messages", "assessment.skipped", tracker))
            return {slot: questions.SKIPPED, TRIES_SLOT: None}
        if answer.skip_refused:
            dispatcher.utter_message(text=say("messages", "assessment.skip_not_allowed", tracker))
            return {slot: None}
        if answer.value is None:
            return None
        updates: Updates = {slot: answer.value, TRIES_SLOT: None}
        for other, other_value in answer.also.items():
            if tracker.get_slot(other) is None:
                updates[other] = other_value
        if answer.note:
            updates["trigger_foods"] = answer.note
        return updates

    def failed(self, slot: Text, tracker, dispatcher) -> Updates:
        # No sentence here: action_ask_<slot> asks again, in a different way each time (skincheck.asking).
        if coming_back(tracker):  # "hi" hours later: not a wrong answer, a person returning
            offer_to_continue(dispatcher, tracker)
            return {TRIES_SLOT: None}
        tries = asking.tries_of(tracker.get_slot(TRIES_SLOT), slot)
        return {TRIES_SLOT: f"{slot}:{tries + 1}"}

    def reask(self, slot: Text, tracker, dispatcher) -> None:
        dispatcher.utter_message(text=questions.reask(content(), slot, lang_of(tracker)))

    def form_slots(self):
        return list(ASSESSMENT_SLOTS)


def said_before_the_check(tracker) -> Dict[Text, Any]:
    """Answers named in this session before the check started ("I have eczema on my hands"), for questions not
    answered yet. Only NLU entities count, and only one distinct value per question (two concerns: ask)."""
    found: Dict[Text, set] = {}
    for event in tracker.events:
        if event.get("event") == "active_loop" and event.get("name") == "skin_assessment_form":
            break
        if event.get("event") == "session_started":
            found = {}
        if event.get("event") != "user" or is_payload(event.get("text") or ""):
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
        if intent.startswith("faq_") or intent in EARLY_INTENTS_IGNORED:
            continue
        for entity in (event.get("parse_data") or {}).get("entities") or []:
            slot = EARLY_ENTITIES.get(entity.get("entity"))
            if slot:
                found.setdefault(slot, set()).add(str(entity.get("value")))
    updates = {}
    values = questions.SLOT_VALUES
    for slot, named in found.items():
        if tracker.get_slot(slot) is not None:
            continue
        if slot == "body_area":
            areas = [v for v in values["body_area"] if v in named]
            if areas:
                updates[slot] = ",".join(areas)
        elif len(named) == 1 and next(iter(named)) in values[slot]:
            updates[slot] = next(iter(named))
    return updates


def coming_back(tracker) -> bool:
    """True when this message comes long after the previous one, in the middle of the check."""
    minutes = content().messages["asking"]["resume_after_minutes"]
    times = [e.get("timestamp") for e in tracker.events if e.get("event") == "user" and e.get("timestamp")]
    if len(times) < 2 or is_payload(latest_text(tracker)):
        return False
    return times[-1] - times[-2] > minutes * 60


def offer_to_continue(dispatcher, tracker) -> None:
    answers = {slot: tracker.get_slot(slot) for slot in ASSESSMENT_SLOTS}
    answered = sum(1 for v in answers.values() if v not in (None, ""))
    dispatcher.utter_message(
        text=say("messages", "asking.welcome_back", tracker, answered=answered),
        buttons=[intent_button(say("messages", "asking.continue_button", tracker), "inform", choice=RESUME),
                 intent_button(say("messages", "asking.start_over_button", tracker), "restart")])
