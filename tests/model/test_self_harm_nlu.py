"""With the trained model: every self-harm sentence gets the crisis text (explicit words) or the check-in (the
NLU's self_harm at moderate confidence, actions/interruptions.CHECK_IN_CONFIDENCE); benign sentences never get
the crisis text, and how many get a check-in is printed."""

import asyncio
from pathlib import Path

import pytest
import yaml

from actions.interruptions import CHECK_IN_CONFIDENCE
from skincheck.loader import load_content
from skincheck.safety import screen_text

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"
pytestmark = [
    pytest.mark.model,
]


def sentences(name):
    return yaml.safe_load((ROOT / "tests" / "data" / f"{name}.yml").read_text(encoding="utf-8"))["sentences"]


@pytest.fixture(scope="module")
def parse():
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    return lambda text: asyncio.run(agent.parse_message(text))


def reply_kind(content, parsed, text):
    hit = screen_text(content, text)
    if hit is not None and hit.kind == "self_harm":
        return "crisis"
    ranking = parsed.get("intent_ranking") or []
    if any(e["name"] == "self_harm" and e["confidence"] >= CHECK_IN_CONFIDENCE for e in ranking):
        return "check_in"
    return None


def test_every_self_harm_sentence_gets_crisis_or_check_in(parse):
    content = load_content(ROOT / "content")
    kinds = {text: reply_kind(content, parse(text), text) for text in sentences("self_harm_sentences")}
    missed = [t for t, k in kinds.items() if k is None]
    print(
        f"self-harm: {sum(k == 'crisis' for k in kinds.values())} crisis, "
        f"{sum(k == 'check_in' for k in kinds.values())} check-in, {len(missed)} missed of {len(kinds)}"
    )
    assert missed == []


def test_benign_sentences_get_no_crisis_text(parse):
    content = load_content(ROOT / "content")
    kinds = {text: reply_kind(content, parse(text), text) for text in sentences("benign_domain_sentences")}
    print(
        f"benign: {sum(k == 'check_in' for k in kinds.values())} check-ins of {len(kinds)}, "
        f"{sum(k == 'crisis' for k in kinds.values())} crisis"
    )
    assert [t for t, k in kinds.items() if k == "crisis"] == []
