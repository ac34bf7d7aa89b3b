"""Choosing the conversation's language (skincheck/language.py with content/language.yml)."""

from pathlib import Path

import pytest

from skincheck.content import ContentError
from skincheck.language import current_language, decide, detect, first_language, load_language_rules, requested


@pytest.fixture(scope="module")
def rules():
    return load_language_rules("content/language.yml")


@pytest.mark.parametrize(
    "text",
    [
        "saya ada jerawat kat muka",
        "Selamat pagi, saya nak buat temujanji",
        "kulit saya gatal sangat",
        "boleh saya tanya sikit pasal ekzema?",
        "assalamualaikum, saya nak tanya tentang kulit anak saya",
        "terima kasih",
        "macam mana nak cari cawangan yang dekat",
        "apa khabar",
        "berapa harga rawatan",
        "perut rasa tak selesa, kulit pun makin teruk",
    ],
)
def test_confident_malay(rules, text):
    assert detect(rules, text) == "ms"


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I have acne on my face",
        "what is the link between gut and skin?",
        "can I book an appointment",
        "I got pimples on my face lah",  # Manglish with English grammar: English replies
    ],
)
def test_confident_english(rules, text):
    assert detect(rules, text) == "en"


@pytest.mark.parametrize(
    "text",
    ["hi", "ok", "hello", "salam", "/greet", "", "   ", "👍", "012-345 6789", "Taman Connaught", "I nak check kulit"],
)
def test_short_or_mixed_messages_decide_nothing(rules, text):
    assert detect(rules, text) is None


def test_first_message_then_page_language_then_default(rules):
    assert first_language(rules, "saya ada jerawat", "en") == "ms"  # the person's own words win
    assert first_language(rules, "hi", "ms") == "ms"  # mixed/short: the page's <html lang>
    assert first_language(rules, "hi", "ms-MY") == "ms"
    assert first_language(rules, "/greet", "en") == "en"
    assert first_language(rules, "hi", None) == "en"  # WhatsApp: no page, English default
    assert first_language(rules, "hi", "zh") == "en"  # unsupported page language


@pytest.mark.parametrize(
    "text, lang",
    [
        ("BM please", "ms"),
        ("cakap Melayu", "ms"),
        ("boleh guna bahasa melayu?", "ms"),
        ("Malay pls", "ms"),
        ("in English please", "en"),
        ("guna bahasa inggeris", "en"),
        ("english", "en"),
        ("change language", None),
        ("tukar bahasa inggeris ke bahasa melayu", "ms"),
    ],
)
def test_requested_language(rules, text, lang):
    assert requested(rules, text) == lang


def test_decided_once_then_only_by_choice(rules):
    # First message decides.
    assert decide(rules, None, "greet", None, "selamat pagi doktor", None) == "ms"
    assert decide(rules, None, "greet", None, "/greet", "ms") == "ms"
    assert decide(rules, None, "greet", None, "hi", None) == "en"
    # Later messages in the other language change nothing...
    assert decide(rules, "en", "affirm", None, "ya betul saya setuju", None) is None
    assert decide(rules, "ms", "deny", None, "no I don't have that", "ms") is None
    # ...but an explicit choice does, by button entity or typed words.
    assert decide(rules, "en", "choose_language", "ms", "/choose_language", None) == "ms"
    assert decide(rules, "ms", "choose_language", None, "in English please", None) == "en"
    assert decide(rules, "ms", "choose_language", None, "BM please", None) is None  # already Malay
    # A choice naming no language leaves an undecided conversation to the usual detection.
    assert decide(rules, None, "choose_language", None, "change language", "ms") == "ms"


def test_current_language(rules):
    assert current_language(rules, "ms", "hello there my friend") == "ms"
    assert current_language(rules, None, "saya ada jerawat") == "ms"
    assert current_language(rules, None, "hi", "ms") == "ms"
    assert current_language(rules, "xx", "hi") == "en"


def test_errors_name_the_file_and_key(tmp_path):
    bad = tmp_path / "language.yml"
    bad.write_text(
        Path("content/language.yml")
        .read_text(encoding="utf-8")
        .replace('  ms: "Bahasa Melayu"', '  ms: "Bahasa Melayu yang sangat panjang"')
    )
    with pytest.raises(ContentError, match=r"language.yml: buttons.ms: must be 1 to 20"):
        load_language_rules(bad)
    both = tmp_path / "both.yml"
    both.write_text(
        Path("content/language.yml")
        .read_text(encoding="utf-8")
        .replace("english_words: [i,", "english_words: [saya, i,")
    )
    with pytest.raises(ContentError, match=r"both.yml: detection: words in both languages"):
        load_language_rules(both)
