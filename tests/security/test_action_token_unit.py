"""Rasa's side of the action server's shared secret (rasa_hardening/action_token.py)."""

from rasa.core.utils import AvailableEndpoints

from actions.server import token_ok
from rasa_hardening.action_token import send_action_token


def _endpoints(monkeypatch, token):
    for name, value in {
        "DB_URL": "sqlite://",
        "ACTION_SERVER_URL": "http://127.0.0.1:1/webhook",
        "LOCK_STORE_TYPE": "in_memory",
        "REDIS_HOST": "",
        "REDIS_PORT": "1",
        "REDIS_DB": "1",
    }.items():
        monkeypatch.setenv(name, value)
    if token is None:
        monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    else:
        monkeypatch.setenv("ACTION_SERVER_TOKEN", token)
    original = AvailableEndpoints.read_endpoints
    try:
        send_action_token()
        return AvailableEndpoints.read_endpoints("endpoints.yml")
    finally:
        AvailableEndpoints.read_endpoints = original


def test_the_token_goes_with_every_action_call_as_a_header(monkeypatch):
    assert _endpoints(monkeypatch, "s3cret").action.headers["X-Action-Token"] == "s3cret"
    assert "token" not in (_endpoints(monkeypatch, "s3cret").action.params or {})  # not in the URL


def test_no_token_no_header_and_the_file_loads_without_the_variable(monkeypatch):
    assert "X-Action-Token" not in (_endpoints(monkeypatch, None).action.headers or {})


def test_token_comparison():
    assert token_ok("abc", "abc")
    assert not token_ok(None, "abc") and not token_ok("", "abc") and not token_ok("abd", "abc")


def test_a_failed_form_check_gives_back_what_the_message_filled():
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_hardening.action_fallback import undo_this_turn

    events = [
        ActionExecuted("action_listen"),
        UserUttered("hi"),
        SlotSet("concern", "acne"),
        SlotSet("requested_slot", "rf_a"),
        ActionExecuted("action_listen"),
        UserUttered("no, and it's eczema"),
        SlotSet("rf_a", "no"),
        SlotSet("concern", "eczema"),
    ]
    tracker = DialogueStateTracker.from_events("wa:60123456789", events)
    undo = undo_this_turn(tracker)
    assert {(e.key, e.value) for e in undo} == {("rf_a", None), ("concern", "acne")}
