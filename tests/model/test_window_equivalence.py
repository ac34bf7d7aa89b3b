"""With the trained model: the windowed tracker store and the payload short-cut change nothing the
assistant decides.

- Every test story is replayed turn by turn through storage/tracker_store.py (retrieve, add the
  turn's events, save), and before every bot action the policies' prediction on the windowed
  tracker must equal the prediction on the whole conversation: the same action, from the same
  policy. Once with the production window, over all stories joined into one long conversation
  (hundreds of events, many cuts), and once per story with the smallest window the store allows.
- A button payload parsed by Rasa's unpacking gives exactly what the NLU pipeline gives.
"""

import asyncio
import json
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from storage import tracker_window
from storage.tracker_store import WindowedSQLTrackerStore
from tests.model import stories

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"

pytestmark = [
    pytest.mark.model,
]


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture(scope="module")
def story_trackers(agent):
    trackers = stories.story_trackers(agent)
    assert len(trackers) >= 10
    return trackers


def predict(agent, tracker):
    prediction = agent.processor._predict_next_with_tracker(tracker)
    action = agent.domain.action_names_or_texts[prediction.max_confidence_index]
    return action, prediction.policy_name


def turns(events):
    """Split at each user message: the store saves between turns."""
    chunks, current = [], []
    for event in events:
        if isinstance(event, UserUttered) and current:
            chunks.append(current)
            current = []
        current.append(event)
    if current:
        chunks.append(current)
    return chunks


async def replay_and_compare(agent, store, sender, events):
    full = DialogueStateTracker(sender, agent.domain.slots)
    compared = cut_seen = 0
    for chunk in turns(events):
        windowed = await store.retrieve(sender) or DialogueStateTracker(sender, agent.domain.slots)
        if len(windowed.events) < len(full.events):
            cut_seen += 1
        for event in chunk:
            if isinstance(event, ActionExecuted) and full.events:
                assert predict(agent, windowed) == predict(agent, full), (
                    f"{sender}: before {event.action_name!r} at event {len(full.events)}"
                )
                compared += 1
            full.update(event, agent.domain)
            windowed.update(event, agent.domain)
        await store.save(windowed)
    again = await store.retrieve(sender)
    assert again.current_slot_values() == full.current_slot_values()
    assert (again.active_loop_name, again.is_paused()) == (full.active_loop_name, full.is_paused())
    return compared, cut_seen


def test_production_window_predicts_like_the_whole_conversation(agent, story_trackers, tmp_path):
    store = WindowedSQLTrackerStore(domain=agent.domain, host=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    joined = [event for tracker in story_trackers for event in tracker.events]
    compared, cut_seen = asyncio.run(replay_and_compare(agent, store, "joined", joined))
    assert compared > 150
    assert cut_seen > 20  # the window really was cut, many times


def test_smallest_window_predicts_like_the_whole_story(agent, story_trackers, tmp_path, monkeypatch):
    monkeypatch.setattr(tracker_window, "KEEP_TURNS", 1)
    monkeypatch.setattr(tracker_window, "MAX_TURNS", 2)
    store = WindowedSQLTrackerStore(domain=agent.domain, host=f"sqlite:///{tmp_path / 'w.sqlite3'}")
    total_cuts = 0
    for index, tracker in enumerate(story_trackers):
        _, cut_seen = asyncio.run(replay_and_compare(agent, store, f"story-{index}", list(tracker.events)))
        total_cuts += cut_seen
    assert total_cuts >= 25


def button_payloads(agent):
    payloads = {
        b["payload"] for variants in agent.domain.responses.values() for v in variants for b in v.get("buttons", [])
    }
    from actions import runtime, ui
    from skincheck import questions

    content = runtime.content()
    for slot in content.questions["questions"]:
        payloads |= {ui.choice_payload(value) for _, value in questions.buttons(content, slot)}
    payloads |= {
        '/inform{"choice":"no"}',
        '/inform{"choice":"1-2"}',
        "/consent_agree",
        "/start_assessment",
        '/inform{"place":"Subang Jaya"}',
        "/inform{not json",
        "/no_such_intent",
        "/",
        "hello",
    }
    return sorted(payloads)


def test_payloads_parse_exactly_as_the_nlu_pipeline_parses_them(agent):
    from rasa.core.channels import UserMessage
    from rasa.core.processor import MessageProcessor

    import rasa_speedups

    processor = agent.processor
    original = MessageProcessor._parse_message_with_graph
    payloads = button_payloads(agent)
    assert len(payloads) > 40
    empty = DialogueStateTracker.from_events("payloads", [])
    expected = {p: processor._parse_message_with_graph(UserMessage(p), empty) for p in payloads}
    assert rasa_speedups.apply_one("payloads-skip-nlu")
    try:
        for payload in payloads:
            got = processor._parse_message_with_graph(UserMessage(payload), empty)
            assert json.dumps(got, sort_keys=True) == json.dumps(expected[payload], sort_keys=True), payload
    finally:
        MessageProcessor._parse_message_with_graph = original
