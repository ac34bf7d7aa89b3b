"""The language slot's custom mapping, the explicit choice, and where the language buttons appear."""

import json

from actions.ask_assessment import ASSESSMENT_SLOTS
from actions.consent import ActionAskConsent
from actions.language import ActionDetectLanguage, ActionLanguageChosen
from actions.validate_assessment import ValidateSkinAssessmentForm
from tests.actions.helpers import form_turn, load_domain, make_tracker, run, slot_events, texts

# Everything asked before the concern: each safety question answered No, the check is for an adult.
NO_RED_FLAGS = {**dict.fromkeys(ASSESSMENT_SLOTS[: ASSESSMENT_SLOTS.index("concern")], "no"), "age_group": "adult"}


def detect(slot, text, intent="greet", entities=None, metadata=None):
    tracker = make_tracker({"language": slot}, text=text, intent=intent, entities=entities, metadata=metadata)
    messages, events = run(ActionDetectLanguage(), tracker)
    assert messages == []  # it runs while Rasa extracts slots: it must never speak
    return slot_events(events).get("language", "unchanged")


def test_first_message_decides_from_its_words_then_the_page():
    assert detect(None, "selamat pagi, saya ada soalan tentang jerawat") == "ms"
    assert detect(None, "/greet", metadata={"language": "ms"}) == "ms"
    assert detect(None, "hi", metadata={"language": "ms"}) == "ms"
    assert detect(None, "hi") == "en"  # WhatsApp: no page language


def test_later_messages_do_not_change_it():
    assert detect("en", "ya saya setuju dengan itu", intent="affirm") == "unchanged"
    assert detect("ms", "yes I agree with that", intent="affirm", metadata={"language": "ms"}) == "unchanged"


def test_button_and_typed_choice_change_it():
    entity = [{"entity": "language", "value": "ms"}]
    assert detect("en", '/choose_language{"language":"ms"}', intent="choose_language", entities=entity) == "ms"
    assert detect("ms", "in English please", intent="choose_language") == "en"
    assert detect("en", "cakap Melayu boleh?", intent="choose_language") == "ms"


def test_choice_is_confirmed_in_the_new_language():
    messages, _ = run(
        ActionLanguageChosen(), make_tracker({"language": "ms"}, text="BM please", intent="choose_language")
    )
    assert texts(messages) == ["Baik, saya akan teruskan dalam Bahasa Melayu."]
    messages, _ = run(
        ActionLanguageChosen(), make_tracker({"language": "en"}, text="change language", intent="choose_language")
    )
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["English", "Bahasa Melayu"]


def test_consent_notice_offers_the_other_language():
    messages, _ = run(ActionAskConsent(), make_tracker({"language": "en"}, text="/greet", intent="greet"))
    buttons = messages[0]["buttons"]
    assert len(buttons) == 3  # WhatsApp shows at most three reply buttons
    assert buttons[-1]["title"] == "Bahasa Melayu"
    assert json.loads(buttons[-1]["payload"].split("choose_language", 1)[1]) == {"language": "ms"}
    messages, _ = run(ActionAskConsent(), make_tracker({"language": "ms"}, text="/greet", intent="greet"))
    assert messages[0]["buttons"][-1]["title"] == "English"


def test_choice_inside_the_form_is_confirmed_and_the_question_stays_pending():
    tracker = form_turn(
        {**NO_RED_FLAGS, "language": "ms"},
        "concern",
        "BM please",
        intent="choose_language",
        form="skin_assessment_form",
    )
    messages, events = run(ValidateSkinAssessmentForm(), tracker)
    assert texts(messages) == ["Baik, saya akan teruskan dalam Bahasa Melayu."]
    slots = slot_events(events)
    assert slots["concern"] is None and slots["requested_slot"] == "concern"


def _detection_runs(domain, intent, form=None):
    """Whether Rasa's slot extraction would call action_detect_language for this message (the checks
    ActionExtractSlots.run makes for each mapping of the `language` slot)."""
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.slot_mappings import SlotMapping
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [SlotSet("language", "en")]
    if form:
        events += [ActiveLoop(form), SlotSet("requested_slot", "concern")]
    events.append(UserUttered("text", intent={"name": intent, "confidence": 0.9}))
    tracker = DialogueStateTracker.from_events("someone", events, domain.slots)
    slot = next(s for s in domain.slots if s.name == "language")
    return any(
        mapping.get("action") == "action_detect_language"
        and SlotMapping.intent_is_desired(mapping, tracker, domain)
        and ActionExtractSlots._verify_mapping_conditions(mapping, tracker, slot.name)
        for mapping in slot.mappings
    )


def test_domain_runs_detection_outside_forms_and_for_a_choice_only():
    from pathlib import Path

    from rasa.shared.core.domain import Domain

    assert load_domain()["slots"]["language"]["values"] == ["en", "ms"]
    domain = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))
    assert _detection_runs(domain, "greet")  # a first message decides the language
    assert _detection_runs(domain, "faq_probiotics")
    assert _detection_runs(domain, "choose_language")
    assert _detection_runs(domain, "choose_language", form="skin_assessment_form")  # "BM please" mid-check
    # inside a form, and for form answers, decide() could only answer "no change": no call
    assert not _detection_runs(domain, "affirm", form="skin_assessment_form")
    assert not _detection_runs(domain, "faq_probiotics", form="booking_form")
    assert not _detection_runs(domain, "inform")
