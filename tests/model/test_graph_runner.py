"""With the trained model: rasa_speedups' sequential graph runner gives exactly what dask gives, for
the NLU graph (free text in English, Manglish and Malay, payloads) and for every policy prediction
along the test stories."""

import json
from pathlib import Path

import pytest
from rasa.core.channels import UserMessage
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_speedups
from tests.model.stories import comparable, prediction_points

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"

pytestmark = [
    pytest.mark.model,
]

TEXTS = [
    "hi",
    "my skin very dry and red lah",
    "jerawat banyak kat muka",
    "can i book for next monday",
    "Subang Jaya",
    "47500",
    "what is the gut skin axis?",
    "is this a diagnosis",
    "asdfgh qwerty",
    "I want to kill myself",
    "lips swelling cannot breathe",
    '/inform{"choice":"no"}',
    "thanks",
    "bye",
]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture
def both_runners():
    original = DaskGraphRunner.run

    def with_dask(fn):
        DaskGraphRunner.run = original
        return fn()

    def sequential(fn):
        assert rasa_speedups.apply_one("sequential-graph-runner")
        try:
            return fn()
        finally:
            DaskGraphRunner.run = original

    yield with_dask, sequential
    DaskGraphRunner.run = original


def canonical(value):
    return json.dumps(value, sort_keys=True, default=repr)


def test_the_nlu_graph_parses_the_same(agent, both_runners):
    with_dask, sequential = both_runners
    processor = agent.processor
    empty = DialogueStateTracker.from_events("graph", [])
    for text in TEXTS:
        parse = lambda text=text: processor._parse_message_with_graph(UserMessage(text), empty)  # noqa: E731
        assert canonical(sequential(parse)) == canonical(with_dask(parse)), text


def test_every_prediction_along_the_stories_is_the_same(agent, both_runners):
    with_dask, sequential = both_runners
    compared = 0
    for _, tracker in prediction_points(agent):
        predict = lambda tracker=tracker: agent.processor._predict_next_with_tracker(tracker)  # noqa: E731
        assert comparable(sequential(predict)) == comparable(with_dask(predict))
        compared += 1
    assert compared > 100
