"""Consent before any health question (PDPA 2010: health data is sensitive personal data).

The notice text and its version live together in content/messages.yml, so the recorded version
always names the text the person actually saw. The record is the SlotSet events in the tracker store."""

import os
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.entities import ENTITY_SLOTS
from actions.language import switch_buttons
from actions.runtime import content, lang_of, say
from skincheck import privacy, questions


def consent_buttons(tracker: Tracker) -> list[dict[str, str]]:
    # The language switch sits on the first question everyone sees (three buttons: WhatsApp's maximum).
    return [
        {"title": say("messages", "consent.button_agree", tracker), "payload": "/consent_agree"},
        {"title": say("messages", "consent.button_decline", tracker), "payload": "/consent_decline"},
    ] + switch_buttons(lang_of(tracker))


def retention_days() -> int:
    return privacy.retention_days_from(os.environ)


def utter_consent_notice(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    text = privacy.notice(content(), retention_days(), lang_of(tracker))
    dispatcher.utter_message(text=text, buttons=consent_buttons(tracker))


def utter_privacy(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    dispatcher.utter_message(text=privacy.faq(content(), retention_days(), lang_of(tracker)))


def refuses(text: str) -> bool:
    """A typed refusal of the notice: decline words in either language, or a reply that starts with a no."""
    return privacy.typed_decline(content(), text) or questions.polarity(content(), text) == "no"


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class ActionAskConsent(Action):
    def name(self) -> str:
        return "action_ask_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        utter_consent_notice(dispatcher, tracker)
        return [SlotSet("language", lang_of(tracker))]


class ActionNeedConsent(Action):
    """Someone asked for a health question or a booking before agreeing: explain and ask again."""

    def name(self) -> str:
        return "action_need_consent"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("messages", "consent.required", tracker))
        utter_consent_notice(dispatcher, tracker)
        return []


class ActionNeedConsentForBooking(ActionNeedConsent):
    """Same words; a separate name so the rules continue with the booking form after consent."""

    def name(self) -> str:
        return "action_need_consent_for_booking"


ASKED_BY = ("action_ask_consent", "action_need_consent", "action_need_consent_for_booking")


def greeted_with_a_concern(tracker: Tracker) -> bool:
    """The consent notice answered a greeting that named a skin concern ("hi, I have pimples on my chin"). After
    consent the check then starts, as it does for "I want to check my acne", instead of showing the menu. Only
    for the greeting's notice (action_ask_consent): consent asked before a booking goes on to the booking."""
    session_start, asked_at = 0, None
    for i, event in enumerate(tracker.events):
        if event.get("event") == "session_started":
            session_start, asked_at = i, None
        if event.get("event") == "action" and event.get("name") in ASKED_BY:
            asked_at = i if event.get("name") == "action_ask_consent" else None
    if asked_at is None:
        return False
    return any(
        event.get("event") == "user"
        and any(
            ENTITY_SLOTS.get(e.get("entity")) == "concern"
            for e in (event.get("parse_data") or {}).get("entities") or []
        )
        for event in tracker.events[session_start:asked_at]
    )


class ActionRecordConsent(Action):
    def name(self) -> str:
        return "action_record_consent"

    async def run(self, dispatcher, tracker, domain):
        text = str((tracker.latest_message or {}).get("text") or "")
        if not text.startswith("/") and refuses(text):
            # Consent must be explicit: a typed refusal the language model read as "agree" is a decline.
            return await ActionRecordConsentDeclined().run(dispatcher, tracker, domain)
        dispatcher.utter_message(text=say("messages", "consent.recorded", tracker))
        events: list[dict[str, Any]] = [
            SlotSet("consent_given", True),
            SlotSet("consent_at", _now_iso()),
            SlotSet("consent_version", str(content().messages["consent"]["version"])),
            SlotSet("language", lang_of(tracker)),
        ]
        if greeted_with_a_concern(tracker):
            events.append(FollowupAction("skin_assessment_form"))
        return events


class ActionRecordConsentDeclined(Action):
    """A decline is recorded too, and withdraws an earlier consent."""

    def name(self) -> str:
        return "action_record_consent_declined"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("messages", "consent.declined", tracker))
        return [
            SlotSet("consent_given", False),
            SlotSet("consent_at", _now_iso()),
            SlotSet("consent_version", str(content().messages["consent"]["version"])),
        ]


class ActionFaqPrivacy(Action):
    """The privacy answer, with the data user, contact and retention period filled in (skincheck.privacy)."""

    def name(self) -> str:
        return "action_faq_privacy"

    async def run(self, dispatcher, tracker, domain):
        utter_privacy(dispatcher, tracker)
        return []
