"""Two-stage fallback with "did you mean" buttons, and a restart that greets again.

These override Rasa's default actions of the same names so that every sentence comes from
content/fallback.yml (clinician-editable, translatable) instead of Rasa's built-in English."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import misunderstood_in_a_row, request_staff
from actions.interruptions import CHECK_IN_CONFIDENCE, self_harm_confidence, utter_check_in
from actions.runtime import content, say
from storage import handoffs

MAX_SUGGESTIONS = 2
IGNORED_INTENTS = {"nlu_fallback", "out_of_scope", "inform", "affirm", "deny"}


def suggestion_buttons(tracker: Tracker) -> list[dict[str, str]]:
    """The most likely intents that have a friendly label, best first."""
    labels = content().fallback["labels"]
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    buttons = []
    for entry in ranking:
        name = entry.get("name")
        if name in IGNORED_INTENTS or name not in labels:
            continue
        buttons.append({"title": say("fallback", f"labels.{name}", tracker), "payload": f"/{name}"})
        if len(buttons) == MAX_SUGGESTIONS:
            break
    return buttons


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        if self_harm_confidence(tracker) >= CHECK_IN_CONFIDENCE:
            utter_check_in(dispatcher, tracker, in_form=False)  # never offer self-harm as a "did you mean"
            return []
        buttons = suggestion_buttons(tracker)
        # "Something else" sends out_of_scope, which the two-stage fallback reads as a "no".
        buttons.append({"title": say("fallback", "something_else", tracker), "payload": "/out_of_scope"})
        dispatcher.utter_message(text=say("fallback", "did_you_mean", tracker), buttons=buttons)
        return []


class ActionDefaultAskRephrase(Action):
    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("fallback", "ask_rephrase", tracker))
        return []


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(
            text=say("fallback", "give_up", tracker),
            buttons=[
                {"title": say("fallback", "menu_button", tracker), "payload": "/show_menu"},
                {"title": say("fallback", "human_button", tracker), "payload": "/ask_human"},
            ],
        )
        if misunderstood_in_a_row(tracker) >= 2:
            request_staff(tracker, handoffs.FALLBACK)  # a person takes over (the Inbox)
        # Like Rasa's own default: forget the message that could not be understood.
        return [UserUtteranceReverted()]


class ActionRestart(Action):
    """Start over: a fresh conversation that asks for consent again before any health question.

    The consent question runs as the follow-up action, after the reset, so the tracker records it
    and a typed "yes" to it is understood (the rules look at the action before the answer)."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("messages", "restarted", tracker))
        dispatcher.utter_message(response="utter_greet")
        return [Restarted(), FollowupAction("action_ask_consent")]
