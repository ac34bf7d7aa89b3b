"""Conversations in Rasa's real event format for the "Needs labelling" queue tests."""

import datetime as dt

from rasa.shared.core.events import BotUttered

from .rasa_db import Script, save_events

FIBRE_PROMPT = "How often do you eat vegetables, fruit or wholegrains?"
FIBRE_REASK = "Please choose one: Daily, Some days or Rarely."
FIBRE_BUTTONS = [
    {"title": "Daily", "payload": '/inform{"choice":"daily"}'},
    {"title": "Some days", "payload": '/inform{"choice":"some_days"}'},
    {"title": "Rarely", "payload": '/inform{"choice":"rarely"}'},
]
GREETING = "Hi, I'm the NextMed Clinic skin assistant. How can I help?"


def ago(days: float) -> float:
    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).timestamp()


def fallback(store, sender_id: str, text: str = "is durian heaty for eczema", days: float = 3, ranking=None):
    """Greeting, then one message that ends in nlu_fallback + action_default_fallback."""
    s = Script(ago(days)).session()
    s.user("hi", "greet", 0.97).action("utter_greet").bot(GREETING).action("action_listen")
    s.user(text, "nlu_fallback", 0.41)
    if ranking:
        s.events[-1].parse_data["intent_ranking"] = ranking
    s.action("action_default_fallback").bot("Sorry, I didn't quite get that.").action("action_listen")
    save_events(store, sender_id, s.events)
    return s


def at_fibre_question(s: Script) -> Script:
    """Consent given, the form running, the fibre question asked (as Rasa's form logs it)."""
    s.user("/consent_agree", "consent_agree", 1.0).action("action_record_consent").slot("consent_given", True)
    s.action("skin_assessment_form").loop("skin_assessment_form").slot("requested_slot", "diet_fibre")
    s.bot(FIBRE_PROMPT, FIBRE_BUTTONS).action("action_listen")
    return s


def reask(store, sender_id: str, text: str = "my plate is half sayur", days: float = 2):
    """A typed answer the form could not parse: re-ask text, the slot stays empty, asked again."""
    s = at_fibre_question(Script(ago(days)).session())
    s.user(text, "inform", 0.83).action("skin_assessment_form")
    s.bot(FIBRE_REASK).slot("diet_fibre", None).slot("requested_slot", "diet_fibre")
    s.bot(FIBRE_PROMPT, FIBRE_BUTTONS).action("action_listen")
    save_events(store, sender_id, s.events)
    return s


def understood_turns(store, sender_id: str, days: float = 1):
    """Messages that must NOT be queued: a typed answer the form accepted (despite a weak intent),
    an FAQ answered mid-form (the question then comes again), and a button press."""
    s = at_fibre_question(Script(ago(days)).session())
    s.user("is sugar bad for my skin", "faq_sugar", 0.91).action("skin_assessment_form")
    s.events.append(
        BotUttered(
            "High-sugar diets are linked with acne.", metadata={"utter_action": "utter_faq_sugar"}, timestamp=s._ts(0.5)
        )
    )
    s.slot("diet_fibre", None).slot("requested_slot", "diet_fibre").bot(FIBRE_PROMPT, FIBRE_BUTTONS)
    s.action("action_listen")
    s.user("every day lah", "inform", 0.35).action("skin_assessment_form").slot("diet_fibre", "daily")
    s.slot("requested_slot", "diet_fermented").bot("How often do you eat fermented food?").action("action_listen")
    s.user('/inform{"choice":"often"}', "inform", 1.0).action("skin_assessment_form").slot("diet_fermented", "often")
    s.action("action_listen")
    save_events(store, sender_id, s.events)
    return s


def low_confidence(store, sender_id: str, text: str = "where ah your shop", days: float = 1):
    s = Script(ago(days)).session()
    s.user(text, "find_branch", 0.62).action("action_find_branch").bot("Which area are you in?")
    s.action("action_listen")
    save_events(store, sender_id, s.events)
    return s
