"""The action server: loopback by default, and a shared secret when one is configured (issue 12,
item 3). Against the real servers: Rasa sends the secret (a whole turn works), others get 401."""

import json
import urllib.error
import urllib.request
import uuid

import pytest

from actions.server import main as action_server_main
from tests.security.conftest import ACTION_TOKEN

pytestmark = pytest.mark.e2e


def _call(url: str, headers: dict, body: dict | None = None):
    data = json.dumps(
        body
        or {"next_action": "action_offer_booking", "sender_id": "x", "tracker": {}, "domain": {}, "version": "3.6.2"}
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.mark.parametrize(
    "headers", [{}, {"X-Action-Token": ""}, {"X-Action-Token": "wrong"}, {"X-Action-Token": ACTION_TOKEN[:-1]}]
)
def test_calls_without_the_token_get_401(secure_stack, headers):
    status, body = _call(f"{secure_stack.action_url}/webhook", headers)
    assert (status, body["error"]) == (401, "unauthorized")
    status, _ = _call(f"{secure_stack.action_url}/actions", headers)
    assert status == 401


def test_health_is_open_and_rasa_sends_the_token(secure_stack):
    with urllib.request.urlopen(f"{secure_stack.action_url}/health", timeout=10) as response:
        assert response.status == 200
    body = json.dumps({"sender": str(uuid.uuid4()), "message": "/start_assessment"}).encode()
    request = urllib.request.Request(
        f"{secure_stack.rasa_url}/webhooks/webchat/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        replies = json.loads(response.read())
    # action_ask_consent is a custom action: its text came back through the authenticated call
    assert any(b.get("payload") == "/consent_agree" for r in replies for b in r.get("buttons") or [])


def test_refuses_to_listen_beyond_loopback_without_a_token(monkeypatch, capsys):
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    assert action_server_main(["--host", "0.0.0.0", "--port", "1"]) == 2
    assert "ACTION_SERVER_TOKEN" in capsys.readouterr().err
