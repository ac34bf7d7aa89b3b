"""The one text API (skincheck.texts): lookup by file, key and language, fallback only where allowed,
and one duplicate-key-refusing reader behind every content loader."""

from pathlib import Path

import pytest

from channels.whatsapp.shared_texts import load_channel_texts
from skincheck import texts as texts_module
from skincheck.booking import load_booking_texts
from skincheck.branches import load_branches
from skincheck.content import ContentError
from skincheck.gazetteer import load_gazetteer
from skincheck.loader import load_content
from skincheck.texts import Texts, language, load, pick

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

SAMPLE = Texts(
    {
        "messages": {
            "greeting": {"en": "Hello {name}", "ms": "Hai {name}"},
            "only_en": {"en": "English only"},
            "nested": {"deeper": {"en": "Deep"}},
            "items": [{"title": {"en": "First"}}],
            "days": {"en": ["Mon", "Tue"], "ms": ["Isn", "Sel"]},
            "not_a_text": {"value": "x"},
        }
    },
    {"messages": "content/messages.yml"},
)


def test_say_fills_placeholders_in_the_asked_language():
    assert SAMPLE.say("messages", "greeting", "en", name="Aisyah") == "Hello Aisyah"
    assert SAMPLE.say("messages", "greeting", "ms", name="Aisyah") == "Hai Aisyah"
    assert SAMPLE.say("messages", "nested.deeper") == "Deep"
    assert SAMPLE.say("messages", "items.0.title") == "First"
    assert SAMPLE.words("messages", "days", "ms") == ["Isn", "Sel"]


def test_a_language_with_a_fallback_borrows_the_missing_text(monkeypatch):
    monkeypatch.setitem(texts_module.LANGUAGES, "ms", "en")
    assert SAMPLE.say("messages", "only_en", "ms") == "English only"


def test_a_language_without_a_fallback_never_borrows(monkeypatch):
    monkeypatch.setitem(texts_module.LANGUAGES, "ms", None)
    with pytest.raises(KeyError):
        SAMPLE.say("messages", "only_en", "ms")
    with pytest.raises(ContentError, match=r"content/messages.yml: only_en.ms: missing"):
        SAMPLE.check_languages()


def test_unknown_or_missing_language_means_the_default():
    assert language("ms-MY") == "ms"
    assert language("EN") == "en"
    assert language("fr") == "en"
    assert language(None) == "en"
    assert SAMPLE.say("messages", "greeting", "fr", name="A") == "Hello A"
    assert pick({"en": "x"}, None) == "x"


@pytest.mark.parametrize(
    "file, key, problem",
    [
        ("nope", "greeting", "no such text file"),
        ("messages", "greeting.en.more", "no such text"),
        ("messages", "missing", "no such text"),
        ("messages", "items.5.title", "no such text"),
        ("messages", "not_a_text", "not a text"),
    ],
)
def test_a_wrong_key_names_file_and_key(file, key, problem):
    with pytest.raises(KeyError, match=problem) as error:
        SAMPLE.say(file, key)
    assert file in str(error.value)


def test_sentences_and_word_lists_are_not_confused():
    with pytest.raises(KeyError, match="word list"):
        SAMPLE.say("messages", "days")
    with pytest.raises(KeyError, match="not a word list"):
        SAMPLE.words("messages", "greeting")


def test_an_unknown_language_code_in_content_is_refused():
    bad = Texts({"messages": {"hello": {"en": "Hi", "xx": "??"}}}, {"messages": "content/messages.yml"})
    with pytest.raises(ContentError, match=r"content/messages.yml: hello.xx: unknown language"):
        bad.check_languages()


def test_every_shipped_text_has_english_and_only_known_languages():
    everything = load(CONTENT)
    everything.check_languages()
    assert everything.missing("en") == []
    assert set(everything.files) == set(texts_module.TEXT_FILES)


def test_actions_channels_and_engine_read_the_same_texts():
    content = load_content(CONTENT)
    channel = load_channel_texts(str(CONTENT))
    booking = load_booking_texts(CONTENT / "booking.yml")
    shared = load(CONTENT)
    assert content.texts.say("messages", "consent.recorded") == shared.say("messages", "consent.recorded")
    assert channel.say("channels", "whatsapp.choose_prompt") == shared.say("channels", "whatsapp.choose_prompt")
    assert booking.say("booking", "location.ask") == shared.say("booking", "location.ask")


# --------------------------------------------------------------- duplicate keys, in every loader
DUPLICATE = "\nduplicated: 1\nduplicated: 2\n"


def _copy_content(tmp_path: Path, broken: str) -> Path:
    for path in CONTENT.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(text + (DUPLICATE if path.stem == broken else ""), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "name, loader",
    [
        ("messages", lambda d: load_content(d)),
        ("questions", lambda d: load_content(d)),
        ("safety", lambda d: load_content(d)),
        ("booking", lambda d: load_booking_texts(d / "booking.yml")),
        ("branches", lambda d: load_branches(d / "branches.yml")),
        ("gazetteer", lambda d: load_gazetteer(d / "gazetteer.yml")),
        ("channels", lambda d: load_channel_texts(str(d))),
        ("guidance", lambda d: load(d)),
    ],
)
def test_every_loader_refuses_a_duplicate_key(tmp_path, name, loader):
    directory = _copy_content(tmp_path, name)
    with pytest.raises(ContentError, match=rf"{name}\.yml: \(yaml\):.*duplicate key 'duplicated'"):
        loader(directory)


def test_the_widget_strings_have_no_duplicate_key_and_only_known_languages():
    """web/widget-strings.json is served as a file (web/serve.py); JSON keeps the last of two equal keys."""
    import json

    def refuse_duplicates(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate key in web/widget-strings.json: {keys}"
        return dict(pairs)

    strings = json.loads(
        (ROOT / "web" / "widget-strings.json").read_text(encoding="utf-8"), object_pairs_hook=refuse_duplicates
    )
    assert "en" in strings and set(strings) <= set(texts_module.LANGUAGES)
