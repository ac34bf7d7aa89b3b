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


def _diet_models(agent):
    return [
        component.model
        for node in agent.processor.graph_runner._instantiated_nodes.values()
        if (component := node._component).__class__.__name__ == "DIETClassifier"
    ]


def _no_fallback(batch_in):
    raise AssertionError("a batch went through the tf.function instead of the direct call")


def test_parses_are_identical_with_and_without_the_direct_call(agent):
    stock = RasaModel._rasa_predict
    expected = _parse_all(agent)
    try:
        assert rasa_speedups.apply_one("diet-direct-call")
        _parse_all(agent)  # the first prediction puts the direct step in place
        models = _diet_models(agent)
        assert models and all(isinstance(model._tf_predict_step, diet_direct_call.DirectStep) for model in models)
        for model in models:  # from here on only the direct call can answer
            model._tf_predict_step.function = _no_fallback
        direct = _parse_all(agent)
    finally:
        RasaModel._rasa_predict = stock
        for model in _diet_models(agent):
            if isinstance(model._tf_predict_step, diet_direct_call.DirectStep):
                model._tf_predict_step = None  # stock Rasa builds its tf.function again
    assert len(expected) > 100
    assert direct == expected


def test_a_batch_that_does_not_match_the_signature_goes_through_the_tf_function():
    import numpy as np
    import tensorflow as tf

    function = tf.function(
        lambda batch: {"sum": tf.reduce_sum(batch[0])}, input_signature=[[tf.TensorSpec([None], tf.float32)]]
    )
    step = diet_direct_call.DirectStep(function)
    assert float(step([np.array([1.0, 2.5], dtype=np.float32)])["sum"]) == 3.5  # the direct call
    step.function = lambda batch: "through the tf.function"
    assert step([np.array([[1.0]], dtype=np.float32)]) == "through the tf.function"  # rank 2, not 1
    assert step([np.array([1, 2], dtype=np.int64)]) == "through the tf.function"  # int64, not float32
