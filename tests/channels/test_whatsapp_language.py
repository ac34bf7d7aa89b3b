"""The WhatsApp channel's own texts follow the conversation's `language` slot (read from the tracker store)."""

import pytest

from tests.channels.whatsapp_support import SanicServer, media_message, text_message

pytestmark = pytest.mark.asyncio

MALAY, ENGLISH = "60111111111", "60122222222"


class Tracker:
    def __init__(self, language):
        self.language = language

    def get_slot(self, name):
        return self.language if name == "language" else None


class Store:
    """Rasa's tracker store as the channel sees it: the conversation's slots by sender id."""

    def __init__(self, languages):
        self.languages = languages

    async def retrieve(self, sender_id):
        return Tracker(self.languages[sender_id]) if sender_id in self.languages else None


def options(n):
    return [{"title": f"Pilihan {i}", "payload": f'/inform{{"choice":"o{i}"}}'} for i in range(1, n + 1)]


async def test_channel_texts_are_in_the_conversation_language(cloud_channel, fake_graph, texts):
    async def ask(message):
        await message.output_channel.send_text_with_buttons(message.sender_id, "", options(5))

    async with SanicServer(cloud_channel()) as server:
        server.agent.tracker_store = Store({f"wa:{MALAY}": "ms", f"wa:{ENGLISH}": "en"})
        server.agent.replies["list"] = ask
        for wa_id in (MALAY, ENGLISH):
            assert (await server.post_meta(media_message(wa_id, "image")))[0] == 200
            assert (await server.post_meta(text_message(wa_id, "list")))[0] == 200
        await server.settle()
    assert fake_graph.texts(MALAY) == [texts.say("channels", "whatsapp.only_text_understood", "ms")]
    assert fake_graph.texts(ENGLISH) == [texts.say("channels", "whatsapp.only_text_understood", "en")]
    assert texts.say("channels", "whatsapp.only_text_understood", "ms").startswith("Maaf")
    [malay_list] = [m for m in fake_graph.delivered(MALAY) if m["type"] == "interactive"]
    assert malay_list["interactive"]["action"]["button"] == "Pilih"
    assert malay_list["interactive"]["body"]["text"] == texts.say("channels", "whatsapp.choose_prompt", "ms")
    [english_list] = [m for m in fake_graph.delivered(ENGLISH) if m["type"] == "interactive"]
    assert english_list["interactive"]["action"]["button"] == "Choose"


async def test_new_conversation_or_unreadable_store_falls_back_to_english(cloud_channel, fake_graph, texts):
    class Broken:
        async def retrieve(self, sender_id):
            raise ConnectionError("database down")

    async with SanicServer(cloud_channel()) as server:
        server.agent.tracker_store = Store({})
        assert (await server.post_meta(media_message(MALAY, "image")))[0] == 200
        await server.settle()
        server.agent.tracker_store = Broken()
        assert (await server.post_meta(media_message(ENGLISH, "sticker")))[0] == 200
        await server.settle()
    assert fake_graph.texts() == [texts.say("channels", "whatsapp.only_text_understood", "en")] * 2


async def test_too_long_message_is_answered_in_the_conversation_language(cloud_channel, fake_graph, texts):
    async with SanicServer(cloud_channel()) as server:
        server.agent.tracker_store = Store({f"wa:{MALAY}": "ms", f"wa:{ENGLISH}": "en"})
        for wa_id in (MALAY, ENGLISH):
            assert (await server.post_meta(text_message(wa_id, "panjang " * 300)))[0] == 200
        await server.settle()
    assert server.agent.received == []  # never handed to Rasa
    assert fake_graph.texts(MALAY) == [texts.say("channels", "whatsapp.message_too_long", "ms")]
    assert fake_graph.texts(ENGLISH) == [texts.say("channels", "whatsapp.message_too_long", "en")]
    assert fake_graph.texts(MALAY) != fake_graph.texts(ENGLISH)
