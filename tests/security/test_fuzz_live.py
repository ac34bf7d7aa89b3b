"""A live run of malformed and hostile bodies against the running server's webhooks (issue 12,
item 11): at least 1,000 requests over the widget, REST, WhatsApp (signed and unsigned) and Twilio
webhooks; not one 5xx, and the assistant still answers a normal message afterwards."""

import json
import random
import urllib.error
import urllib.request
import uuid
from collections import Counter
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from tests.channels.fake_graph import APP_SECRET
from tests.channels.whatsapp_support import sign, text_message
from tests.conftest import FAKE_TWILIO

pytestmark = pytest.mark.e2e

TOTAL = 1200
HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "\ud800",
    "\udfff",
    "a\u0000b",
    "﷽" * 50,
    "𝕳" * 100,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "/restart",
    '/inform{"choice":',
    "/\x00",
    '/share_location{"latitude":1e999,"longitude":"x"}',
    "%s%s%s%n",
    "\r\n\r\nHTTP/1.1 200",
    "x" * 2001,
    "x" * 70_000,
    "9" * 400,
    "../../etc/passwd",
    "\u202e\u2066",
    "null",
    "[]",
]


# A form is bytes on the wire: lone surrogates cannot be encoded into one (the raw bodies carry them).
FORM_STRINGS = [s for s in HOSTILE_STRINGS[:-3] if not any("\ud800" <= c <= "\udfff" for c in s)]


def _random_json(rng: random.Random, depth: int = 0):
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False, 0, -1, 2**70, 1e308, -0.0])
    if kind in (2, 3, 4):
        return rng.choice(HOSTILE_STRINGS[:-2])
    if kind == 5:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        rng.choice(["sender", "message", "metadata", "entry", "text", "id", "from", "\ud800"]): _random_json(
            rng, depth + 1
        )
        for _ in range(rng.randrange(4))
    }


def _raw_body(rng: random.Random) -> bytes:
    choice = rng.randrange(9)
    if choice == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
    if choice == 1:
        return b"[" * rng.randrange(100, 20_000) + b"]" * rng.randrange(0, 100)
    if choice == 2:
        return (
            b'{"sender": "'
            + str(uuid.uuid4()).encode()
            + b'", "message": "'
            + rng.choice([b"\\u0000", b"\\ud800", b"\\udfff x", b"\xed\xa0\x80", b"\xff"])
            + b'"}'
        )
    if choice == 3:
        return json.dumps({"sender": str(uuid.uuid4()), "message": rng.choice(HOSTILE_STRINGS)}).encode()
    if choice == 4:
        return json.dumps(
            {"sender": _random_json(rng), "message": _random_json(rng), "metadata": _random_json(rng)}
        ).encode()
    if choice == 5:
        return json.dumps(_random_json(rng)).encode()
    if choice == 6:
        return b'{"sender": "x", "message": "' + b"a" * rng.choice([10, 70_000, 200_000]) + b'"}'
    if choice == 7:
        return json.dumps(_random_json(rng))[: rng.randrange(1, 40)].encode()  # truncated
    return b""


def _post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_thousand_hostile_bodies_get_no_5xx_and_the_assistant_still_answers(live_stack):
    rng = random.Random(12)
    base = live_stack.rasa_url + "/webhooks"
    twilio_url = base + "/twilio_whatsapp/webhook"
    validator = RequestValidator(FAKE_TWILIO["TWILIO_AUTH_TOKEN"])
    statuses, server_errors = Counter(), []
    for i in range(TOTAL):
        target = i % 6
        content_type = rng.choice(
            ["application/json", "application/x-www-form-urlencoded", "text/plain", "application/json; charset=latin-1"]
        )
        if target in (0, 1):  # the widget and the dev REST channel
            url, body, headers = f"{base}/{'webchat' if target == 0 else 'rest'}/webhook", _raw_body(rng), {}
        elif target == 2:  # WhatsApp, unsigned or wrongly signed
            url, body = f"{base}/whatsapp/webhook", _raw_body(rng)
            headers = rng.choice([{}, {"X-Hub-Signature-256": "sha256=" + "0" * 64}, {"X-Hub-Signature-256": "\x00"}])
        elif target == 3:  # WhatsApp, validly signed hostile payloads (what a leaked secret could send)
            url = f"{base}/whatsapp/webhook"
            payload = rng.choice(
                [
                    _random_json(rng),
                    text_message(
                        rng.choice(["60123", "x", "6012" + "9" * 30, "601955" + str(rng.randrange(10**5))]),
                        rng.choice(HOSTILE_STRINGS[:-2]),
                    ),
                ]
            )
            body = json.dumps(payload).encode() if rng.random() < 0.9 else _raw_body(rng)
            headers = {"X-Hub-Signature-256": sign(body, APP_SECRET)}
        elif target == 4:  # Twilio, signed forms with hostile fields
            fields = {
                key: rng.choice(FORM_STRINGS)
                for key in rng.sample(
                    ["MessageSid", "From", "WaId", "Body", "NumMedia", "Latitude", "Longitude", "ButtonPayload"], 4
                )
            }
            body = urlencode(fields).encode()
            url, content_type = twilio_url, "application/x-www-form-urlencoded"
            headers = {"X-Twilio-Signature": validator.compute_signature(twilio_url, fields)}
        else:  # Twilio, unsigned raw bodies
            url, body, headers = twilio_url, _raw_body(rng), {"X-Twilio-Signature": "bad"}
        status = _post(url, body, {"Content-Type": content_type, **headers})
        statuses[status] += 1
        if status >= 500:
            server_errors.append((url, status, body[:200]))
    print(f"\n{TOTAL} hostile requests, statuses: {dict(sorted(statuses.items()))}")
    assert not server_errors, server_errors[:10]
    assert sum(statuses.values()) >= 1000

    sender = str(uuid.uuid4())
    reply = live_stack.post("/webhooks/webchat/webhook", {"sender": sender, "message": "hi"})
    assert reply and any(message.get("text") for message in reply)
