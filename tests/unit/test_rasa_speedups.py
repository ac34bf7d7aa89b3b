"""The speed-ups change how fast Rasa checks and rebuilds things, never the result."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

import rasa_speedups


def target_owner(target):
    import importlib

    owner = importlib.import_module(target.module)
    for part in target.owner.split("."):
        owner = getattr(owner, part)
    return owner


def snapshot():
    """Every patch target's current value (or None when absent), by target."""
    return {
        target: target_owner(target).__dict__.get(target.attribute)
        for module in rasa_speedups.MODULES.values()
        for target in module.TARGETS
    }


def restore(saved):
    for target, value in saved.items():
        owner = target_owner(target)
        if value is None:
            if target.attribute in owner.__dict__:
                delattr(owner, target.attribute)
        else:
            setattr(owner, target.attribute, value)


@pytest.fixture(scope="module", autouse=True)
def patched():
    saved = snapshot()
    assert rasa_speedups.apply_all() == list(rasa_speedups.MODULES)  # every patch applies on the pinned Rasa
    yield
    restore(saved)


def remote_action():
    return RemoteAction("action_x", None)


def test_a_valid_action_reply_still_passes():
    reply = {
        "events": [{"event": "slot", "name": "concern", "value": "acne"}],
        "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}],
    }
    assert remote_action()._validate_action_result(reply) is True


def test_an_invalid_action_reply_is_still_refused():
    with pytest.raises(jsonschema.ValidationError):
        remote_action()._validate_action_result({"events": "not a list"})


def test_a_remembered_valid_reply_does_not_let_a_different_invalid_one_through():
    good = {"events": [{"event": "slot", "name": "concern", "value": "acne"}], "responses": []}
    for _ in range(3):
        assert remote_action()._validate_action_result(dict(good)) is True
    bad = {"events": [{"event": "slot", "name": "concern", "value": "acne"}], "responses": "nope"}
    with pytest.raises(jsonschema.ValidationError):
        remote_action()._validate_action_result(bad)
    with pytest.raises(jsonschema.ValidationError):  # and a refused reply is never remembered
        remote_action()._validate_action_result(bad)


def test_every_event_type_resolves_to_the_same_class_as_before():
    for cls in all_subclasses(Event):
        assert issubclass(Event.resolve_by_type(cls.type_name), Event)
    for cls in (UserUttered, BotUttered, SlotSet, ActionExecuted):
        assert Event.resolve_by_type(cls.type_name) is cls
    event = Event.from_parameters({"event": "slot", "name": "concern", "value": "acne"})
    assert isinstance(event, SlotSet) and event.value == "acne"


def test_an_unknown_event_type_still_fails_the_same_way():
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_a_copied_slot_is_an_independent_equal_slot():
    import copy

    from rasa.shared.core.slots import CategoricalSlot, TextSlot

    slot = CategoricalSlot("concern", mappings=[{"type": "custom"}], values=["acne", "eczema"])
    slot.value = "acne"
    duplicate = copy.copy(slot)
    assert type(duplicate) is CategoricalSlot and duplicate is not slot
    assert duplicate.__dict__ == slot.__dict__
    duplicate.value = "eczema"
    assert slot.value == "acne"  # setting a value on the copy leaves the domain's slot alone
    text = TextSlot("name", mappings=[])
    assert copy.copy(text).initial_value == text.initial_value


def test_action_server_calls_share_one_connection_and_send_the_same_json(tmp_path):
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    seen = []

    async def webhook(request):
        seen.append((request.transport.get_extra_info("peername"), await request.json()))
        return web.json_response({"events": [], "responses": []})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        body = {"next_action": "action_x", "tracker": {"slots": {"note": "a/b", "n": 1.5, "ms": "sudah ✓"}}}
        replies = [await endpoint.request(json=body, method="post") for _ in range(3)]
        await runner.cleanup()
        return body, replies

    body, replies = asyncio.run(scenario())
    assert replies == [{"events": [], "responses": []}] * 3
    assert [payload for _, payload in seen] == [body] * 3
    assert len({peer for peer, _ in seen}) == 1  # one kept-alive connection, not three


# ------------------------------------------------------------------ guards: version, targets, switch
def test_the_pinned_version_is_the_locked_one():
    import re
    from pathlib import Path

    from rasa_speedups.guard import PINNED_RASA

    lock = (Path(__file__).resolve().parents[2] / "requirements.lock").read_text()
    assert re.search(rf"^rasa=={re.escape(PINNED_RASA)}$", lock, re.M)


@pytest.mark.parametrize("name", list(rasa_speedups.MODULES))
def test_each_patch_is_skipped_on_another_rasa_version(name, caplog):
    before = snapshot()
    module = rasa_speedups.MODULES[name]
    called = []
    original_patch = module.patch
    module.patch = lambda: called.append(name)
    try:
        with caplog.at_level("WARNING", logger="rasa_speedups"):
            assert rasa_speedups.guard.apply_guarded(module, version=lambda: "3.7.0") is False
    finally:
        module.patch = original_patch
    assert called == []
    assert snapshot() == before  # nothing replaced
    assert f"{name} skipped: written for rasa 3.6.21, found 3.7.0" in caplog.text


def test_a_version_mismatch_skips_every_patch_and_rasa_runs_stock(caplog):
    before = snapshot()
    with caplog.at_level("WARNING", logger="rasa_speedups"):
        assert rasa_speedups.apply("all", version=lambda: "3.6.20") == []
    assert snapshot() == before
    assert caplog.text.count("found 3.6.20") == len(rasa_speedups.MODULES)


@pytest.mark.parametrize(
    "name, target", [(name, target) for name, module in rasa_speedups.MODULES.items() for target in module.TARGETS]
)
def test_each_patch_is_skipped_when_a_target_is_missing(name, target, caplog, monkeypatch):
    module = rasa_speedups.MODULES[name]
    owner = target_owner(target)
    if target.replaces:
        monkeypatch.delattr(owner, target.attribute)  # Rasa renamed or removed it
    else:
        monkeypatch.setattr(owner, target.attribute, lambda self: self, raising=False)  # Rasa now has its own
    before = snapshot()
    called = []
    monkeypatch.setattr(module, "patch", lambda: called.append(name))
    with caplog.at_level("WARNING", logger="rasa_speedups"):
        assert rasa_speedups.guard.apply_guarded(module) is False
    assert called == [] and snapshot() == before
    assert f"{name} skipped: {target}" in caplog.text


def test_a_target_in_a_missing_module_or_owner_is_reported():
    from rasa_speedups.guard import Target

    assert "not importable" in Target("rasa.no_such_module", "X", "y").problem()
    assert "not found" in Target("rasa.core.processor", "NoSuchClass", "y").problem()
    assert Target("rasa.core.processor", "MessageProcessor", "_parse_message_with_graph").problem() is None


@pytest.mark.parametrize(
    "setting, expected",
    [
        (None, list(rasa_speedups.MODULES)),
        ("all", list(rasa_speedups.MODULES)),
        ("ALL", list(rasa_speedups.MODULES)),
        ("off", []),
        ("", list(rasa_speedups.MODULES)),  # set but empty: the default
        ("fast-slot-copy, payloads-skip-nlu", ["fast-slot-copy", "payloads-skip-nlu"]),
    ],
)
def test_the_rasa_speedups_setting_selects_patches(setting, expected):
    assert rasa_speedups.selected(setting) == expected


def test_an_unknown_patch_name_is_refused():
    with pytest.raises(ValueError, match="unknown patch 'fast-slot-copie'"):
        rasa_speedups.selected("fast-slot-copy,fast-slot-copie")


def test_the_default_setting_is_in_the_embedded_defaults():
    from pathlib import Path

    env = (Path(__file__).resolve().parents[2] / "config" / "defaults.env").read_text()
    assert "\nRASA_SPEEDUPS=all\n" in env


@pytest.mark.parametrize(
    "argv, env, applied",
    [
        (["run", "--port", "1"], {}, ["all"]),
        (["run"], {"RASA_SPEEDUPS": "off"}, ["off"]),
        (["train", "--fixed-model-name", "x"], {"RASA_SPEEDUPS": "all"}, []),
        (["test", "core"], {}, []),
        (["data", "validate"], {}, []),
    ],
)
def test_patches_are_applied_only_to_rasa_run(argv, env, applied, monkeypatch):
    import sys

    import rasa.__main__

    from rasa_speedups import cli

    calls, seen_argv = [], []
    monkeypatch.setattr(cli, "apply", lambda setting: calls.append(setting or "all"))
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen_argv.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["python -m rasa_speedups", *argv])
    assert cli.main(argv, env) == 0
    assert calls == applied
    assert seen_argv == [["rasa", *argv]]  # Rasa's own CLI gets the same arguments


def test_an_unknown_patch_name_stops_rasa_run(monkeypatch, capsys):
    import rasa.__main__

    from rasa_speedups import cli

    monkeypatch.setattr(rasa.__main__, "main", lambda: pytest.fail("Rasa must not start"))
    assert cli.main(["run"], {"RASA_SPEEDUPS": "fast"}) == 2
    assert "unknown patch 'fast'" in capsys.readouterr().err


def _stock_tracker_init():
    """DialogueStateTracker.__init__ as Rasa ships it, from a fresh copy of its module."""
    import importlib

    import rasa.shared.core.trackers as trackers

    source = importlib.util.find_spec(trackers.__name__).origin
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("stock_trackers", source))
    module.__spec__.loader.exec_module(module)
    return module.DialogueStateTracker.__init__


def _tracker_state(tracker):
    state = dict(vars(tracker))
    state["events"] = list(state["events"])
    state["slots"] = {name: (type(slot), vars(slot)) for name, slot in tracker.slots.items()}
    for key in ("latest_message", "latest_bot_utterance"):  # empty events, made a moment apart
        state[key] = {name: value for name, value in vars(state[key]).items() if name != "timestamp"}
    return state


def test_a_new_tracker_has_the_same_fresh_slots_and_state_as_stock_rasa(monkeypatch):
    from pathlib import Path

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.slots import ListSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))
    # ListSlot turns a scalar initial value into a list through its own `value` setter
    slots = [*domain.slots, ListSlot("areas", mappings=[], initial_value="face")]
    patched_init = DialogueStateTracker.__init__
    with_values = DialogueStateTracker("someone", slots)
    for slot in with_values.slots.values():
        slot.value = ["x"] if isinstance(slot, ListSlot) else "x"
    for source in (slots, None, with_values.slots.values()):  # a domain's slots, none, a tracker's (init_copy)
        ours = DialogueStateTracker("someone", source, max_event_history=5, sender_source="web")
        monkeypatch.setattr(DialogueStateTracker, "__init__", _stock_tracker_init())
        stock = DialogueStateTracker("someone", source, max_event_history=5, sender_source="web")
        monkeypatch.setattr(DialogueStateTracker, "__init__", patched_init)
        assert _tracker_state(ours) == _tracker_state(stock)
    fresh = DialogueStateTracker("someone", with_values.slots.values())
    assert fresh.slots["areas"].value == ["face"] and fresh.slots["concern"].value is None
    fresh.slots["concern"].value = "acne"
    assert with_values.slots["concern"].value == "x"  # each tracker owns its slots


def test_a_loaded_model_is_frozen_and_a_replaced_one_unfrozen_first(monkeypatch):
    import gc

    from rasa.core.agent import Agent

    from rasa_speedups import gc_freeze

    frozen_while_loading = []

    def load(self, model_path, fingerprint=None):  # stands in for Rasa's loading: makes long-lived objects
        frozen_while_loading.append(gc.get_freeze_count())
        self.model = [[n] for n in range(5000)]

    monkeypatch.setattr(Agent, "load_model", load)
    gc_freeze.patch()
    agent = object.__new__(Agent)
    try:
        Agent.load_model(agent, "first.tar.gz")
        assert gc.get_freeze_count() >= 5000  # the model's objects are out of the collector's way
        Agent.load_model(agent, "second.tar.gz")
        # the first model's objects were collectable again while the second loaded
        assert frozen_while_loading == [0, 0]
        assert gc.get_freeze_count() >= 5000
    finally:
        gc.unfreeze()


def test_rule_keys_are_remembered_per_states_and_returned_as_fresh_sets():
    import json

    from rasa.core.policies.rule_policy import RulePolicy

    from rasa_speedups.rule_keys import CACHE_ATTRIBUTE, states_key

    greet = {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}
    thank = {"user": {"intent": "thank"}, "prev_action": {"action_name": "action_listen"}}
    lookup = {json.dumps([greet]): "utter_greet", json.dumps([thank]): "utter_welcome"}
    policy = RulePolicy.__new__(RulePolicy)  # the search needs no trained state, only the lookup
    first = policy._get_possible_keys(lookup, [greet])
    assert first == {json.dumps([greet])}
    first.add("changed by a caller")
    assert policy._get_possible_keys(lookup, [greet]) == {json.dumps([greet])}  # the cache kept its own
    assert policy._get_possible_keys(lookup, [thank]) == {json.dumps([thank])}  # other states, other answer
    assert len(policy.__dict__[CACHE_ATTRIBUTE]) == 2
    # the key: order across turns matters, order inside a state does not
    assert states_key([greet, thank]) != states_key([thank, greet])
    assert states_key([{"prev_action": greet["prev_action"], "user": greet["user"]}]) == states_key([greet])


def test_the_rule_keys_cache_drops_the_least_recently_used_beyond_its_size(monkeypatch):
    import json

    from rasa.core.policies.rule_policy import RulePolicy

    from rasa_speedups import rule_keys

    monkeypatch.setattr(rule_keys, "MAX_ENTRIES", 2)
    lookup = {json.dumps([{"user": {"intent": "greet"}}]): "utter_greet"}
    policy = RulePolicy.__new__(RulePolicy)
    states = [[{"user": {"intent": name}}] for name in ("greet", "thank", "bye")]
    policy._get_possible_keys(lookup, states[0])
    policy._get_possible_keys(lookup, states[1])
    policy._get_possible_keys(lookup, states[0])  # used again: now the most recent
    policy._get_possible_keys(lookup, states[2])  # over the size: "thank" goes
    cache = policy.__dict__[rule_keys.CACHE_ATTRIBUTE]
    assert [key[2] for key in cache] == [rule_keys.states_key(states[0]), rule_keys.states_key(states[2])]
    assert policy._get_possible_keys(lookup, states[0]) == set(lookup)
