"""What the WhatsApp user receives for Rasa's bot messages, through the local fake Graph API."""

import logging
import re
from datetime import datetime, timedelta, timezone
from typing import ClassVar

import pytest
import pytest_asyncio
from rasa.shared.exceptions import RasaException

from channels.whatsapp.cloud_connector import WhatsAppCloudInput, WhatsAppCloudOutput
from storage import whatsapp as records

pytestmark = pytest.mark.asyncio

WA_ID = "60123456789"


@pytest_asyncio.fixture
async def output(cloud_channel):
    """An output channel for a user who wrote a minute ago (24-hour window open)."""
    channel = cloud_channel()
    await channel.state.record_inbound(WA_ID)
    yield channel.get_output_channel()
    await channel.close()


def _buttons(titles):
    return [{"title": title, "payload": f'/inform{{"choice":"c{n}"}}'} for n, title in enumerate(titles)]


def _cut_at_word_boundary(short, full):
    assert short.endswith("\u2026"), short
    kept = short[:-1]
    return full.startswith(kept) and full[len(kept)] in " ,"


async def test_two_options_become_reply_buttons_with_short_titles_and_payload_ids(output, fake_graph):
    buttons = _buttons(["Yes, I agree to continue", "No thanks"])
    await output.send_text_with_buttons(WA_ID, "May I ask a few questions?", buttons)
    [message] = fake_graph.delivered(WA_ID)
    assert message["type"] == "interactive"
    interactive = message["interactive"]
    assert interactive["type"] == "button"
    assert interactive["body"]["text"] == "May I ask a few questions?"
    replies = [b["reply"] for b in interactive["action"]["buttons"]]
    assert [r["id"] for r in replies] == [b["payload"] for b in buttons]
    assert all(len(r["title"]) <= 20 for r in replies)
    assert _cut_at_word_boundary(replies[0]["title"], "Yes, I agree to continue")
    assert replies[1]["title"] == "No thanks"


async def test_five_options_become_a_list_with_rows_of_at_most_24_characters(output, fake_graph, texts):
    titles = ["Under 2 weeks", "2 weeks to 3 months", "3 to 12 months", "More than a year, on and off", "Not sure"]
    buttons = _buttons(titles)
    await output.send_text_with_buttons(WA_ID, "How long have you had it?", buttons)
    [message] = fake_graph.delivered(WA_ID)
    interactive = message["interactive"]
    assert interactive["type"] == "list"
    assert interactive["body"]["text"] == "How long have you had it?"
    assert interactive["action"]["button"] == texts.say("channels", "whatsapp.list_button_label")
    [section] = interactive["action"]["sections"]
    rows = section["rows"]
    assert [row["id"] for row in rows] == [b["payload"] for b in buttons]
    assert all(len(row["title"]) <= 24 for row in rows)
    assert rows[0]["title"] == "Under 2 weeks" and "description" not in rows[0]
    assert _cut_at_word_boundary(rows[3]["title"], titles[3])
    assert rows[3]["description"] == titles[3]  # the full wording is still shown


async def test_twelve_options_become_a_numbered_text_remembered_for_the_reply(output, fake_graph, texts, cloud_channel):
    titles = [
        "Face",
        "Scalp",
        "Neck",
        "Chest",
        "Back",
        "Arms",
        "Hands",
        "Legs",
        "Feet",
        "Skin folds",
        "Genitals",
        "All over",
    ]
    buttons = _buttons(titles)
    await output.send_text_with_buttons(WA_ID, "Where is it?", buttons)
    [message] = fake_graph.delivered(WA_ID)
    assert message["type"] == "text"
    lines = message["text"]["body"].split("\n")
    assert lines[0] == "Where is it?"
    assert [line for line in lines if re.match(r"\d+\. ", line)] == [f"{n}. {t}" for n, t in enumerate(titles, 1)]
    assert lines[-1] == texts.say("channels", "whatsapp.numbered_reply_hint")
    options = await cloud_channel().state.take_options(WA_ID)
    assert [option.payload for option in options] == [b["payload"] for b in buttons]


async def test_ten_thousand_characters_are_split_at_paragraphs_and_sentences(output, fake_graph):
    sentence = "Fermented foods such as tempeh and yoghurt add live cultures to the diet. "
    paragraphs = [(sentence * 12).strip() for _ in range(12)]  # ~890 characters each
    text = "\n\n".join(paragraphs)
    assert len(text) >= 10_000
    await output.send_text_message(WA_ID, text)
    chunks = fake_graph.texts(WA_ID)
    assert len(chunks) == 3
    assert all(len(chunk) <= 4096 for chunk in chunks)
    # no paragraph is torn apart, and nothing is lost or reordered
    assert [p for chunk in chunks for p in chunk.split("\n\n")] == paragraphs


async def test_one_long_paragraph_is_split_between_sentences(output, fake_graph):
    sentence = "Stress can make eczema and acne flare, so rest matters. "
    text = (sentence * 180).strip()  # ~10,000 characters, no blank line
    await output.send_text_message(WA_ID, text)
    chunks = fake_graph.texts(WA_ID)
    assert len(chunks) == 3
    assert all(len(chunk) <= 4096 and chunk.endswith("matters.") for chunk in chunks)
    assert " ".join(chunks) == text


async def test_markdown_links_are_sent_as_plain_urls(output, fake_graph):
    await output.send_text_message(WA_ID, "Read [our article](https://nextmed.example/gut-skin) first.")
    [message] = fake_graph.delivered(WA_ID)
    assert message["text"]["body"] == "Read our article: https://nextmed.example/gut-skin first."
    assert message["text"]["preview_url"] is True


async def test_long_question_with_buttons_sends_the_lead_text_first(output, fake_graph):
    intro = "Some background. " * 80  # ~1,360 characters: too long for a button message body
    await output.send_text_with_buttons(WA_ID, intro + "Shall we start?", _buttons(["Yes", "No"]))
    first, second = fake_graph.delivered(WA_ID)
    assert first["type"] == "text"
    assert second["type"] == "interactive"
    assert len(second["interactive"]["body"]["text"]) <= 1024
    assert second["interactive"]["body"]["text"].endswith("Shall we start?")


async def test_buttons_without_text_get_the_prompt_from_content(output, fake_graph, texts):
    await output.send_text_with_buttons(WA_ID, "", _buttons(["Yes", "No"]))
    [message] = fake_graph.delivered(WA_ID)
    assert message["interactive"]["body"]["text"] == texts.say("channels", "whatsapp.choose_prompt")


async def test_images_are_sent_by_link_and_custom_json_is_not_sent(output, fake_graph):
    await output.send_response(WA_ID, {"image": "https://nextmed.example/map.png"})
    await output.send_response(WA_ID, {"custom": {"widget": "map"}})
    assert fake_graph.delivered(WA_ID) == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": WA_ID,
            "type": "image",
            "image": {"link": "https://nextmed.example/map.png"},
        }
    ]


@pytest.mark.parametrize("failure", [429, 500, 503])
async def test_rate_limit_or_server_error_then_success_is_retried(output, fake_graph, failure):
    fake_graph.answer_next(failure)
    await output.send_text_message(WA_ID, "Your booking request is in.")
    assert [call["status"] for call in fake_graph.calls] == [failure, 200]
    assert fake_graph.texts(WA_ID) == ["Your booking request is in."]


async def test_retries_are_bounded_and_the_rest_of_the_reply_is_held_back(output, fake_graph, caplog):
    fake_graph.answer_next(500, 500, 500)
    with caplog.at_level(logging.ERROR):
        await output.send_text_with_buttons(WA_ID, "x " * 700 + "Continue?", _buttons(["Yes", "No"]))
    assert [call["status"] for call in fake_graph.calls] == [500, 500, 500]  # 3 attempts, then stop
    assert fake_graph.delivered() == []  # the buttons never arrive before their lead text
    assert "giving up" in caplog.text


async def test_client_errors_are_logged_not_retried(output, fake_graph, caplog):
    fake_graph.answer_next(400)
    with caplog.at_level(logging.ERROR):
        await output.send_text_message(WA_ID, "Hello")
    assert len(fake_graph.calls) == 1
    assert "HTTP 400" in caplog.text and "Invalid parameter" in caplog.text


async def test_unreachable_graph_api_does_not_raise(cloud_channel, caplog):
    channel = cloud_channel(graph_url="http://127.0.0.1:9")  # nothing listens on port 9
    await channel.state.record_inbound(WA_ID)
    with caplog.at_level(logging.ERROR):
        await channel.get_output_channel().send_text_message(WA_ID, "Hello")
    await channel.close()
    assert "giving up" in caplog.text


class RecordingOutput(WhatsAppCloudOutput):
    template_calls: ClassVar[list] = []

    async def send_template_fallback(self, recipient_id, messages):
        self.template_calls.append((recipient_id, messages))


@pytest.mark.parametrize("last_seen", [timedelta(hours=25), None])
async def test_outside_the_24_hour_window_nothing_is_sent_and_the_template_hook_is_called(
    cloud_channel, fake_graph, last_seen, caplog
):
    channel = cloud_channel()
    records.create_tables()
    if last_seen is not None:
        records.record_inbound(WA_ID, at=datetime.now(timezone.utc) - last_seen)
    output = RecordingOutput(channel.graph, channel.state, channel.texts)
    RecordingOutput.template_calls = []
    with caplog.at_level(logging.WARNING):
        await output.send_text_message(WA_ID, "A reminder about your booking request.")
    await channel.close()
    assert fake_graph.calls == []
    [(recipient, messages)] = RecordingOutput.template_calls
    assert recipient == WA_ID
    assert messages[0]["text"]["body"] == "A reminder about your booking request."
    assert "window closed" in caplog.text


async def test_inside_the_window_messages_go_out(cloud_channel, fake_graph):
    channel = cloud_channel()
    records.create_tables()
    records.record_inbound(WA_ID, at=datetime.now(timezone.utc) - timedelta(hours=23))
    output = RecordingOutput(channel.graph, channel.state, channel.texts)
    RecordingOutput.template_calls = []
    await output.send_text_message(WA_ID, "Still within the day.")
    await channel.close()
    assert fake_graph.texts(WA_ID) == ["Still within the day."]
    assert RecordingOutput.template_calls == []


# --- configuration --------------------------------------------------------------------------------
FULL = {
    "access_token": "token",
    "phone_number_id": "123",
    "app_secret": "secret",
    "verify_token": "verify",
}


@pytest.mark.parametrize("missing", ["app_secret", "verify_token", "access_token", "phone_number_id"])
async def test_from_credentials_refuses_to_start_without_a_secret(whatsapp_db, monkeypatch, missing):
    for name in ("WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"):
        monkeypatch.setenv(name, "")
    with pytest.raises(RasaException) as error:
        WhatsAppCloudInput.from_credentials({**FULL, missing: "  "})
    assert missing in str(error.value)
    assert f"WHATSAPP_{missing.upper()}" in str(error.value)


async def test_from_credentials_reads_the_environment_when_credentials_are_blank(whatsapp_db, monkeypatch):
    monkeypatch.setenv("WHATSAPP_APP_SECRET", "env-secret")
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "env-verify")
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "env-token")
    monkeypatch.setenv("WHATSAPP_PHONE_NUMBER_ID", "555")
    monkeypatch.setenv("WHATSAPP_GRAPH_URL", "http://127.0.0.1:1234/")
    monkeypatch.delenv("WHATSAPP_API_VERSION", raising=False)
    channel = WhatsAppCloudInput.from_credentials({"app_secret": "", "verify_token": None})
    assert (channel.app_secret, channel.verify_token) == ("env-secret", "env-verify")
    assert channel.graph.messages_url == "http://127.0.0.1:1234/v21.0/555/messages"
