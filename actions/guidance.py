"""The result of the self-assessment: band, factors and guidance, then the hand-over to booking."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.assessment_slots import ASSESSMENT_SLOTS
from actions.branches import utter_nearest, where_is
from actions.handoff import request_staff
from actions.runtime import content, lang_of, say
from actions.ui import intent_button
from skincheck.assess import assess
from skincheck.guidance import guidance_messages
from storage import handoffs


def answers_of(tracker: Tracker) -> dict:
    return {slot: tracker.get_slot(slot) for slot in ASSESSMENT_SLOTS}


def utter_guidance(dispatcher, tracker: Tracker) -> list:
    """Utters the guidance for the current answers and returns the outcome slots."""
    result = assess(content(), answers_of(tracker))
    for text in guidance_messages(content(), result, lang_of(tracker)):
        dispatcher.utter_message(text=text)
    if result.red_flags:
        request_staff(tracker, handoffs.RED_FLAG)  # staff follow up on urgent advice (the Inbox)
    return [
        SlotSet("red_flag", bool(result.red_flags)),
        SlotSet("urgency", result.urgency),
        SlotSet("severity_band", result.band),
        SlotSet("severity_score", result.score),
        SlotSet("factors", list(result.factors)),
        SlotSet("assessment_done", True),
    ]


class ActionGiveGuidance(Action):
    def name(self) -> str:
        return "action_give_guidance"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("flow_stopped"):
            # Stopped, or cut short by safety language: the form already said what was needed.
            return []
        return utter_guidance(dispatcher, tracker)


class ActionOfferBooking(Action):
    """Hands over to the nearest branch and booking, unless the person was told to call 999."""

    def name(self) -> str:
        return "action_offer_booking"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("flow_stopped"):
            return [SlotSet("flow_stopped", False)]
        if tracker.get_slot("urgency") == "emergency":
            return []
        location = where_is(tracker)
        if location is not None:
            utter_nearest(dispatcher, tracker, location)
            return []
        dispatcher.utter_message(
            text=say("booking", "booking.offer", tracker),
            buttons=[
                intent_button(say("booking", "booking.button_find_branch", tracker), "find_branch"),
                intent_button(say("booking", "booking.button_not_now", tracker), "deny"),
            ],
        )
        return []
