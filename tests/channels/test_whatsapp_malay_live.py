"""A WhatsApp conversation in Bahasa Melayu through signed webhooks and the fake Graph API, against the
real Rasa and action servers: the first Malay message decides the language, and from then on the
assistant's replies, its buttons and lists, and the channel's own labels are Malay."""

import random

import pytest

from actions.runtime import content, texts
from channels.whatsapp.shared_texts import load_channel_texts
from skincheck import questions
from tests.channels.test_whatsapp_live import WhatsAppUser, options_of
from tests.channels.whatsapp_support import button_reply, list_reply, location_message, media_message, text_message

pytestmark = pytest.mark.e2e

CHERAS = (3.0870, 101.7440)


def bodies(replies):
    return [" ".join(options_of(r)[2].split()) for r in replies]


def interactive(replies):
    return [r["interactive"] for r in replies if r["type"] == "interactive"]


def test_conversation_in_malay_over_whatsapp(live_stack, whatsapp_fake_graph):
    wa_id = "6013" + str(random.randint(3_000_000, 9_999_999))
    user = WhatsAppUser(live_stack.rasa_url, whatsapp_fake_graph, wa_id)
    channel = load_channel_texts()
    ms = lambda file, key, **f: " ".join(texts().say(file, key, "ms", **f).split())  # noqa: E731

    replies = user.send(text_message(wa_id, "Salam, selamat pagi. Saya nak tanya pasal kulit saya"), "salam")
    assert any(b.startswith("Hai, saya pembantu kulit NextMed Clinic") for b in bodies(replies)), user.story()
    [consent] = interactive(replies)
    titles = [b["reply"]["title"] for b in consent["action"]["buttons"]]
    assert titles == [
        texts().say("messages", "consent.button_agree", "ms"),
        texts().say("messages", "consent.button_decline", "ms"),
        "English",
    ], user.story()

    replies = user.send(button_reply(wa_id, "/consent_agree", titles[0]), titles[0])
    [menu] = interactive(replies)
    assert menu["type"] == "list" and menu["action"]["button"] == channel.say(
        "channels", "whatsapp.list_button_label", "ms"
    )
    rows = {row["title"]: row["id"] for row in menu["action"]["sections"][0]["rows"]}
    assert "Mula semakan kulit" in rows and "English" in rows, user.story()

    replies = user.send(list_reply(wa_id, rows["Mula semakan kulit"], "Mula semakan kulit"), "[Mula semakan kulit]")
    # The safety screen, in the engine's order, answered with the Malay buttons: no, and an adult.
    answers: dict = {}
    pending = questions.next_questions(content(), answers)
    while pending[0] != "concern":
        slot = pending[0]
        assert " ".join(questions.prompt(content(), slot, "ms").split()) in " ".join(bodies(replies)), user.story()
        [question] = interactive(replies)
        buttons = {b["reply"]["title"]: b["reply"]["id"] for b in question["action"]["buttons"]}
        answers[slot] = "adult" if slot == "age_group" else "no"
        [title] = [t for t, v in questions.buttons(content(), slot, "ms") if v == answers[slot]]
        assert title in buttons, user.story()
        replies = user.send(button_reply(wa_id, buttons[title], title), f"[{title}]")
        pending = questions.next_questions(content(), answers)
    assert " ".join(questions.prompt(content(), "concern", "ms").split()) in " ".join(bodies(replies)), user.story()
    replies = user.send(text_message(wa_id, "ekzema, kulit kering dan gatal"), "ekzema")
    assert " ".join(questions.prompt(content(), "duration", "ms").split()) in " ".join(bodies(replies)), user.story()

    # A photo gets the channel's own Malay reply; the question is still pending.
    replies = user.send(media_message(wa_id, "image"), "(photo)")
    assert bodies(replies) == [" ".join(channel.say("channels", "whatsapp.only_text_understood", "ms").split())]

    replies = user.send(text_message(wa_id, "berhenti"), "berhenti")
    assert any(b.startswith("Baik, saya sudah berhenti") or "berhenti" in b for b in bodies(replies)), user.story()

    replies = user.send(text_message(wa_id, "cari cawangan yang paling dekat"), "cari cawangan")
    assert ms("booking", "location.ask") in " ".join(bodies(replies)), user.story()
    replies = user.send(location_message(wa_id, *CHERAS), "(lokasi)")
    assert any(b.startswith("Cawangan paling dekat dengan anda ialah") for b in bodies(replies)), user.story()
