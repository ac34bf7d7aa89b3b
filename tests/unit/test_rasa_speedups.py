"""The speed-ups change how fast Rasa checks and rebuilds things, never the result."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

import rasa_speedups


@pytest.fixture(scope="module", autouse=True)
def patched():
    from rasa.core.processor import MessageProcessor
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.slots import Slot
    from rasa.utils.endpoints import EndpointConfig

    originals = [(RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"),
                 (MessageProcessor, "_parse_message_with_graph"), (EndpointConfig, "session"),
                 (DaskGraphRunner, "run")]
    saved = [(owner, name, owner.__dict__[name]) for owner, name in originals]
    rasa_speedups.apply_all()
    yield
    for owner, name, value in saved:
        setattr(owner, name, value)
    del Slot.__copy__


def remote_action():
    return RemoteAction("action_x", None)


def test_a_valid_action_reply_still_passes():
    reply = {"events": [{"event": "slot", "name": "concern", "value": "acne"}],
             "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]}
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
    from rasa_speedups import cache_event_types  # noqa: F401  (already applied by the fixture)

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
