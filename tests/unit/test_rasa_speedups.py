"""The speed-ups change how fast Rasa checks and rebuilds things, never the result."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

import rasa_speedups


@pytest.fixture(scope="module", autouse=True)
def patched():
    original_validate, original_resolve = RemoteAction._validate_action_result, Event.resolve_by_type
    rasa_speedups.apply_all()
    yield
    RemoteAction._validate_action_result = original_validate
    Event.resolve_by_type = original_resolve


def remote_action():
    return RemoteAction("action_x", None)


def test_a_valid_action_reply_still_passes():
    reply = {"events": [{"event": "slot", "name": "concern", "value": "acne"}],
             "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]}
    assert remote_action()._validate_action_result(reply) is True


def test_an_invalid_action_reply_is_still_refused():
    with pytest.raises(jsonschema.ValidationError):
        remote_action()._validate_action_result({"events": "not a list"})


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
