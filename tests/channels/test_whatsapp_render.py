"""Pure pieces of the WhatsApp channels: splitting, shortening, number replies, locations, texts."""

import pytest

from channels.whatsapp.cloud_inbound import parse_cloud_payload
from channels.whatsapp.shared_inbound import PAYLOAD, UNSUPPORTED, location_payload, resolve_numbered
from channels.whatsapp.shared_render import Option, shorten, split_text
from channels.whatsapp.shared_texts import ChannelContentError, load_channel_texts
from storage import whatsapp as records
from tests.channels.whatsapp_support import location_message

OPTIONS = [Option("Face", '/inform{"choice":"face"}'), Option("Scalp", "/s"), Option("Neck", "/n")]


@pytest.mark.parametrize(
    "title, limit, expected",
    [
        ("No thanks", 20, "No thanks"),
        ("Exactly twenty chars", 20, "Exactly twenty chars"),
        ("Yes, I agree to continue", 20, "Yes, I agree to\u2026"),
        ("Supercalifragilisticexpialidocious", 20, "Supercalifragilisti\u2026"),  # no space: hard cut
        ("  Under   2 weeks ", 24, "Under 2 weeks"),
    ],
)
def test_shorten_cuts_at_a_word_boundary_and_marks_the_cut(title, limit, expected):
    assert shorten(title, limit) == expected
    assert len(shorten(title, limit)) <= limit


def test_split_text_falls_back_to_words_then_characters():
    words = ("word " * 50).strip()  # no sentence end anywhere
    chunks = split_text(words, 42)
    assert all(len(c) <= 42 for c in chunks) and " ".join(chunks) == words
    assert split_text("x" * 100, 40) == ["x" * 40, "x" * 40, "x" * 20]
    assert split_text("   ", 40) == []


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2", "/s"),
        (" 3. ", "/n"),
        ("1)", OPTIONS[0].payload),
        ("1, 3", "Face, Neck"),
        ("3 1", "Neck, Face"),
        ("1,1", OPTIONS[0].payload),
        ("4", None),
        ("0", None),
        ("2 please", None),
        ("twenty", None),
    ],
)
def test_number_replies_map_to_options(typed, expected):
    assert resolve_numbered(typed, OPTIONS) == expected


def test_number_reply_without_a_list_is_left_alone():
    assert resolve_numbered("2", []) is None


@pytest.mark.parametrize("lat, lon", [("north", 101.5), (None, 101.5), (95.0, 101.5), (3.1, 200)])
def test_impossible_coordinates_are_not_sent_as_a_location(lat, lon):
    assert location_payload(lat, lon) is None
    [message] = parse_cloud_payload(location_message("60123456789", lat, lon))
    assert message.kind == UNSUPPORTED  # the user is told to type instead


def test_location_payload_is_the_contract_payload():
    [message] = parse_cloud_payload(location_message("60123456789", 3.0738, 101.5183))
    assert (message.kind, message.text) == (PAYLOAD, '/share_location{"latitude":3.074,"longitude":101.518}')


def test_missing_text_in_content_stops_start_up_naming_file_and_key(tmp_path):
    (tmp_path / "channels.yml").write_text(
        "whatsapp:\n  only_text_understood:\n    en: Sorry\n  numbered_reply_hint:\n    en: ''\n"
    )
    with pytest.raises(ChannelContentError) as error:
        load_channel_texts(str(tmp_path))
    assert "channels.yml" in str(error.value)
    assert "whatsapp.numbered_reply_hint.en" in str(error.value)


def test_list_button_label_over_the_whatsapp_limit_is_refused(tmp_path):
    (tmp_path / "channels.yml").write_text(
        "whatsapp:\n"
        "  only_text_understood: {en: Sorry, ms: Maaf}\n"
        "  numbered_reply_hint: {en: Reply with a number, ms: Balas dengan nombor}\n"
        "  list_button_label: {en: Choose one of the options below, ms: Pilih}\n"
        "  choose_prompt: {en: Please choose, ms: Sila pilih}\n"
        "  message_too_long: {en: Too long, ms: Terlalu panjang}\n"
    )
    with pytest.raises(ChannelContentError, match=r"list_button_label\.en"):
        load_channel_texts(str(tmp_path))


def test_missing_content_file_is_named(tmp_path):
    with pytest.raises(ChannelContentError, match=r"channels\.yml"):
        load_channel_texts(str(tmp_path))


def test_claim_is_true_once_per_message_id(whatsapp_db):
    records.create_tables()
    assert records.claim_message("wamid.1") is True
    assert records.claim_message("wamid.1") is False
    assert records.claim_message("wamid.2") is True


def test_numbered_options_expire_after_a_day(whatsapp_db):
    from datetime import timedelta

    records.create_tables()
    sent = records.utcnow() - timedelta(hours=25)
    records.save_numbered_options("whatsapp", "601", [("Face", "/f")], at=sent)
    assert records.take_numbered_options("whatsapp", "601") == []
    records.save_numbered_options("whatsapp", "601", [("Face", "/f")])
    assert records.take_numbered_options("twilio_whatsapp", "601") == []  # other provider, other list
    assert records.take_numbered_options("whatsapp", "601") == [("Face", "/f")]
