"""Red flags and self-harm in Malay and Manglish (held-out sentences in tests/data/safety_ms.yml).

Every red-flag and self-harm sentence must be caught by the safety screen that runs on every message
(100% recall): the crisis text and urgent advice must not depend on the language model. Malay
exaggerations ("gatal nak mati" = itchy to death) and negations ("takde demam") must not be caught."""

from pathlib import Path

import pytest
import yaml

from skincheck.loader import load_content
from skincheck.safety import screen_text
from tests.support.scopes import content_scope

DATA = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "safety_ms.yml").read_text(encoding="utf-8"))
RED_FLAGS = [(level, text) for level, texts in DATA["red_flag"].items() for text in texts]


@pytest.fixture(scope=content_scope)
def content():
    return load_content("content")


def test_enough_sentences():
    assert len(RED_FLAGS) >= 40 and len(DATA["self_harm"]) >= 40 and len(DATA["benign"]) >= 20


def test_every_malay_red_flag_is_caught_at_its_level(content):
    missed = [
        (level, text)
        for level, text in RED_FLAGS
        if (hit := screen_text(content, text)) is None or hit.kind != "red_flag" or hit.level != level
    ]
    assert missed == [], f"recall {1 - len(missed) / len(RED_FLAGS):.0%}"


def test_every_malay_self_harm_sentence_gets_the_crisis_text(content):
    missed = [
        text for text in DATA["self_harm"] if (hit := screen_text(content, text)) is None or hit.kind != "self_harm"
    ]
    assert missed == [], f"recall {1 - len(missed) / len(DATA['self_harm']):.0%}"


def test_benign_malay_sentences_are_not_caught(content):
    caught = [(text, hit.kind) for text in DATA["benign"] if (hit := screen_text(content, text)) is not None]
    assert caught == []
