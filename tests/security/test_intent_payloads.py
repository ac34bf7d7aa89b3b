"""The menu's language button keeps its payload and logs no error carrying slot values
(rasa_hardening/intent_payloads.py)."""

import asyncio

import pytest
import structlog
from rasa.core.nlg import interpolator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_hardening.intent_payloads import send_intent_payloads_as_written


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.setattr(interpolator, "interpolate_text", interpolator.interpolate_text)
    send_intent_payloads_as_written()


def _menu(language):
    domain = Domain.load("domain")
    tracker = DialogueStateTracker.from_events(
        "p1", [SlotSet("language", language), SlotSet("location_text", "Jalan Kenanga 12, Cheras")], domain.slots
    )
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    with structlog.testing.capture_logs() as logs:
        message = asyncio.run(nlg.generate("utter_menu", tracker, "rest"))
    return message, logs


@pytest.mark.parametrize(("language", "other"), [("en", "ms"), ("ms", "en")])
def test_the_language_button_is_sent_as_written_without_an_error_log(patched, language, other):
    message, logs = _menu(language)
    assert message["buttons"][-1]["payload"] == f'/choose_language{{"language":"{other}"}}'
    assert [entry for entry in logs if entry["log_level"] == "error"] == []


def test_stock_rasa_logs_an_error_for_it_which_is_why_the_patch_exists(monkeypatch):
    monkeypatch.setattr(interpolator, "interpolate_text", interpolator.interpolate_text)
    _, logs = _menu("en")
    assert any(entry["event"] == "interpolator.interpolate.text" for entry in logs)


def test_sentences_with_slot_placeholders_are_still_filled(patched):
    assert interpolator.interpolate("Near {place}", {"place": "Cheras"}) == "Near Cheras"
    assert interpolator.interpolate({"payload": '/find_branch{"place":"x"}'}, {}) == {
        "payload": '/find_branch{"place":"x"}'
    }
