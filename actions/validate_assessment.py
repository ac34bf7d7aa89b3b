"""Validator of skin_assessment_form: which questions remain, and what each answer means.

Typed answers (issue 10): an answer given with a detail also fills the follow-up question ("yes, Yakult daily");
a food named as a trigger is kept for the doctor's summary; failed tries are counted so the ask action can
change how it asks; a concern, body area or duration named before the check started is not asked again; and a
person coming back after a long silence is offered to continue or start over."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk.events import SlotSet

from actions.ask_assessment import TRIES_SLOT
from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.entities import ENTITY_SLOTS
from actions.forms_base import QuestionFormValidator, Updates, is_payload, latest_text
from actions.interruptions import screening_answers
from actions.runtime import content, lang_of, say
from actions.ui import intent_button
from skincheck import asking, concern, questions, urgency
from skincheck.content import SKIPPED
from skincheck.dates import malaysia_today
from skincheck.options import option_values
from skincheck.safety import screen_text
from skincheck.texts import pick
from skincheck.urgency import screening_slots

RESUME = "resume"  # the "Continue" button's choice value: no answer, just ask the pending question again
# What a person may have said before the check started that answers a question, by NLU entity.
EARLY_INTENTS_IGNORED = ("correct_answer", "out_of_scope", "deny", "stop", "restart")


def stop_at_once() -> str:
    return content().scoring["urgency"]["stop_at_once"]


class ValidateSkinAssessmentForm(QuestionFormValidator):
    faq_needs_question = True

    def name(self) -> str:
        return "validate_skin_assessment_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        # Red flags, condition-specific items and follow-ups decide what is asked (content/questions.yml).
        if self.stopped(tracker):
            return []
        answers = {slot: tracker.get_slot(slot) for slot in domain_slots}
        return questions.next_questions(content(), answers)

    async def get_validation_events(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        said = said_before_the_check(tracker)
        tracker.slots.update(said)  # known, not "to validate": they were not answers to the pending question
        return [SlotSet(slot, value) for slot, value in said.items()] + await super().get_validation_events(
            dispatcher, tracker, domain
        )

    def validate_answer(self, slot: str, value: Any, dispatcher, tracker) -> Updates:
        during_screen = self.screen_answer(slot, value, dispatcher, tracker)
        return during_screen if during_screen is not None else super().validate_answer(slot, value, dispatcher, tracker)

    def screen_answer(self, slot: str, value: Any, dispatcher, tracker) -> Updates | None:
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
        updates: Updates = dict.fromkeys(hit.flags, "yes")
        if slot not in updates:
            parsed = self.parse(slot, value, tracker, dispatcher) if value is not None else None
            if parsed is None:
                self.reask(slot, tracker, dispatcher)
                parsed = {slot: None}
            updates.update(parsed)
        return updates

    def parse(self, slot: str, value: Any, tracker, dispatcher) -> Updates | None:
        if slot == concern.SLOT:
            return self.parse_concern(value, tracker, dispatcher)
        return self.parse_plain(slot, value, tracker, dispatcher)

    def parse_concern(self, value: Any, tracker, dispatcher) -> Updates | None:
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

    def parse_plain(self, slot: str, value: Any, tracker, dispatcher) -> Updates | None:
        if str(value) == RESUME:
            return {slot: None}
        today = malaysia_today(datetime.now(timezone.utc))
        answer = questions.parse_answer(content(), slot, str(value), lang_of(tracker), today=today)
        if answer.skipped:
            dispatcher.utter_message(text=say("messages", "assessment.skipped", tracker))
            return {slot: SKIPPED, TRIES_SLOT: None}
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

    def failed(self, slot: str, tracker, dispatcher) -> Updates:
        # No sentence here: action_ask_<slot> asks again, in a different way each time (skincheck.asking).
        if coming_back(tracker):  # "hi" hours later: not a wrong answer, a person returning
            offer_to_continue(dispatcher, tracker)
            return {TRIES_SLOT: None}
        tries = asking.tries_of(tracker.get_slot(TRIES_SLOT), slot)
        return {TRIES_SLOT: f"{slot}:{tries + 1}"}

    def reask(self, slot: str, tracker, dispatcher) -> None:
        dispatcher.utter_message(text=questions.reask(content(), slot, lang_of(tracker)))

    def form_slots(self):
        return list(ASSESSMENT_SLOTS)


def said_before_the_check(tracker) -> dict[str, Any]:
    """Answers named in this session before the check started ("I have eczema on my hands"), for questions not
    answered yet. Only NLU entities count, and only one distinct value per question (two concerns: ask)."""
    found: dict[str, set] = {}
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
            slot = ENTITY_SLOTS.get(entity.get("entity"))
            if slot:
                found.setdefault(slot, set()).add(str(entity.get("value")))
    if not found:
        return {}  # the usual case; the option lists are built only when something was named
    updates = {}
    values = option_values(content().questions)
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
        buttons=[
            intent_button(say("messages", "asking.continue_button", tracker), "inform", choice=RESUME),
            intent_button(say("messages", "asking.start_over_button", tracker), "restart"),
        ],
    )
