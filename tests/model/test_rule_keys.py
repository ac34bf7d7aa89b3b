"""With the trained model: cached-rule-keys gives every policy prediction along the test stories exactly as
stock Rasa does, the first time (cache filling) and the second (answers from the cache)."""

from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_speedups
from rasa_speedups import rule_keys

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def story_trackers(agent):
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain"), training_data_paths=[str(ROOT / "tests" / "test_stories.yml")]
    )
    return TrainingDataGenerator(
        importer.get_stories(),
        agent.domain,
        remove_duplicates=False,
        augmentation_factor=0,
        use_story_concatenation=False,
    ).generate_story_trackers()


def as_tuple(prediction):
    return (prediction.probabilities, prediction.policy_name, prediction.events, prediction.is_end_to_end_prediction)


def test_every_prediction_along_the_stories_is_the_same_with_the_cache(agent):
    original = RulePolicy._get_possible_keys
    try:
        assert rasa_speedups.apply_one("cached-rule-keys")
        cached = RulePolicy._get_possible_keys
        compared = 0
        for story in story_trackers(agent):
            tracker = DialogueStateTracker(story.sender_id, agent.domain.slots)
            for event in story.events:
                if isinstance(event, ActionExecuted) and tracker.events:
                    RulePolicy._get_possible_keys = original
                    stock = as_tuple(agent.processor._predict_next_with_tracker(tracker))
                    RulePolicy._get_possible_keys = cached
                    first = as_tuple(agent.processor._predict_next_with_tracker(tracker))
                    again = as_tuple(agent.processor._predict_next_with_tracker(tracker))  # from the cache
                    assert first == stock and again == stock, (story.sender_id, event)
                    compared += 1
                tracker.update(event, agent.domain)
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
