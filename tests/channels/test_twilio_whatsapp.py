"""WhatsApp through Twilio in a real Sanic server: signature checks, numbered choices, REST replies
(Twilio's REST API is mocked with aioresponses; requests to 127.0.0.1 pass through)."""

import json
import re

import aiohttp
import pytest
from aioresponses import aioresponses
from rasa.shared.exceptions import RasaException
from twilio.request_validator import RequestValidator

from channels import rate_limit
from channels.whatsapp.shared_state import WhatsAppState
from channels.whatsapp.twilio_connector import CHANNEL_NAME, TwilioWhatsAppInput
from tests.channels.conftest import FAST_RETRIES
from tests.channels.whatsapp_support import SanicServer, sign, text_message

pytestmark = pytest.mark.asyncio

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "twilio-test-auth-token"
BOT_NUMBER = "+60312345678"
WA_ID = "60123456789"
TWILIO_MESSAGES = re.compile(r"^https://api\.twilio\.com/2010-04-01/Accounts/AC\w+/Messages\.json$")
_sids = iter(range(1, 10_000))


@pytest.fixture
def twilio_channel(whatsapp_db, texts):
    def make(**overrides) -> TwilioWhatsAppInput:
        settings = {
            "account_sid": ACCOUNT_SID,
            "auth_token": AUTH_TOKEN,
            "whatsapp_number": BOT_NUMBER,
            "texts": texts,
            "policy": FAST_RETRIES,
        }
        settings.update(overrides)
        return TwilioWhatsAppInput(**settings)

    return make


@pytest.fixture
def twilio_api():
    with aioresponses(passthrough=["http://127.0.0.1"]) as mocked:
        yield mocked


def _accept(mocked, times=20):
    for _ in range(times):
        mocked.post(TWILIO_MESSAGES, status=201, payload={"sid": "SM" + "f" * 32, "status": "queued"})


def sent(mocked):
    """Form fields of every Twilio REST call, in order."""
    return [call.kwargs["data"] for key, calls in mocked.requests.items() if key[0] == "POST" for call in calls]


def form(body=None, sid=None, **extra):
    fields = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "AccountSid": ACCOUNT_SID,
        "From": f"whatsapp:+{WA_ID}",
        "To": f"whatsapp:{BOT_NUMBER}",
        "WaId": WA_ID,
        "ProfileName": "Mei Ling",
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    if body is not None:
        fields["Body"] = body
    fields.update(extra)
    return fields


async def post_twilio(server, fields, url=None, token=AUTH_TOKEN, signature="sign"):
    headers = {}
    if signature == "sign":
        headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(
            url or server.url + server.webhook, fields
        )
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    # absolute URL and a session without base URL: aioresponses decides what to pass through
    # before a base URL would be applied
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.url + server.webhook, data=fields, headers=headers) as resp,
    ):
        return resp.status, await resp.text()


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl"])
async def test_missing_or_bad_signature_is_403_and_never_reaches_rasa(twilio_channel, twilio_api, signature):
    _accept(twilio_api)
    async with SanicServer(twilio_channel()) as server:
        status, _ = await post_twilio(server, form("forged"), signature=signature)
        assert status == 403
        status, _ = await post_twilio(server, form("forged"), token="someone-elses-token")
        assert status == 403
        status, _ = await post_twilio(server, form("genuine"))
        assert status == 200
        await server.settle()
    assert server.agent.texts() == ["genuine"]


async def test_good_signature_reaches_rasa_and_the_reply_goes_out_over_rest(twilio_channel, twilio_api):
    _accept(twilio_api)
    async with SanicServer(twilio_channel()) as server:
        status, body = await post_twilio(server, form("Hello"))
        assert status == 200
        assert "<Response>" in body
        await server.settle()
    [message] = server.agent.received
    assert (message.text, message.sender_id, message.input_channel) == ("Hello", f"wa:{WA_ID}", "twilio_whatsapp")
    assert message.metadata == {
        "channel": "whatsapp",
        "provider": "twilio",
        "wa_id": WA_ID,
        "phone": "+60123456789",
        "profile_name": "Mei Ling",
    }
    assert sent(twilio_api) == [
        {"To": "whatsapp:+60123456789", "From": "whatsapp:+60312345678", "Body": "You said: Hello"}
    ]


async def test_signature_is_checked_against_the_configured_public_url_behind_a_proxy(twilio_channel, twilio_api):
    _accept(twilio_api)
    public = "https://bot.nextmed.example"
    async with SanicServer(twilio_channel(public_base_url=public + "/")) as server:
        status, _ = await post_twilio(server, form("signed for the public URL"), url=public + server.webhook)
        assert status == 200
        status, _ = await post_twilio(server, form("signed for the internal URL"))
        assert status == 403
        await server.settle()
    assert server.agent.texts() == ["signed for the public URL"]


async def test_buttons_become_short_numbered_choices_and_a_number_picks_the_payload(twilio_channel, twilio_api, texts):
    _accept(twilio_api)
    buttons = [
        {"title": "Cheras", "payload": '/inform{"choice":"cheras"}'},
        {"title": "Petaling Jaya (PJ)", "payload": '/inform{"choice":"pj"}'},
        {"title": "Setia Alam", "payload": '/inform{"choice":"setia_alam"}'},
    ]

    async def ask(message):
        await message.output_channel.send_text_with_buttons(message.sender_id, "Which branch?", buttons)

    async with SanicServer(twilio_channel()) as server:
        server.agent.replies["branch"] = ask
        await post_twilio(server, form("branch"))
        await server.settle()
        await post_twilio(server, form("2"))
        await server.settle()
    assert sent(twilio_api)[0]["Body"] == (
        "Which branch?\n\n1. Cheras\n2. Petaling Jaya (PJ)\n3. Setia Alam\n\n"
        + texts.say("channels", "whatsapp.numbered_reply_hint")
    )
    assert server.agent.texts() == ["branch", '/inform{"choice":"pj"}']


async def test_redelivered_message_sid_is_answered_once(twilio_channel, twilio_api):
    _accept(twilio_api)
    fields = form("only once")
    async with SanicServer(twilio_channel()) as server:
        for _ in range(2):
            assert (await post_twilio(server, fields))[0] == 200
        await server.settle()
    assert server.agent.texts() == ["only once"]
    assert len(sent(twilio_api)) == 1


async def test_media_gets_the_polite_reply_and_location_the_share_location_payload(twilio_channel, twilio_api, texts):
    _accept(twilio_api)
    async with SanicServer(twilio_channel()) as server:
        await post_twilio(
            server, form(NumMedia="1", MediaUrl0="https://api.twilio.com/media/1", MediaContentType0="image/jpeg")
        )
        await post_twilio(server, form(Latitude="3.1078", Longitude="101.7262", MessageType="location"))
        await server.settle()
    assert server.agent.texts() == ['/share_location{"latitude":3.108,"longitude":101.726}']  # rounded to 3 decimals
    assert sent(twilio_api)[0]["Body"] == texts.say("channels", "whatsapp.only_text_understood")


async def test_twilio_rate_limit_is_retried(twilio_channel, twilio_api):
    twilio_api.post(TWILIO_MESSAGES, status=429, payload={"code": 20429, "message": "Too Many Requests", "status": 429})
    _accept(twilio_api)
    async with SanicServer(twilio_channel()) as server:
        await post_twilio(server, form("hi"))
        await server.settle()
    assert [fields["Body"] for fields in sent(twilio_api)] == ["You said: hi", "You said: hi"]


@pytest.mark.parametrize("missing", ["auth_token", "account_sid", "whatsapp_number"])
async def test_from_credentials_refuses_to_start_without_settings(whatsapp_db, monkeypatch, missing):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"):
        monkeypatch.setenv(name, "")
    credentials = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "whatsapp_number": BOT_NUMBER, missing: ""}
    with pytest.raises(RasaException, match=missing):
        TwilioWhatsAppInput.from_credentials(credentials)


async def test_behind_a_tls_proxy_the_signature_needs_twilio_public_base_url(twilio_channel, twilio_api):
    """nginx terminates TLS and forwards plain http with X-Forwarded-Proto: https and the public Host.
    Twilio signed the https:// URL it called; without TWILIO_PUBLIC_BASE_URL the server rebuilds an
    http:// URL and every genuine message is refused (README "Security"), with it they go through."""
    _accept(twilio_api)
    public = "https://bot.nextmed.example"
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5", "Host": "bot.nextmed.example"}

    async def post_through_proxy(server, fields):
        url = public + server.webhook  # what Twilio called and signed
        headers = {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, fields), **proxied}
        async with (
            aiohttp.ClientSession() as session,
            session.post(server.url + server.webhook, data=fields, headers=headers) as resp,
        ):
            return resp.status

    async with SanicServer(twilio_channel()) as server:
        assert await post_through_proxy(server, form("refused without the setting")) == 403
    async with SanicServer(twilio_channel(public_base_url=public)) as server:
        assert await post_through_proxy(server, form("accepted with it")) == 200
        await server.settle()
    assert server.agent.texts() == ["accepted with it"]


async def test_database_outage_answers_503_so_twilio_retries_and_nothing_reaches_rasa(twilio_channel, twilio_api):
    def no_database():
        raise ConnectionError("database is down")

    _accept(twilio_api)
    async with SanicServer(twilio_channel(state=WhatsAppState(CHANNEL_NAME, engine_factory=no_database))) as server:
        status, _ = await post_twilio(server, form("hello?"))
        await server.settle()
    assert status == 503
    assert server.agent.received == []
    assert sent(twilio_api) == []


async def test_one_rate_limit_count_per_number_whichever_provider_carries_it(
    cloud_channel, fake_graph, twilio_channel, twilio_api, monkeypatch
):
    """The shared base counts a WhatsApp number once: a number that used its limit through the Cloud
    API cannot go on through Twilio, and gets 429 with Retry-After (Twilio retries later)."""
    monkeypatch.setenv("RATE_LIMIT_PER_SENDER", "2")
    monkeypatch.setattr(rate_limit, "_limiter", None)  # read the limit again now; forgotten after the test
    _accept(twilio_api)
    async with SanicServer(cloud_channel()) as cloud, aiohttp.ClientSession() as session:
        statuses = []
        for n in range(2):  # an absolute URL, so that aioresponses lets it through to 127.0.0.1
            body = json.dumps(text_message(WA_ID, f"cloud {n}")).encode()
            headers = {"X-Hub-Signature-256": sign(body), "Content-Type": "application/json"}
            async with session.post(cloud.url + cloud.webhook, data=body, headers=headers) as resp:
                statuses.append(resp.status)
        await cloud.settle()
    async with SanicServer(twilio_channel()) as twilio:
        async with aiohttp.ClientSession() as session:
            fields = form("through twilio")
            url = twilio.url + twilio.webhook
            headers = {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, fields)}
            async with session.post(url, data=fields, headers=headers) as resp:
                twilio_status, retry_after = resp.status, resp.headers.get("Retry-After")
        await twilio.settle()
    assert statuses == [200, 200]
    assert cloud.agent.texts() == ["cloud 0", "cloud 1"]
    assert (twilio_status, twilio.agent.received) == (429, [])
    assert retry_after is not None and int(retry_after) >= 1
    assert sent(twilio_api) == []
