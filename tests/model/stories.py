"""The test stories (tests/test_stories.yml) as trackers, and the points where the policies predict: what the
model tests replay to show that a speed-up or the windowed store decides exactly as stock Rasa does."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

ROOT = Path(__file__).resolve().parents[2]


def story_trackers(agent: Any) -> list[Any]:
    """One tracker per test story (rule trackers left out), with the model's domain."""
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(ROOT / "domain"), training_data_paths=[str(ROOT / "tests" / "test_stories.yml")]
    )
    generator = TrainingDataGenerator(
        importer.get_stories(),
        agent.domain,
        remove_duplicates=False,
        augmentation_factor=0,
        use_story_concatenation=False,
    )
    return [t for t in generator.generate_story_trackers() if not t.is_rule_tracker]


def prediction_points(agent: Any) -> Iterator[tuple[Any, Any]]:
    """(story, tracker so far) before every bot action of every test story after the first event."""
    for story in story_trackers(agent):
        tracker = DialogueStateTracker(story.sender_id, agent.domain.slots)
        for event in story.events:
            if isinstance(event, ActionExecuted) and tracker.events:
                yield story, tracker
            tracker.update(event, agent.domain)


def comparable(prediction: Any) -> tuple[Any, ...]:
    """What a policy prediction decides: probabilities, the policy, its events, end-to-end or not."""
    return (prediction.probabilities, prediction.policy_name, prediction.events, prediction.is_end_to_end_prediction)
