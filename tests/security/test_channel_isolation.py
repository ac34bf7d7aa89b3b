"""No channel's sender can name another channel's conversation (issue 12, item 1), against the
real Rasa and action servers: a WhatsApp conversation is "wa:<number>", and a REST or web sender
who uses that number (or the whole "wa:..." id) as their sender reaches only a conversation of
their own channel."""

import json
import random
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from tests.channels.fake_graph import APP_SECRET
from tests.channels.whatsapp_support import sign, text_message

pytestmark = pytest.mark.e2e


def _post(url: str, body: bytes, headers: dict):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _events(db_file: str, conversation_id: str) -> list:
    with sqlite3.connect(db_file) as db:
        return [
            row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation_id,))
        ]


def _whatsapp_says_hi(live_stack, graph, wa_id: str) -> None:
    raw = json.dumps(text_message(wa_id, "hi")).encode()
    status, _ = _post(
        f"{live_stack.rasa_url}/webhooks/whatsapp/webhook", raw, {"X-Hub-Signature-256": sign(raw, APP_SECRET)}
    )
    assert status == 200
    assert graph.wait_until(lambda: graph.delivered(wa_id), timeout=60)


def test_rest_and_web_senders_cannot_reach_a_whatsapp_conversation(live_stack, whatsapp_fake_graph):
    wa_id = "6019" + str(random.randint(1_000_000, 9_999_999))
    db_file = live_stack.env["DB_NAME"]
    _whatsapp_says_hi(live_stack, whatsapp_fake_graph, wa_id)
    time.sleep(2)  # let the greeting finish
    before = _events(db_file, f"wa:{wa_id}")
    delivered = len(whatsapp_fake_graph.delivered(wa_id))
    assert before, "the WhatsApp conversation is stored as wa:<number>"
    assert not _events(db_file, wa_id), "no conversation is stored under the bare number"

    # The dev REST channel (tests only) namespaces whatever sender it is given.
    for sender in (wa_id, f"+{wa_id}", f"wa:{wa_id}", f"whatsapp:+{wa_id}"):
        body = json.dumps({"sender": sender, "message": "/restart"}).encode()
        status, _ = _post(f"{live_stack.rasa_url}/webhooks/rest/webhook", body, {})
        assert status == 200
        assert _events(db_file, f"rest:{sender}"), sender

    # The widget channel takes only random UUIDs, for messages and for the history.
    body = json.dumps({"sender": wa_id, "message": "cancel my booking"}).encode()
    status, reply = _post(f"{live_stack.rasa_url}/webhooks/webchat/webhook", body, {})
    assert (status, reply["error"]) == (400, "invalid_sender")
    for sender in (wa_id, f"wa:{wa_id}"):
        try:
            urllib.request.urlopen(f"{live_stack.rasa_url}/webhooks/webchat/history?sender={sender}", timeout=10)
            raise AssertionError("history of a WhatsApp number was served")
        except urllib.error.HTTPError as error:
            assert error.code == 400

    assert _events(db_file, f"wa:{wa_id}") == before, "the WhatsApp conversation was changed"
    assert len(whatsapp_fake_graph.delivered(wa_id)) == delivered, "something was sent to the number"


def test_stock_rest_channel_is_in_no_production_credentials_file():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    for name in ("credentials.yml", "credentials.whatsapp.yml"):
        channels = yaml.safe_load((root / name).read_text()) or {}
        assert "rest" not in channels and "channels.dev_rest.DevRestInput" not in channels, name
