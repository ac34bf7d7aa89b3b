"""The conversation's language (en | ms): decided at the first message, changed only by the person.

`action_detect_language` is the `language` slot's custom mapping (domain/core.yml), so Rasa runs it while
extracting slots, before any reply of that turn: the greeting and every response variation already see
the language. It is skipped for form answers (`not_intent: inform`), the bulk of all messages."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import lang_of, language_rules
from skincheck.language import CHOOSE_INTENT, decide, requested

SLOT = "language"


def _chosen_entity(tracker: Tracker):
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == SLOT:
            return entity.get("value")
    return None


def switch_buttons(current: str) -> list[dict[str, str]]:
    """A button for every other language, titled in that language ("Bahasa Melayu" / "English")."""
    rules = language_rules()
    return [
        {"title": rules.buttons[lang], "payload": f'/{CHOOSE_INTENT}{{"language":"{lang}"}}'}
        for lang in rules.supported
        if lang != current
    ]


def utter_language_chosen(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Confirms the language now in use, or offers both when the message named none ("change language")."""
    rules = language_rules()
    message = tracker.latest_message or {}
    if _chosen_entity(tracker) is None and requested(rules, message.get("text") or "") is None:
        buttons = [
            {"title": rules.buttons[lang], "payload": f'/{CHOOSE_INTENT}{{"language":"{lang}"}}'}
            for lang in rules.supported
        ]
        dispatcher.utter_message(text=rules.text("which", lang_of(tracker)), buttons=buttons)
        return
    dispatcher.utter_message(text=rules.text("confirmed", lang_of(tracker)))


class ActionDetectLanguage(Action):
    def name(self) -> str:
        return "action_detect_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        message = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        intent = (message.get("intent") or {}).get("name")
        value = decide(
            language_rules(),
            tracker.get_slot(SLOT),
            intent,
            _chosen_entity(tracker),
            message.get("text") or "",
            metadata.get("language") if isinstance(metadata, dict) else None,
        )
        return [SlotSet(SLOT, value)] if value else []


class ActionLanguageChosen(Action):
    def name(self) -> str:
        return "action_language_chosen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        utter_language_chosen(dispatcher, tracker)
        return []
