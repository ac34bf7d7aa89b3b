"""Rate limits on the public webhooks (issue 12, item 6), against the real Rasa server with the
database counters every process shares: per sender and per client IP (X-Forwarded-For believed
only from our proxy), 429 with a JSON error, and other people unaffected."""

import json
import random
import urllib.error
import urllib.request
import uuid

import pytest

from tests.channels.fake_graph import APP_SECRET
from tests.channels.whatsapp_support import sign, text_message
from tests.security.conftest import PER_IP, PER_SENDER

pytestmark = pytest.mark.e2e


def _post(url: str, body: dict, headers: dict | None = None, raw: bytes | None = None):
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


def _client_ip() -> str:
    return f"198.51.100.{random.randint(1, 254)}"


def test_web_sender_over_the_limit_gets_429_and_others_go_on(secure_stack):
    url = f"{secure_stack.rasa_url}/webhooks/webchat/webhook"
    ip, sender = _client_ip(), str(uuid.uuid4())
    statuses = [
        _post(url, {"sender": sender, "message": "/greet"}, {"X-Forwarded-For": ip})[0] for _ in range(PER_SENDER)
    ]
    assert statuses == [200] * PER_SENDER
    status, body, headers = _post(url, {"sender": sender, "message": "/greet"}, {"X-Forwarded-For": ip})
    assert (status, body["error"]) == (429, "rate_limited")
    assert int(headers["Retry-After"]) >= 1 and body["retry_after"] >= 1
    # Another visitor from another address is not held up.
    assert _post(url, {"sender": str(uuid.uuid4()), "message": "/greet"}, {"X-Forwarded-For": _client_ip()})[0] == 200


def test_one_address_over_the_limit_gets_429_whatever_the_sender(secure_stack):
    url = f"{secure_stack.rasa_url}/webhooks/webchat/webhook"
    ip = _client_ip()
    statuses = [
        _post(url, {"sender": f"not-a-uuid-{i}", "message": "hi"}, {"X-Forwarded-For": f"203.0.113.9, {ip}"})[
            0
        ]  # the left entry is client-made
        for i in range(PER_IP + 1)
    ]
    assert statuses[:PER_IP] == [400] * PER_IP  # counted even when refused for another reason
    assert statuses[PER_IP] == 429
    # The history endpoint counts too.
    try:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{secure_stack.rasa_url}/webhooks/webchat/history?sender={uuid.uuid4()}",
                headers={"X-Forwarded-For": ip},
            ),
            timeout=10,
        )
        raise AssertionError("history served over the limit")
    except urllib.error.HTTPError as error:
        assert error.code == 429


def test_whatsapp_number_over_the_limit_gets_429_so_meta_redelivers_later(secure_stack, whatsapp_fake_graph):
    wa_id = "6017" + str(random.randint(1_000_000, 9_999_999))
    url = f"{secure_stack.rasa_url}/webhooks/whatsapp/webhook"
    statuses = []
    for _ in range(PER_SENDER + 1):
        raw = json.dumps(text_message(wa_id, "hello")).encode()
        statuses.append(_post(url, {}, {"X-Hub-Signature-256": sign(raw, APP_SECRET)}, raw=raw)[0])
    assert statuses == [200] * PER_SENDER + [429]
    # A forged (unsigned) request never uses up a real number's allowance.
    other = "6017" + str(random.randint(1_000_000, 9_999_999))
    for _ in range(PER_SENDER + 2):
        raw = json.dumps(text_message(other, "x")).encode()
        assert _post(url, {}, {"X-Hub-Signature-256": "sha256=" + "0" * 64}, raw=raw)[0] == 403
    raw = json.dumps(text_message(other, "hello")).encode()
    assert _post(url, {}, {"X-Hub-Signature-256": sign(raw, APP_SECRET)}, raw=raw)[0] == 200
