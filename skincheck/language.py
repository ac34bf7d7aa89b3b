"""Which language (en | ms) the assistant answers in; the word lists are in content/language.yml.

The language is decided once, at the first message, and changed afterwards only by the person's own
choice. Re-detecting on every message would flip a Malay speaker to English for "ok" and an English
speaker to Malay for "tak pernah", which Malaysians type in either language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skincheck.content import BUTTON_TITLE_LIMIT, Checker, read_yaml_mapping
from skincheck.textmatch import simplify

_TOKEN = re.compile(r"[a-z0-9]+")
CHOOSE_INTENT = "choose_language"


@dataclass(frozen=True)
class LanguageRules:
    default: str
    supported: tuple[Any, ...]
    min_words: int
    ratio: float
    malay_words: frozenset[Any]
    english_words: frozenset[Any]
    choice: Mapping[Any, Any]  # token tuple -> language
    buttons: Mapping[Any, Any]  # language -> title of the button that switches to it
    texts: Mapping[Any, Any]  # key -> {language: text}

    def text(self, key: str, lang: str) -> str:
        entry = self.texts[key]
        return str(entry.get(lang) or entry[self.default])

    def normalise(self, value: object) -> str | None:
        """'ms', 'MS', 'ms-MY' -> 'ms'; anything unsupported -> None."""
        if not isinstance(value, str) or not value:
            return None
        code = value.strip().lower().replace("_", "-").split("-")[0]
        return code if code in self.supported else None


def tokens(text: str) -> list[Any]:
    return _TOKEN.findall(simplify(text))


def detect(rules: LanguageRules, text: str) -> str | None:
    """'ms' or 'en' when the message is confidently in that language; None when mixed, short or a button."""
    text = str(text or "").strip()
    if not text or text.startswith("/"):
        return None
    words = tokens(text)
    malay = sum(1 for w in words if w in rules.malay_words)
    english = sum(1 for w in words if w in rules.english_words)
    if malay >= rules.min_words and malay >= rules.ratio * english:
        return "ms"
    if english >= rules.min_words and english >= rules.ratio * malay:
        return "en"
    return None


def requested(rules: LanguageRules, text: str) -> str | None:
    """The language named in "BM please" / "cakap Melayu" / "in English please" (longest phrase wins)."""
    words = tuple(tokens(str(text or "")))
    best: tuple[Any, ...] = (0, None)
    for phrase, lang in rules.choice.items():
        n = len(phrase)
        if n > best[0] and any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
            best = (n, lang)
    found: str | None = best[1]
    return found


def first_language(rules: LanguageRules, text: str, page_language: object = None) -> str:
    """The language for a conversation's first message: the message itself, then the page, then the default."""
    return detect(rules, text) or rules.normalise(page_language) or rules.default


def decide(
    rules: LanguageRules, current: object, intent: str | None, chosen: object, text: str, page_language: object = None
) -> str | None:
    """The new value of the `language` slot after a message, or None to leave it as it is.

    `chosen` is the `language` entity of a button payload (/choose_language{"language": "ms"})."""
    if intent == CHOOSE_INTENT:
        wanted = rules.normalise(chosen) or requested(rules, text)
        if wanted:
            return wanted if wanted != current else None
    if rules.normalise(current) is None:
        return first_language(rules, text, page_language)
    return None


def current_language(rules: LanguageRules, slot_value: object, text: str = "", page_language: object = None) -> str:
    """The language to answer in now: the slot once decided, else what the first message would decide."""
    return rules.normalise(slot_value) or first_language(rules, text, page_language)


# ---------------------------------------------------------------- loading and validation


def load_language_rules(path: str | Path) -> LanguageRules:
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    supported = tuple(check.strings(check.get(data, "supported", ""), "supported"))
    default = check.get(data, "default", "", str)
    if default not in supported:
        check.fail("default", f"must be one of {list(supported)}")
    detection = check.get(data, "detection", "", dict)
    min_words = check.get(detection, "min_words", "detection", int)
    ratio = check.get(detection, "ratio", "detection", (int, float))
    word_sets = {}
    for key in ("malay_words", "english_words"):
        words = check.strings(check.get(detection, key, "detection"), f"detection.{key}")
        word_sets[key] = frozenset(t for w in words for t in tokens(w))
    both = word_sets["malay_words"] & word_sets["english_words"]
    if both:
        check.fail("detection", f"words in both languages tell nothing: {sorted(both)}")
    choice_data = check.get(data, "choice", "", dict)
    choice: dict[tuple[str, ...], str] = {}
    for lang, phrases in choice_data.items():
        if lang not in supported:
            check.fail(f"choice.{lang}", f"not a supported language {list(supported)}")
        for phrase in check.strings(phrases, f"choice.{lang}"):
            phrase_key = tuple(tokens(phrase))
            if phrase_key in choice and choice[phrase_key] != lang:
                check.fail(f"choice.{lang}", f"{phrase!r} also names {choice[phrase_key]}")
            choice[phrase_key] = lang
    buttons = check.get(data, "buttons", "", dict)
    for lang in supported:
        title = check.get(buttons, lang, "buttons", str)
        if not title.strip() or len(title) > BUTTON_TITLE_LIMIT:
            check.fail(f"buttons.{lang}", f"must be 1 to {BUTTON_TITLE_LIMIT} characters")
    texts = check.get(data, "texts", "", dict)
    for key in ("confirmed", "which"):
        entry = check.text(check.get(texts, key, "texts"), f"texts.{key}")
        for lang in supported:
            if not isinstance(entry.get(lang), str) or not entry[lang].strip():
                check.fail(f"texts.{key}.{lang}", "missing")
    return LanguageRules(
        default=default,
        supported=supported,
        min_words=min_words,
        ratio=float(ratio),
        malay_words=word_sets["malay_words"],
        english_words=word_sets["english_words"],
        choice=choice,
        buttons=dict(buttons),
        texts=dict(texts),
    )
