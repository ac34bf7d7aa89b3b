"""Process-wide, read-only content loaded once. Nothing here holds conversation state: that lives
in the tracker (slots) or the database, so any action-server process can serve any conversation."""

import os
from functools import lru_cache
from pathlib import Path

from skincheck.content import Content
from skincheck.language import LanguageRules, current_language, load_language_rules
from skincheck.loader import load_content
from skincheck.texts import LANGUAGES, Texts

SUPPORTED_LANGUAGES = tuple(LANGUAGES)  # adding one: see skincheck/texts.py


def content_dir() -> Path:
    return Path(os.environ.get("CONTENT_DIR") or "content")


@lru_cache(maxsize=1)
def content() -> Content:
    return load_content(content_dir())


@lru_cache(maxsize=1)
def branches():
    from skincheck.branches import load_branches

    return load_branches(content_dir() / "branches.yml")


@lru_cache(maxsize=1)
def gazetteer():
    from skincheck.gazetteer import load_gazetteer

    return load_gazetteer(content_dir() / "gazetteer.yml")


@lru_cache(maxsize=1)
def booking_texts() -> Texts:
    from skincheck.booking import load_booking_texts

    # Given the branches, the loader also checks every "Book at <branch>" button fits WhatsApp's 20 characters.
    return load_booking_texts(content_dir() / "booking.yml", branches())


@lru_cache(maxsize=1)
def language_rules() -> LanguageRules:
    return load_language_rules(content_dir() / "language.yml")


@lru_cache(maxsize=1)
def texts() -> Texts:
    """Every sentence the actions say: the assessment files and content/booking.yml (skincheck.texts)."""
    return content().texts.merged(booking_texts())


def load_all() -> None:
    """Loads and validates every content file; raises with the file and key on the first problem."""
    content()
    language_rules()
    branches()
    gazetteer()
    texts()


def lang_of(tracker) -> str:
    """The language to answer in: the `language` slot once decided (first message or the person's choice),
    else what this message decides (its own words, then the page's language; see skincheck/language.py)."""
    message = tracker.latest_message or {}
    metadata: dict | None = message.get("metadata") or {}
    return current_language(
        language_rules(),
        tracker.get_slot("language"),
        message.get("text") or "",
        metadata.get("language") if isinstance(metadata, dict) else None,
    )


def say(file: str, key: str, tracker, **fields) -> str:
    """texts().say(file, key, <the person's language>, **fields): the text API with the language taken
    from the tracker, e.g. say("booking", "location.ask", tracker)."""
    return texts().say(file, key, lang_of(tracker), **fields)
