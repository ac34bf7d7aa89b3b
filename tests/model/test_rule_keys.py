"""With the trained model: cached-rule-keys gives every policy prediction along the test stories exactly as
stock Rasa does, the first time (cache filling) and the second (answers from the cache)."""

from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy

import rasa_speedups
from rasa_speedups import rule_keys
from tests.model.stories import comparable, prediction_points

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def test_every_prediction_along_the_stories_is_the_same_with_the_cache(agent):
    original = RulePolicy._get_possible_keys
    try:
        assert rasa_speedups.apply_one("cached-rule-keys")
        cached = RulePolicy._get_possible_keys
        compared = 0
        for story, tracker in prediction_points(agent):
            RulePolicy._get_possible_keys = original
            stock = comparable(agent.processor._predict_next_with_tracker(tracker))
            RulePolicy._get_possible_keys = cached
            first = comparable(agent.processor._predict_next_with_tracker(tracker))
            again = comparable(agent.processor._predict_next_with_tracker(tracker))  # from the cache
            assert first == stock and again == stock, (story.sender_id, len(tracker.events))
            compared += 1
    finally:
        RulePolicy._get_possible_keys = original
    assert compared > 200
    policies = [
        node._component
        for node in agent.processor.graph_runner._instantiated_nodes.values()
        if isinstance(getattr(node, "_component", None), RulePolicy)
    ]
    cache = policies[0].__dict__[rule_keys.CACHE_ATTRIBUTE]
    assert 0 < len(cache) < compared  # states repeat across stories: fewer entries than predictions
