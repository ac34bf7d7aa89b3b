"""The WhatsApp Cloud API webhook in a real Sanic server: what reaches Rasa, and what Meta gets back."""

import asyncio
import json
import time

import pytest
from sqlalchemy import create_engine

from channels.whatsapp.shared_state import WhatsAppState
from tests.channels.fake_graph import VERIFY_TOKEN
from tests.channels.whatsapp_support import (
    SanicServer,
    button_reply,
    envelope,
    eventually,
    inbound,
    list_reply,
    location_message,
    media_message,
    new_message_id,
    sign,
    status_callback,
    text_message,
)

WA_ID = "60123456789"
OTHER_WA_ID = "60198765432"

pytestmark = pytest.mark.asyncio


async def test_health_route(cloud_channel):
    async with SanicServer(cloud_channel()) as server, server.session.get("/webhooks/whatsapp/") as resp:
        assert resp.status == 200
        assert await resp.json() == {"status": "ok"}


async def test_verification_handshake_returns_the_challenge(cloud_channel):
    async with SanicServer(cloud_channel()) as server:
        params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        async with server.session.get(server.webhook, params=params) as resp:
            assert resp.status == 200
            assert await resp.text() == "1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"},
        {"hub.mode": "subscribe", "hub.challenge": "42"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"},
        {},
    ],
)
async def test_verification_with_wrong_token_or_mode_is_refused(cloud_channel, params):
    async with SanicServer(cloud_channel()) as server, server.session.get(server.webhook, params=params) as resp:
        assert resp.status == 403
        assert "42" not in await resp.text()


async def test_text_message_reaches_rasa_with_whatsapp_metadata_and_the_reply_goes_out(cloud_channel, fake_graph):
    async with SanicServer(cloud_channel()) as server:
        payload = text_message(WA_ID, "Hello there", name="Aisyah")
        message_id = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
        status, _ = await server.post_meta(payload)
        assert status == 200
        await server.settle()

    [message] = server.agent.received
    assert message.text == "Hello there"
    assert message.sender_id == f"wa:{WA_ID}"
    assert message.input_channel == "whatsapp"
    assert message.message_id == message_id
    assert message.metadata == {
        "channel": "whatsapp",
        "wa_id": WA_ID,
        "phone": "+60123456789",
        "profile_name": "Aisyah",
    }
    [reply] = fake_graph.delivered(to=WA_ID)
    assert reply["messaging_product"] == "whatsapp"
    assert reply["text"]["body"] == "You said: Hello there"
    assert fake_graph.read_receipts() == [message_id]
    assert {call["authorization"] for call in fake_graph.calls} == {"Bearer test-access-token"}
    assert {call["path"] for call in fake_graph.calls} == {"/v21.0/109876543210987/messages"}


@pytest.mark.parametrize(
    "signature",
    [
        None,  # header missing
        "",
        "sha256=" + "0" * 64,
        sign(b"a different body"),
        sign(json.dumps(text_message(WA_ID, "hi")).encode(), secret="not-the-app-secret"),
        "sha1=" + "0" * 40,  # the old header format
    ],
)
async def test_bad_or_missing_signature_is_403_and_never_reaches_rasa(cloud_channel, fake_graph, signature):
    async with SanicServer(cloud_channel()) as server:
        status, _ = await server.post_meta(text_message(WA_ID, "forged"), signature=signature)
        assert status == 403
        # a genuine message afterwards is the only one Rasa ever sees
        status, _ = await server.post_meta(text_message(WA_ID, "genuine"))
        assert status == 200
        await server.settle()
    assert server.agent.texts() == ["genuine"]
    assert fake_graph.texts() == ["You said: genuine"]


async def test_signature_covers_the_exact_raw_bytes(cloud_channel):
    async with SanicServer(cloud_channel()) as server:
        raw = json.dumps(text_message(WA_ID, "hi")).encode()
        status, _ = await server.post_meta(None, raw=raw + b" ", signature=sign(raw))
        assert status == 403


async def test_malformed_json_is_400_and_nothing_is_handled(cloud_channel, fake_graph):
    async with SanicServer(cloud_channel()) as server:
        raw = b'{"object": "whatsapp_business_account", "entry": ['
        status, _ = await server.post_meta(None, raw=raw, signature=sign(raw))
        assert status == 400
        await server.settle()
    assert server.agent.received == []
    assert fake_graph.calls == []


@pytest.mark.parametrize(
    "payload",
    [
        {"object": "page"},
        {"entry": "not a list"},
        [1, 2, 3],
        "just a string",
        {"entry": [{"changes": [{"value": None}]}]},
        {"entry": [{"changes": [{"value": {"messages": [{"type": "text"}]}}]}]},  # no id, no sender
        envelope({"messages": "nope", "contacts": 5}),
    ],
)
async def test_unknown_shapes_get_200_and_are_ignored(cloud_channel, fake_graph, payload):
    async with SanicServer(cloud_channel()) as server:
        status, _ = await server.post_meta(payload)
        assert status == 200
        await server.settle()
    assert server.agent.received == []
    assert fake_graph.calls == []


async def test_events_for_another_phone_number_are_ignored(cloud_channel, fake_graph):
    payload = text_message(WA_ID, "hi")
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(payload))[0] == 200
        await server.settle()
    assert server.agent.received == []


async def test_status_callbacks_never_trigger_a_reply(cloud_channel, fake_graph):
    async with SanicServer(cloud_channel()) as server:
        status, _ = await server.post_meta(status_callback(WA_ID))
        assert status == 200
        await server.settle()
    assert server.agent.received == []
    assert fake_graph.calls == []  # not even a read receipt


async def test_duplicate_delivery_is_answered_once(cloud_channel, fake_graph):
    payload = text_message(WA_ID, "book please")
    async with SanicServer(cloud_channel()) as server:
        for _ in range(3):
            assert (await server.post_meta(payload))[0] == 200
        await server.settle()
    assert server.agent.texts() == ["book please"]
    assert fake_graph.texts() == ["You said: book please"]


async def test_duplicate_delivery_after_a_restart_is_not_answered_again(whatsapp_db, cloud_channel, fake_graph):
    payload = text_message(WA_ID, "first and only")
    url = f"sqlite:///{whatsapp_db}"

    engine = create_engine(url, future=True)
    first = cloud_channel(state=WhatsAppState("whatsapp", engine_factory=lambda: engine))
    async with SanicServer(first) as server:
        assert (await server.post_meta(payload))[0] == 200
        await server.settle()
    engine.dispose()  # the "process" is gone; only the database file remains
    assert server.agent.texts() == ["first and only"]

    engine = create_engine(url, future=True)
    second = cloud_channel(state=WhatsAppState("whatsapp", engine_factory=lambda: engine))
    async with SanicServer(second) as restarted:
        assert (await restarted.post_meta(payload))[0] == 200  # Meta redelivers after our restart
        assert (await restarted.post_meta(text_message(WA_ID, "new message")))[0] == 200
        await restarted.settle()
    engine.dispose()
    assert restarted.agent.texts() == ["new message"]
    assert fake_graph.texts() == ["You said: first and only", "You said: new message"]


@pytest.mark.parametrize("kind", ["image", "audio", "sticker", "video", "document", "a_type_meta_adds_next_year"])
async def test_media_and_unknown_types_get_the_polite_text_only_reply(cloud_channel, fake_graph, texts, kind):
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(media_message(WA_ID, kind)))[0] == 200
        await server.settle()
    assert server.agent.received == []
    assert fake_graph.texts(WA_ID) == [texts.say("channels", "whatsapp.only_text_understood")]


async def test_reactions_get_no_reply(cloud_channel, fake_graph):
    payload = inbound(WA_ID, {"type": "reaction", "reaction": {"message_id": "wamid.x", "emoji": "\U0001f44d"}})
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(payload))[0] == 200
        await server.settle()
    assert server.agent.received == []
    assert fake_graph.delivered() == []


@pytest.mark.parametrize("make", [button_reply, list_reply])
async def test_interactive_replies_send_the_payload_into_rasa(cloud_channel, make):
    payload = '/inform{"choice":"2_weeks_to_3_months"}'
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(make(WA_ID, payload, "2 weeks to 3 months")))[0] == 200
        await server.settle()
    assert server.agent.texts() == [payload]


async def test_location_becomes_a_share_location_payload(cloud_channel):
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(location_message(WA_ID, 3.0738, 101.5183)))[0] == 200
        await server.settle()
    assert server.agent.texts() == ['/share_location{"latitude":3.074,"longitude":101.518}']


def _options(count):
    return [
        {"title": f"Body area number {n}", "payload": f'/inform{{"choice":"area_{n}"}}'} for n in range(1, count + 1)
    ]


async def test_typed_number_answers_a_numbered_list_even_in_another_process(cloud_channel, fake_graph, texts):
    async def ask(message):
        await message.output_channel.send_text_with_buttons(message.sender_id, "Where is it?", _options(12))

    async with SanicServer(cloud_channel()) as first:
        first.agent.replies["where"] = ask
        assert (await first.post_meta(text_message(WA_ID, "where")))[0] == 200
        await first.settle()
    [listing] = fake_graph.texts(WA_ID)
    assert "2. Body area number 2" in listing and listing.endswith(
        texts.say("channels", "whatsapp.numbered_reply_hint")
    )

    # The reply lands on another process behind the load balancer: the mapping is in the database.
    async with SanicServer(cloud_channel()) as second:
        assert (await second.post_meta(text_message(WA_ID, "2")))[0] == 200
        await second.settle()
        # one list, one answer: a later "2" is just text again
        assert (await second.post_meta(text_message(WA_ID, "2")))[0] == 200
        await second.settle()
    assert second.agent.texts() == ['/inform{"choice":"area_2"}', "2"]


async def test_several_numbers_pick_several_options_by_title(cloud_channel):
    async def ask(message):
        await message.output_channel.send_text_with_buttons(message.sender_id, "Where is it?", _options(12))

    async with SanicServer(cloud_channel()) as server:
        server.agent.replies["where"] = ask
        await server.post_meta(text_message(WA_ID, "where"))
        await server.settle()
        await server.post_meta(text_message(WA_ID, "1, 3 and 12"))  # "and" is not a number list
        await server.settle()
        await server.post_meta(text_message(WA_ID, "where"))
        await server.settle()
        await server.post_meta(text_message(WA_ID, "1, 3, 12"))
        await server.settle()
    assert server.agent.texts()[1] == "1, 3 and 12"
    assert server.agent.texts()[3] == "Body area number 1, Body area number 3, Body area number 12"


async def test_number_out_of_range_goes_to_rasa_as_typed(cloud_channel):
    async def ask(message):
        await message.output_channel.send_text_with_buttons(message.sender_id, "Where?", _options(11))

    async with SanicServer(cloud_channel()) as server:
        server.agent.replies["where"] = ask
        await server.post_meta(text_message(WA_ID, "where"))
        await server.settle()
        await server.post_meta(text_message(WA_ID, "12"))
        await server.settle()
    assert server.agent.texts() == ["where", "12"]


async def test_webhook_answers_at_once_and_a_slow_conversation_does_not_hold_up_others(cloud_channel, fake_graph):
    async with SanicServer(cloud_channel()) as server:
        release = server.agent.hold[f"wa:{WA_ID}"] = asyncio.Event()
        started = time.monotonic()
        assert (await server.post_meta(text_message(WA_ID, "slow one")))[0] == 200
        assert time.monotonic() - started < 1.0  # Meta is not kept waiting for Rasa
        assert (await server.post_meta(text_message(OTHER_WA_ID, "quick one")))[0] == 200

        assert await eventually(lambda: fake_graph.texts(OTHER_WA_ID) == ["You said: quick one"])
        assert fake_graph.texts(WA_ID) == []  # still thinking
        release.set()
        await server.settle()
    assert fake_graph.texts(WA_ID) == ["You said: slow one"]


async def test_one_users_messages_keep_their_order(cloud_channel, fake_graph):
    async with SanicServer(cloud_channel()) as server:
        release = server.agent.hold[f"wa:{WA_ID}"] = asyncio.Event()
        for text in ("one", "two", "three"):
            await server.post_meta(text_message(WA_ID, text))
        await asyncio.sleep(0.1)
        release.set()
        await server.settle()
    assert server.agent.texts() == ["one", "two", "three"]
    assert fake_graph.texts(WA_ID) == ["You said: one", "You said: two", "You said: three"]


async def test_rasa_failure_is_logged_and_later_messages_still_work(cloud_channel, fake_graph, caplog):
    async def boom(message):
        raise RuntimeError("action server down")

    async with SanicServer(cloud_channel()) as server:
        server.agent.replies["boom"] = boom
        assert (await server.post_meta(text_message(WA_ID, "boom")))[0] == 200
        await server.settle()
        assert (await server.post_meta(text_message(WA_ID, "still there?")))[0] == 200
        await server.settle()
    assert "action server down" in caplog.text
    assert fake_graph.texts(WA_ID) == ["You said: still there?"]


async def test_batch_with_several_messages_is_handled_in_order(cloud_channel):
    payload = envelope(
        {
            "contacts": [{"profile": {"name": "A"}, "wa_id": WA_ID}, {"profile": {"name": "B"}, "wa_id": OTHER_WA_ID}],
            "messages": [
                {"from": WA_ID, "id": new_message_id(), "type": "text", "text": {"body": "a1"}},
                {"from": OTHER_WA_ID, "id": new_message_id(), "type": "text", "text": {"body": "b1"}},
                {"from": WA_ID, "id": new_message_id(), "type": "text", "text": {"body": "a2"}},
            ],
        }
    )
    async with SanicServer(cloud_channel()) as server:
        assert (await server.post_meta(payload))[0] == 200
        await server.settle()
    by_sender = {}
    for message in server.agent.received:
        by_sender.setdefault(message.sender_id, []).append((message.text, message.metadata["profile_name"]))
    assert by_sender == {f"wa:{WA_ID}": [("a1", "A"), ("a2", "A")], f"wa:{OTHER_WA_ID}": [("b1", "B")]}


async def test_database_outage_answers_503_so_meta_redelivers_later(cloud_channel, fake_graph):
    def no_database():
        raise ConnectionError("database is down")

    async with SanicServer(cloud_channel(state=WhatsAppState("whatsapp", engine_factory=no_database))) as server:
        status, _ = await server.post_meta(text_message(WA_ID, "hello?"))
        await server.settle()
    assert status == 503
    assert server.agent.received == []
    assert fake_graph.calls == []
