"""The webchat channel in a real Sanic server, wired the way `rasa run --cors ...` wires it,
with a fake agent (no trained model) whose tracker store is Rasa's in-memory store."""

import json
import socket
import uuid
from itertools import count

import aiohttp
import pytest
import pytest_asyncio
from rasa.core.channels.channel import UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.server import configure_cors
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, Restarted, UserUttered
from sanic import Sanic

from channels import webchat_live
from channels.webchat import WebChatInput, is_valid_sender_id, visible_transcript
from storage import handoffs

ALLOWED_ORIGIN = "http://127.0.0.1:8080"
CONSENT_BUTTONS = [
    {"title": "I agree", "payload": "/consent_agree"},
    {"title": "No thanks", "payload": "/consent_decline"},
]
_app_ids = count()


class FakeAgent:
    """Stands in for rasa.core.agent.Agent: records messages, answers from a script and
    writes user/bot events into a real InMemoryTrackerStore so history can be read back."""

    def __init__(self) -> None:
        self.tracker_store = InMemoryTrackerStore(Domain.empty())
        self.received: list[UserMessage] = []
        self.fail_with: Exception | None = None

    async def handle_message(self, message: UserMessage) -> None:
        if self.fail_with:
            raise self.fail_with
        self.received.append(message)
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, metadata=message.metadata))
        if message.text == "/restart":
            tracker.update(Restarted())
        elif message.text == "hello":
            await message.output_channel.send_text_with_buttons(
                message.sender_id, "Hi! May I ask a few questions?", CONSENT_BUTTONS
            )
            tracker.update(BotUttered("Hi! May I ask a few questions?", data={"buttons": CONSENT_BUTTONS}))
        else:
            await message.output_channel.send_text_message(message.sender_id, "Thanks.")
            tracker.update(BotUttered("Thanks."))
        await self.tracker_store.save(tracker)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest_asyncio.fixture
async def server(monkeypatch, tmp_path):
    # Hand-off state (history's "live") is read from a throw-away database.
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(tmp_path / "webchat.sqlite3"))
    webchat_live._engine.cache_clear()
    # Sanic rewrites its protocol class once per process ("touchup"); test mode (what
    # sanic-testing sets) keeps the original so several apps can start in one process.
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = Sanic(f"webchat_test_{next(_app_ids)}", configure_logging=False)
    configure_cors(app, [ALLOWED_ORIGIN])
    register([WebChatInput()], app, route="/webhooks/")
    agent = FakeAgent()
    app.ctx.agent = agent
    port = _free_port()
    srv = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    # same order as Sanic's own serve(): sanic-cors installs its middleware in before_start
    await srv.startup()
    await srv.before_start()
    await srv.start_serving()
    await srv.after_start()
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
        yield session, agent
    await srv.before_stop()
    srv.close()
    await srv.wait_closed()
    await srv.after_stop()


def _sender() -> str:
    return str(uuid.uuid4())


async def _post(session, body, **kwargs):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
    async with session.post("/webhooks/webchat/webhook", data=data, headers=headers) as resp:
        return resp.status, await resp.json(content_type=None), resp.headers


@pytest.mark.asyncio
async def test_message_reaches_rasa_with_metadata_and_replies_come_back(server):
    session, agent = server
    sender = _sender()
    status, replies, _ = await _post(
        session,
        {
            "sender": sender,
            "message": "hello",
            "metadata": {
                "page_url": "https://nextmed.example/gut-skin?email=a@b.my#x",
                "language": "en-GB",
                "evil": "x" * 100,
            },
        },
    )
    assert status == 200
    assert replies == [
        {"recipient_id": f"web:{sender}", "text": "Hi! May I ask a few questions?", "buttons": CONSENT_BUTTONS}
    ]
    message = agent.received[0]
    assert message.sender_id == f"web:{sender}"
    assert message.input_channel == "webchat"
    # only the fields the assistant uses are kept, the URL without its query string, and the
    # language normalised to "en"
    assert message.metadata == {"page_url": "https://nextmed.example/gut-skin", "language": "en"}


@pytest.mark.asyncio
async def test_history_shows_transcript_with_chosen_button_and_resets_on_restart(server):
    session, _ = server
    sender = _sender()
    await _post(session, {"sender": sender, "message": "hello"})
    await _post(session, {"sender": sender, "message": "/consent_agree"})
    async with session.get("/webhooks/webchat/history", params={"sender": sender}) as resp:
        assert resp.status == 200
        body = await resp.json()
    messages = body["messages"]
    assert [m["role"] for m in messages] == ["user", "bot", "user", "bot"]
    assert messages[0]["text"] == "hello"
    assert messages[1]["buttons"] == CONSENT_BUTTONS
    assert messages[1]["chosen"] == "/consent_agree"
    # the clicked payload is shown as the button's title, as it was live
    assert messages[2] == {
        "role": "user",
        "text": "I agree",
        "payload": "/consent_agree",
        "timestamp": messages[2]["timestamp"],
    }
    assert all(isinstance(m["timestamp"], float) for m in messages)

    await _post(session, {"sender": sender, "message": "/restart"})
    async with session.get("/webhooks/webchat/history", params={"sender": sender}) as resp:
        assert (await resp.json())["messages"] == []


@pytest.mark.asyncio
async def test_history_is_live_while_the_conversation_is_in_the_inbox_and_labels_staff_messages(server):
    session, agent = server
    sender = _sender()
    await _post(session, {"sender": sender, "message": "hello"})

    async def history():
        async with session.get("/webhooks/webchat/history", params={"sender": sender}) as resp:
            return await resp.json()

    assert (await history())["live"] is False
    conversation = f"web:{sender}"  # the conversation id of this visitor (storage/conversation_ids.py)
    handoffs.request_handoff(webchat_live._engine(), sender_id=conversation, reason="human")
    assert (await history())["live"] is True  # waiting for staff: the widget polls
    tracker = await agent.tracker_store.retrieve(conversation)
    tracker.update(ConversationPaused())
    tracker.update(BotUttered("Hello, Sara from the clinic here.", metadata={"staff": True}))
    await agent.tracker_store.save(tracker)
    with webchat_live._engine().begin() as conn:
        conn.execute(handoffs.handoff_requests.update().values(status="held"))
    body = await history()
    assert body["live"] is True
    assert body["messages"][-1]["staff"] is True and body["messages"][-1]["text"] == "Hello, Sara from the clinic here."
    assert "staff" not in body["messages"][1]  # the assistant's own messages are not labelled
    tracker = await agent.tracker_store.retrieve(conversation)
    tracker.update(ConversationResumed())
    await agent.tracker_store.save(tracker)
    with webchat_live._engine().begin() as conn:
        conn.execute(handoffs.handoff_requests.update().values(status="closed", active_key=None))
    assert (await history())["live"] is False  # handed back: polling stops


@pytest.mark.asyncio
async def test_history_of_unknown_sender_is_empty_and_other_senders_are_not_mixed_in(server):
    session, _ = server
    await _post(session, {"sender": _sender(), "message": "hello"})
    async with session.get("/webhooks/webchat/history", params={"sender": _sender()}) as resp:
        assert resp.status == 200
        assert (await resp.json())["messages"] == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "sender",
    [
        None,
        "",
        "alice",
        "1",
        "00000000-0000-0000-0000-000000000000",
        "6ba7b810-9dad-11d1-80b4-00c04fd430c8",  # version 1: time based, guessable
        "7D444840-9DC0-41D1-B245-5FFDCE74FAD2",  # not canonical (upper case)
        "../../etc/passwd",
    ],
)
async def test_invalid_sender_ids_are_rejected(server, sender):
    session, agent = server
    status, body, _ = await _post(session, {"sender": sender, "message": "hi"})
    assert (status, body["error"]) == (400, "invalid_sender")
    params = {} if sender is None else {"sender": sender}
    async with session.get("/webhooks/webchat/history", params=params) as resp:
        assert resp.status == 400
        assert (await resp.json())["error"] == "invalid_sender"
    assert agent.received == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body, status, error",
    [
        ("not json", 400, "invalid_json"),
        ("", 400, "invalid_json"),
        ("[1, 2]", 400, "invalid_json"),
        ({"sender": "SENDER"}, 400, "missing_message"),
        ({"sender": "SENDER", "message": "   "}, 400, "missing_message"),
        ({"sender": "SENDER", "message": 42}, 400, "missing_message"),
        ({"sender": "SENDER", "message": "x" * 2001}, 413, "message_too_long"),
        ({"sender": "SENDER", "message": "hi", "metadata": "en"}, 400, "invalid_metadata"),
        ({"sender": "SENDER", "message": "x" * 20000}, 413, "too_large"),
    ],
)
async def test_bad_input_gets_a_clear_4xx_and_never_reaches_rasa(server, body, status, error):
    session, agent = server
    if isinstance(body, dict):
        body = {k: (_sender() if v == "SENDER" else v) for k, v in body.items()}
    got_status, got, _ = await _post(session, body)
    assert (got_status, got["error"]) == (status, error)
    assert got["detail"]
    assert agent.received == []


@pytest.mark.asyncio
async def test_message_of_exactly_2000_chars_is_accepted(server):
    session, agent = server
    status, _, _ = await _post(session, {"sender": _sender(), "message": "x" * 2000})
    assert status == 200
    assert len(agent.received) == 1


@pytest.mark.asyncio
async def test_assistant_failure_is_reported_not_swallowed(server):
    session, agent = server
    agent.fail_with = RuntimeError("action server down")
    status, body, _ = await _post(session, {"sender": _sender(), "message": "hello"})
    assert (status, body["error"]) == (500, "assistant_error")


@pytest.mark.asyncio
async def test_health_routes(server):
    session, _ = server
    for path in ("/webhooks/webchat/", "/webhooks/webchat/health"):
        async with session.get(path) as resp:
            assert resp.status == 200
            assert await resp.json() == {"status": "ok"}


@pytest.mark.asyncio
async def test_cors_allows_the_configured_origin_including_preflight(server):
    session, _ = server
    preflight_headers = {
        "Origin": ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    async with session.options("/webhooks/webchat/webhook", headers=preflight_headers) as resp:
        assert resp.status < 300
        assert resp.headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
        assert "content-type" in resp.headers.get("Access-Control-Allow-Headers", "").lower()
    status, _, headers = await _post(
        session, {"sender": _sender(), "message": "hello"}, headers={"Origin": ALLOWED_ORIGIN}
    )
    assert status == 200
    assert headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    # errors must carry CORS headers too, or the widget cannot tell "bad input" from "down"
    status, _, headers = await _post(session, {"sender": "nope", "message": "hi"}, headers={"Origin": ALLOWED_ORIGIN})
    assert status == 400
    assert headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    async with session.get(
        "/webhooks/webchat/history", params={"sender": _sender()}, headers={"Origin": ALLOWED_ORIGIN}
    ) as resp:
        assert resp.headers.get("Access-Control-Allow-Origin") == ALLOWED_ORIGIN


@pytest.mark.asyncio
async def test_cors_gives_a_disallowed_origin_no_allow_header(server):
    session, _ = server
    evil = "https://evil.example"
    async with session.options(
        "/webhooks/webchat/webhook",
        headers={
            "Origin": evil,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    ) as resp:
        assert "Access-Control-Allow-Origin" not in resp.headers
    _, _, headers = await _post(session, {"sender": _sender(), "message": "hello"}, headers={"Origin": evil})
    assert "Access-Control-Allow-Origin" not in headers
    async with session.get("/webhooks/webchat/history", params={"sender": _sender()}, headers={"Origin": evil}) as resp:
        assert "Access-Control-Allow-Origin" not in resp.headers


def test_sender_id_validation_accepts_browser_uuids():
    assert is_valid_sender_id(str(uuid.uuid4()))
    assert not is_valid_sender_id(str(uuid.uuid4()).replace("-", ""))


def test_transcript_splits_plain_text_like_the_live_channel_and_labels_bare_payloads():
    events = [
        {"event": "bot", "text": "First.\n\nSecond.", "data": {}, "timestamp": 1.0},
        {"event": "user", "text": '/share_location{"latitude":3.1,"longitude":101.6}', "timestamp": 2.0},
        {
            "event": "bot",
            "text": "Pick one",
            "timestamp": 3.0,
            "data": {"quick_replies": [{"title": "Cheras", "payload": "/inform"}]},
        },
        {"event": "slot", "name": "x", "value": 1, "timestamp": 3.5},
        {"event": "user", "text": "cheras please", "timestamp": 4.0},
    ]
    items = visible_transcript(events)
    assert [i.get("text") for i in items] == ["First.", "Second.", None, "Pick one", "cheras please"]
    assert items[2]["payload"].startswith("/share_location")
    assert "chosen" not in items[3]  # answered by typing, so no button is marked
