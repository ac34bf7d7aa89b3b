"""With the trained model: rasa_speedups' diet-direct-call gives exactly the parse stock Rasa gives
(intent ranking, confidences, entities) for held-out English and Malay sentences and payloads."""

import json
from pathlib import Path

import pytest
from rasa.core.channels import UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.tensorflow.models import RasaModel

import rasa_speedups
from rasa_speedups import diet_direct_call

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"

pytestmark = [pytest.mark.model]


def _texts():
    texts = ["hi", "x", "a" * 400, "47500", '/inform{"choice":"no"}', "asdfgh qwerty", "🙂🙂", "kulit gatal lah"]
    for path in ("tests/test_nlu.yml", "tests/test_nlu_ms.yml"):
        texts += [example.get("text") for example in load_data(str(ROOT / path)).intent_examples[::6]]
    return texts


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def _parse_all(agent):
    empty = DialogueStateTracker.from_events("diet", [])
    processor = agent.processor
    return [
        json.dumps(processor._parse_message_with_graph(UserMessage(text), empty), sort_keys=True, default=repr)
        for text in _texts()
    ]


def test_parses_are_identical_with_and_without_the_direct_call(agent):
    stock = RasaModel._rasa_predict
    expected = _parse_all(agent)
    try:
        assert rasa_speedups.apply_one("diet-direct-call")
        direct = _parse_all(agent)
    finally:
        RasaModel._rasa_predict = stock
    assert len(expected) > 100
    assert direct == expected
    # the direct path was taken, not the stock fallback
    diet_models = [
        component.model
        for node in agent.processor.graph_runner._instantiated_nodes.values()
        if (component := node._component).__class__.__name__ == "DIETClassifier"
    ]
    assert diet_models and all(diet_direct_call.CACHE in model.__dict__ for model in diet_models)
