"""The NLU training data and the held-out test set keep the contract of docs/architecture.md.

The held-out F1 only means something if its sentences were never trained on, and every intent the domain
relies on needs enough examples to be recognised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[2]
TRAIN_DIR = ROOT / "data" / "nlu"
HELD_OUT = ROOT / "tests" / "test_nlu.yml"
HELD_OUT_MS = ROOT / "tests" / "test_nlu_ms.yml"  # Bahasa Melayu and Manglish, its own F1 gate
MIN_HELD_OUT_MS = 150
MIN_HELD_OUT_PER_INTENT_MS = 5
MIN_MALAY_INTENTS = 33
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# Produced by the FallbackClassifier, so it has no examples.
GENERATED_INTENTS = {"nlu_fallback"}
MIN_TRAIN = 20
MIN_HELD_OUT = 8
# Held-out sentences this similar to a training sentence are copies with a word swapped, not a test.
MAX_SIMILARITY = 88


def architecture_intents() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = re.search(r"^## Intents\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "docs/architecture.md has no '## Intents' section"
    return {name.split(" ")[0] for name in re.split(r",\s*", section.group(1).strip()) if name}


def read_examples(path: Path) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = defaultdict(list)
    for item in data.get("nlu", []):
        if "intent" in item:
            for line in item["examples"].splitlines():
                line = line.strip()
                if line:
                    assert line.startswith("- "), f"{path}: bad example line {line!r}"
                    out[item["intent"]].append(line[2:].strip())
    return out


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def training() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = defaultdict(list)
    for path in sorted(TRAIN_DIR.glob("*.yml")):
        for intent, examples in read_examples(path).items():
            merged[intent].extend(examples)
    return merged


class HeldOut(dict):
    minimum = MIN_HELD_OUT  # sentences per intent


@pytest.fixture(scope="module", params=["en", "ms"])
def held_out(request) -> dict[str, list[str]]:
    examples = HeldOut(read_examples(HELD_OUT if request.param == "en" else HELD_OUT_MS))
    if request.param == "ms":
        examples.minimum = MIN_HELD_OUT_PER_INTENT_MS
    return examples


def test_malay_held_out_set_is_large_enough():
    assert sum(len(v) for v in read_examples(HELD_OUT_MS).values()) >= MIN_HELD_OUT_MS


def test_malay_and_english_held_out_sets_do_not_overlap():
    english = {normalise(e) for v in read_examples(HELD_OUT).values() for e in v}
    assert [e for v in read_examples(HELD_OUT_MS).values() for e in v if normalise(e) in english] == []


def test_architecture_lists_the_intents():
    intents = architecture_intents()
    assert {"greet", "inform", "self_harm", "faq_privacy", "nlu_fallback"} <= intents
    assert len(intents) == 44


def test_every_domain_intent_has_training_examples(training):
    expected = architecture_intents() - GENERATED_INTENTS
    assert sorted(expected - set(training)) == []
    assert sorted(set(training) - expected) == [], "intents not in docs/architecture.md"


def test_no_examples_for_generated_intents(training, held_out):
    assert not GENERATED_INTENTS & (set(training) | set(held_out))


@pytest.mark.parametrize("intent", sorted(architecture_intents() - GENERATED_INTENTS))
def test_enough_training_examples(training, intent):
    assert len(training[intent]) >= MIN_TRAIN, f"{intent}: {len(training[intent])} examples"


def test_no_sentence_under_two_intents(training):
    owner: dict[str, str] = {}
    clashes = []
    for intent, examples in training.items():
        for example in examples:
            key = normalise(example)
            if key in owner and owner[key] != intent:
                clashes.append((example, owner[key], intent))
            owner.setdefault(key, intent)
    assert clashes == []


def test_no_entity_annotations_in_examples(training):
    # Entities come from the spaCy EntityRuler; DIET has entity recognition off.
    annotated = [e for examples in training.values() for e in examples if re.search(r"\]\s*[({]", e)]
    assert annotated == []


def test_held_out_covers_every_intent(held_out):
    expected = architecture_intents() - GENERATED_INTENTS
    # The Malay set must reach every intent it was written for; a newly added intent is checked in English
    # first and in Malay once its Malay sentences are written (at least MIN_MALAY_INTENTS intents in all).
    checked = expected if held_out.minimum == MIN_HELD_OUT else set(held_out) & expected
    assert len(checked) >= MIN_MALAY_INTENTS
    short = {i: len(held_out.get(i, [])) for i in checked if len(held_out.get(i, [])) < held_out.minimum}
    assert short == {}
    assert sorted(set(held_out) - expected) == []


def test_held_out_sentences_are_not_in_training(training, held_out):
    trained = {normalise(e) for examples in training.values() for e in examples}
    leaked = [e for examples in held_out.values() for e in examples if normalise(e) in trained]
    assert leaked == []


def test_held_out_sentences_are_not_near_copies(training, held_out):
    trained = [normalise(e) for examples in training.values() for e in examples]
    near = []
    for examples in held_out.values():
        for example in examples:
            key = normalise(example)
            for other in trained:
                if len(key) > 8 and fuzz.ratio(key, other) > MAX_SIMILARITY:
                    near.append((example, other))
    assert near == []


def test_duplicate_free_within_held_out(held_out):
    seen = [normalise(e) for examples in held_out.values() for e in examples]
    assert len(seen) == len(set(seen))
