"""A whole self-assessment and booking request over WhatsApp, against the real Rasa and action
servers, driven only by Meta-shaped, signed webhooks; the replies are read from the fake Graph API.

Needs (tests/conftest.py, owned by the lead):
- `pytest_plugins = ["tests.channels.fake_graph"]`, which provides the session fixture
  `whatsapp_fake_graph` (a local Graph API; `.url`, and `.env` with every WHATSAPP_* variable);
- `live_stack` started with `whatsapp_fake_graph.env` in its environment and with
  `channels.whatsapp.cloud_connector.WhatsAppCloudInput` in its credentials file; it exposes `.rasa_url` and `.env`
  (DB_NAME of the SQLite file shared by the tracker store and storage/).

The simulated user answers whatever the assistant asks, choosing from the options it is offered
(buttons, lists, numbered lists) and recognising the booking questions by their texts in
content/booking.yml, so the test follows the real question order instead of hard-coding it."""

import json
import random
import re
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.channels.fake_graph import APP_SECRET
from tests.channels.whatsapp_support import button_reply, list_reply, location_message, sign, text_message

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHANNEL_TEXTS = yaml.safe_load((ROOT / "content" / "channels.yml").read_text())["whatsapp"]
BOOKING = yaml.safe_load((ROOT / "content" / "booking.yml").read_text())
NUMBERED_HINT = CHANNEL_TEXTS["numbered_reply_hint"]["en"].strip()
TURN_QUIET_SECONDS = 2.0
MAX_TURNS = 80
CHERAS = (3.0870, 101.7440)  # coordinates near the Cheras branch area


def template(*path: str) -> "re.Pattern[str]":
    """A content text as a pattern: {placeholders} match anything."""
    node = BOOKING
    for key in path:
        node = node[key]
    text = " ".join(str(node["en"]).split())
    parts = re.split(r"\{[a-z_]+\}", text)
    return re.compile(".+?".join(re.escape(part) for part in parts), re.S)


ASK_LOCATION = template("location", "ask")
ASK_NAME = template("booking", "ask_name")
ASK_PHONE = template("booking", "ask_phone")
ASK_DATE = template("booking", "ask_date")
ASK_TIME = template("booking", "ask_time")
DATE_ERRORS = [
    template("errors", key) for key in ("date_unclear", "date_past", "date_too_far", "date_closed", "date_holiday")
]
TIME_ERRORS = [template("errors", key) for key in ("time_unclear", "time_outside_hours", "time_past")]
CONFIRMED = template("booking", "confirmed")
BOOK_AT_PREFIX = BOOKING["booking"]["button_book"]["en"].split("{")[0]
CONFIRM_TITLE = BOOKING["booking"]["button_confirm"]["en"]
AVOID_TITLES = {BOOKING["booking"][key]["en"] for key in ("button_change", "button_other_branch", "button_not_now")}
AVOID_PAYLOADS = ("/stop", "/restart", "/deny", "/consent_decline", "/correct_answer", "/ask_human")


def options_of(message: dict) -> tuple[str, list[tuple[str, str]], str]:
    """(kind, [(title, payload-or-number)], text) of one message the assistant sent."""
    if message["type"] == "interactive":
        interactive = message["interactive"]
        text = interactive["body"]["text"]
        if interactive["type"] == "button":
            return "button", [(b["reply"]["title"], b["reply"]["id"]) for b in interactive["action"]["buttons"]], text
        rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
        return "list", [(row.get("description") or row["title"], row["id"]) for row in rows], text
    text = message.get("text", {}).get("body", "")
    if text.endswith(NUMBERED_HINT):
        numbered = re.findall(r"^(\d+)\. (.+)$", text, re.M)
        return "numbered", [(title, number) for number, title in numbered], text
    return "text", [], text


class WhatsAppUser:
    def __init__(self, rasa_url: str, graph, wa_id: str) -> None:
        self.webhook = f"{rasa_url}/webhooks/whatsapp/webhook"
        self.graph = graph
        self.wa_id = wa_id
        self.transcript: list[str] = []

    def _post(self, payload: dict) -> None:
        raw = json.dumps(payload).encode()
        request = urllib.request.Request(
            self.webhook,
            data=raw,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, APP_SECRET)},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def send(self, payload: dict, shown: str) -> list[dict]:
        """Sends one message and returns everything the assistant answered to it."""
        self.transcript.append(f"USER: {shown}")
        before = len(self.graph.delivered(self.wa_id))
        self._post(payload)
        assert self.graph.wait_until(lambda: len(self.graph.delivered(self.wa_id)) > before, timeout=60), self.story()
        # the turn is over once nothing new arrived for a little while
        seen = -1
        while seen != len(self.graph.delivered(self.wa_id)):
            seen = len(self.graph.delivered(self.wa_id))
            self.graph.wait_until(
                lambda seen=seen: len(self.graph.delivered(self.wa_id)) > seen, timeout=TURN_QUIET_SECONDS
            )
        replies = self.graph.delivered(self.wa_id)[before:]
        for reply in replies:
            kind, options, text = options_of(reply)
            self.transcript.append(f"BOT ({kind}): {text} {[title for title, _ in options] if options else ''}")
        return replies

    def story(self) -> str:
        return "\n".join(self.transcript[-30:])


def choose(options: list[tuple[str, str]], used: set, booking_phase: bool, wa_id: str) -> int | None:
    """Index of the option a cooperative user with mild eczema would pick."""

    def index_where(test) -> int | None:
        return next((i for i, (title, payload) in enumerate(options) if test(title, payload)), None)

    for test in (
        lambda t, p: wa_id in p.replace("+", "") or wa_id[2:] in t.replace(" ", "").replace("-", ""),
        lambda t, p: p in ("/consent_agree", "/start_assessment") and p not in used,
        lambda t, p: (
            booking_phase and (p.startswith("/book_appointment") or p == "/affirm" or t.startswith(BOOK_AT_PREFIX))
        ),
        lambda t, p: booking_phase and (t == CONFIRM_TITLE or p == '/inform{"choice":"yes"}'),
        lambda t, p: not booking_phase and p == '/inform{"choice":"no"}',  # no red flags, no scarring
        lambda t, p: p == '/inform{"choice":"eczema"}',
        # Answer choices repeat across questions (the 7 eczema items share one scale), so they may be reused;
        # other buttons are pressed once to avoid loops.
        lambda t, p: (
            (p.startswith("/inform") or p not in used)
            and not p.startswith(AVOID_PAYLOADS)
            and t not in AVOID_TITLES
            and '"skip' not in p
            and p != "/start_assessment"
        ),
    ):
        found = index_where(test)
        if found is not None:
            return found
    return None


def test_self_assessment_and_booking_over_whatsapp(live_stack, whatsapp_fake_graph):
    graph = whatsapp_fake_graph
    wa_id = "6012" + str(random.randint(3_000_000, 9_999_999))
    user = WhatsAppUser(live_stack.rasa_url, graph, wa_id)

    replies = user.send(text_message(wa_id, "hi", name="Aisyah Tan"), "hi")
    used: set = set()
    booking_phase = False
    date_answers = iter(["tomorrow", "next Monday", "next Tuesday", "next Wednesday", "next Thursday"])
    time_answers = iter(["11am", "3pm", "10am", "2pm"])
    reference = None

    for _ in range(MAX_TURNS):
        last = replies[-1]
        kind, options, text = options_of(last)
        all_text = " ".join(" ".join(options_of(r)[2].split()) for r in replies)

        if CONFIRMED.search(all_text):
            reference = re.search(r"NM-[A-Z0-9]{6}", all_text)
            break
        if "/start_assessment" in used and any(
            "/book_appointment" in p or p == "/affirm" or t.startswith(BOOK_AT_PREFIX) for t, p in options
        ):
            booking_phase = True
        flat = " ".join(text.split())

        if ASK_LOCATION.search(flat):
            booking_phase = True
            replies = user.send(location_message(wa_id, *CHERAS), f"(location {CHERAS})")
        elif options:
            index = choose(options, used, booking_phase, wa_id)
            assert index is not None, f"no sensible option to pick\n{user.story()}"
            title, payload = options[index]
            if kind != "numbered":  # a typed number is not a payload worth remembering
                used.add(payload)
            if kind == "numbered":
                replies = user.send(text_message(wa_id, payload), payload)  # typed number
            elif kind == "list":
                replies = user.send(list_reply(wa_id, payload, title[:24]), f"[{title}]")
            else:
                replies = user.send(button_reply(wa_id, payload, title), f"[{title}]")
        elif ASK_NAME.search(flat):
            replies = user.send(text_message(wa_id, "Aisyah Tan"), "Aisyah Tan")
        elif ASK_PHONE.search(flat):
            replies = user.send(text_message(wa_id, f"+{wa_id}"), f"+{wa_id}")
        elif ASK_DATE.search(flat) or any(p.search(flat) for p in DATE_ERRORS):
            answer = next(date_answers)
            replies = user.send(text_message(wa_id, answer), answer)
        elif ASK_TIME.search(flat) or any(p.search(flat) for p in TIME_ERRORS):
            answer = next(time_answers)
            replies = user.send(text_message(wa_id, answer), answer)
        else:
            pytest.fail(f"the assistant's last message asks nothing this user can answer\n{user.story()}")
    else:
        pytest.fail(f"no booking confirmation after {MAX_TURNS} turns\n{user.story()}")

    assert reference, user.story()
    assert "/start_assessment" in used, "the self-assessment never started"

    # Everything the assistant sent kept within WhatsApp's limits.
    for message in graph.delivered(wa_id):
        kind, options, text = options_of(message)
        assert len(text) <= (4096 if kind in ("text", "numbered") else 1024)
        if kind == "button":
            assert 1 <= len(options) <= 3
            assert all(len(b["reply"]["title"]) <= 20 for b in message["interactive"]["action"]["buttons"])
        if kind == "list":
            rows = message["interactive"]["action"]["sections"][0]["rows"]
            assert 4 <= len(rows) <= 10 and all(len(row["title"]) <= 24 for row in rows)

    # The tracker and the booking request carry the WhatsApp identity.
    with sqlite3.connect(live_stack.env["DB_NAME"]) as db:
        user_events = [
            json.loads(data)
            for (data,) in db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (f"wa:{wa_id}",)
            )
        ]
        booking = db.execute(
            "SELECT reference, channel, phone_e164 FROM booking_requests WHERE sender_id = ?", (f"wa:{wa_id}",)
        ).fetchall()
    assert user_events, "no user events stored for the WhatsApp sender"
    assert all(event["metadata"]["phone"] == f"+{wa_id}" for event in user_events)
    assert all(event["input_channel"] == "whatsapp" for event in user_events)
    assert any(event["text"].startswith("/share_location") for event in user_events)
    assert booking == [(reference.group(0), "whatsapp", f"+{wa_id}")]
    user_message_count = sum(1 for line in user.transcript if line.startswith("USER"))
    assert len(graph.read_receipts()) >= user_message_count  # every inbound message was marked as read


def test_forged_webhook_is_refused_by_the_live_server(live_stack, whatsapp_fake_graph):
    wa_id = "6012" + str(random.randint(3_000_000, 9_999_999))
    raw = json.dumps(text_message(wa_id, "hi")).encode()
    request = urllib.request.Request(
        f"{live_stack.rasa_url}/webhooks/whatsapp/webhook",
        data=raw,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, "wrong-secret")},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert not whatsapp_fake_graph.wait_until(lambda: whatsapp_fake_graph.delivered(wa_id), timeout=3)
