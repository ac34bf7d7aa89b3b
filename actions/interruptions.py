"""What a form does with a message that is not an answer to its pending question.

Shared by every form validator (actions/forms_base.py). Each handler returns slot updates (the
form then repeats its question), or None when the message is simply not understood."""

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.branch_info import utter_branch_info, utter_handoff
from actions.consent import utter_privacy
from actions.handoff import request_staff
from actions.language import utter_language_chosen
from actions.runtime import content, lang_of, say
from skincheck import safety
from skincheck.corrections import parse_correction
from skincheck.language import CHOOSE_INTENT
from skincheck.questions import label
from skincheck.safety import SafetyHit
from skincheck.urgency import cuts_assessment_short, screening_slots
from storage import handoffs

# Below this the NLU guess is too weak to act on; the question is simply asked again.
MIN_CONFIDENCE = 0.6
# The NLU's self_harm at this confidence or more (without an explicit phrase) gets a gentle check-in.
CHECK_IN_CONFIDENCE = 0.4
GENERIC_RED_FLAG = SafetyHit(kind="red_flag", level="see_doctor_today", message_key="general")
CRISIS = SafetyHit(kind="self_harm", level="crisis", message_key="self_harm")

Updates = dict[str, Any]


def latest_intent(tracker: Tracker) -> tuple:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def on_safety_hit(hit: SafetyHit, dispatcher: CollectingDispatcher, tracker: Tracker) -> Updates:
    """Urgent advice or crisis support now; the running form stops (nothing else matters more). Routine advice
    (a changing mole) is given and the conversation goes on: it is not a reason to drop the skin check."""
    for text in safety.messages(content(), hit, lang_of(tracker)):
        dispatcher.utter_message(text=text)
    if hit.kind == "red_flag" and not cuts_assessment_short(content(), hit.level):
        return {}
    # Staff follow up on every urgent red flag and crisis reply (the Inbox).
    request_staff(tracker, handoffs.CRISIS if hit.kind == "self_harm" else handoffs.RED_FLAG)
    updates: Updates = {"flow_stopped": True}
    if hit.kind == "red_flag":
        updates.update(red_flag=True, urgency=hit.level)
    return updates


def screening_answers(tracker: Tracker) -> dict:
    """The screening answers so far (red flags, age), so a typed symptom combines with them."""
    return {slot: tracker.get_slot(slot) for slot in screening_slots(content())}


def self_harm_confidence(tracker: Tracker) -> float:
    """The NLU's confidence in self_harm, even when another intent ranks first."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    top = latest_intent(tracker)
    scores = [float(e.get("confidence") or 0) for e in ranking if e.get("name") == "self_harm"]
    return max(scores + ([top[1]] if top[0] == "self_harm" else []) + [0.0])


def utter_check_in(dispatcher: CollectingDispatcher, tracker: Tracker, in_form: bool) -> None:
    """A gentle question, the crisis lines one tap away ("/self_harm" from a button is explicit: full text)."""
    okay = (
        {"title": say("safety", "messages.check_in_okay", tracker), "payload": '/inform{"choice":"resume"}'}
        if in_form
        else {"title": say("safety", "messages.check_in_okay", tracker), "payload": "/show_menu"}
    )
    dispatcher.utter_message(
        text=say("safety", "messages.self_harm_check_in", tracker),
        buttons=[{"title": say("safety", "messages.check_in_support", tracker), "payload": "/self_harm"}, okay],
    )


def is_faq(tracker: Tracker) -> bool:
    intent, confidence = latest_intent(tracker)
    return bool(intent) and intent.startswith("faq_") and confidence >= MIN_CONFIDENCE


def handle_intent(
    slot: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    form_slots: Iterable[str] = (),
    allow_faq: bool = True,
) -> Updates | None:
    intent, confidence = latest_intent(tracker)
    if intent == "self_harm" and ((tracker.latest_message or {}).get("text") or "").startswith("/"):
        return on_safety_hit(CRISIS, dispatcher, tracker)  # the "Show support lines" button
    if self_harm_confidence(tracker) >= CHECK_IN_CONFIDENCE:
        # Explicit phrases were caught by screen_text before this: the NLU alone asks gently.
        utter_check_in(dispatcher, tracker, in_form=True)
        return {}
    if not intent or confidence < MIN_CONFIDENCE:
        return None
    if intent.startswith("faq_") and not allow_faq:
        return None
    if intent == "faq_branches_hours":
        utter_branch_info(dispatcher, tracker)
        return {}
    if intent == "faq_privacy":
        utter_privacy(dispatcher, tracker)
        return {}
    if intent.startswith("faq_"):
        dispatcher.utter_message(response=f"utter_{intent}")
        if intent == "faq_fees":  # the branch contacts; prices are never invented
            utter_handoff(dispatcher, tracker)
        return {}
    if intent == "ask_human":
        utter_handoff(dispatcher, tracker)
        return {}
    if intent == "bot_challenge":  # "are you a bot?" mid-check gets its answer, then the question again
        dispatcher.utter_message(response="utter_bot_challenge")
        return {}
    if intent == CHOOSE_INTENT:
        utter_language_chosen(dispatcher, tracker)  # the slot is already set; the question follows in it
        return {}
    if intent == "stop":
        dispatcher.utter_message(response="utter_stopped")
        return {"flow_stopped": True}
    if intent == "report_red_flag":
        if safety.only_denied(content(), (tracker.latest_message or {}).get("text") or ""):
            return None  # "no blisters" to another question: a denial, not a report; the question is asked again
        return on_safety_hit(GENERIC_RED_FLAG, dispatcher, tracker)
    if intent == "correct_answer":
        return correction_updates(dispatcher, tracker, form_slots)
    return None


def correction_updates(dispatcher: CollectingDispatcher, tracker: Tracker, allowed: Iterable[str]) -> Updates:
    """ "Actually I do take probiotics": change that answer, or clear it so it is asked again."""
    lang = lang_of(tracker)
    text = (tracker.latest_message or {}).get("text") or ""
    found = parse_correction(content(), text, lang)
    if not found or found[0] not in set(allowed):
        dispatcher.utter_message(text=say("messages", "assessment.correction_not_understood", tracker))
        return {}
    slot, value = found
    if value is None:
        # Clearing it makes the form ask that question next (it is earlier in the order).
        dispatcher.utter_message(text=say("messages", "assessment.correction_not_understood", tracker))
        return {slot: None}
    dispatcher.utter_message(
        text=say("messages", "assessment.answer_updated", tracker, question=label(content(), slot, lang))
    )
    return {slot: value}
