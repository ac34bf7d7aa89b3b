"""Self-harm screening is precise as well as sensitive: explicit words get the crisis text, everyday skin
frustration ("this rash is killing me", "no, I don't take any pills") never does. The NLU net behind the
patterns (a check-in) is checked with the trained model in tests/model/test_self_harm_nlu.py."""

from pathlib import Path

import pytest
import yaml

from skincheck.loader import load_content
from skincheck.safety import screen_text
from tests.support.scopes import content_scope

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


def sentences(name):
    return yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))["sentences"]


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def crisis(content, text):
    hit = screen_text(content, text)
    return hit is not None and hit.kind == "self_harm"


def test_benign_domain_sentences_never_get_the_crisis_text(content):
    benign = sentences("benign_domain_sentences")
    assert len(benign) >= 100
    wrong = [s for s in benign if crisis(content, s)]
    print(f"benign: {len(benign) - len(wrong)}/{len(benign)} without a crisis reply")
    assert wrong == []


def test_explicit_self_harm_sentences_get_the_crisis_text(content):
    harm = sentences("self_harm_sentences")
    assert len(harm) >= 60
    missed = [s for s in harm if not crisis(content, s)]
    print(f"self-harm: {len(harm) - len(missed)}/{len(harm)} caught by the explicit phrases")
    # The rest must be caught by the NLU's check-in (tests/model); the phrases alone catch nearly all.
    assert len(missed) <= len(harm) * 0.1, missed


@pytest.mark.parametrize(
    "text",
    [
        "this rash is killing me",
        "it's killing my self esteem",
        "I cut myself shaving",
        "I want to die my hair",
        "I accidentally cut myself",
        "I cut myself on a broken glass",
        "my mum will kill me if I eat more chocolate",
        "they want to hurt me",
        # a "but it ..." clause is joined to the one before for red flags only: "end" + "it all" is no crisis
        "I want the itching to end but it all comes back",
        "i want it to end but it soon comes back",
    ],
)
def test_idioms_and_accidents_are_not_crises(content, text):
    assert not crisis(content, text)
