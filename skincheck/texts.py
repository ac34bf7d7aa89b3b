"""Every sentence a person reads, by content file, dotted key and language: the one text API.

    texts.say("booking", "location.ask", "en")
    texts.say("messages", "assessment.answer_updated", lang, question="Itch")

A text in a content file is a mapping of language code to sentence (``{en: ..., ms: ...}``); a word
list (weekday names) is a mapping of language code to a list. The actions (``actions.runtime.say``
only adds the person's language), the engine (``content.texts``) and the WhatsApp channels
(``channels.whatsapp.shared_texts``) all read through ``Texts.say``; every file is read by
``skincheck.yamlfile.read_yaml_mapping``, which refuses duplicate keys.

Adding a language (Bahasa Malaysia, ``ms``, is the first):
1. list its code in ``LANGUAGES`` with ``"en"`` as its fallback: every text not yet translated is then
   said in English, so the assistant works while the translation grows;
2. add ``ms:`` beside each ``en:`` in content/*.yml (and the widget and domain texts);
3. once every text is translated, set its fallback to ``None``: start-up (``load`` and
   ``python -m actions.check_content``) then fails on any text missing in that language, naming the
   file, the key and the language, so a new English sentence cannot ship without its translation.
A language with no fallback never borrows another's text; the default language has none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from skincheck.yamlfile import ContentError, read_yaml_mapping

DEFAULT_LANGUAGE = "en"
# Language code -> the language said instead when a text is missing, or None when every text must exist.
# Bahasa Melayu has no fallback: every text needs `ms`, and start-up names a missing one.
LANGUAGES: dict[str, str | None] = {"en": None, "ms": None}
# Optional per-text sign-off beside the language keys: {en: ..., ms: ..., reviewed: true}. Missing means not
# reviewed. Listed by `python -m skincheck.review_sheet`; a text's reviewed flag goes back to false when edited.
REVIEW_FLAG = "reviewed"
# The content files holding texts; each file's own validator checks which keys and placeholders it has.
TEXT_FILES = ("messages", "fallback", "questions", "guidance", "safety", "booking", "channels")


def language(code: Any) -> str:
    """A supported language code from metadata or a slot ("ms-MY" -> "ms"); anything else is the default."""
    lang = str(code or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def pick(entry: Mapping[str, Any], lang: str | None = DEFAULT_LANGUAGE) -> Any:
    """The entry's text in `lang` (normalised by language()), else in its fallback language(s);
    KeyError when none is allowed."""
    current: str | None = language(lang)
    while current is not None:
        value = entry.get(current)
        if value:
            return value
        current = LANGUAGES[current]
    raise KeyError(f"no text in {lang!r} and no fallback allowed")


def is_text_entry(value: Any) -> bool:
    """A language mapping: has the default language, and only language-like keys with text or word lists
    (plus the optional review flag)."""
    return (
        isinstance(value, Mapping)
        and DEFAULT_LANGUAGE in value
        and all(
            isinstance(k, str) and len(k) == 2 and isinstance(v, (str, list))
            for k, v in value.items()
            if k != REVIEW_FLAG
        )
    )


class Texts:
    """Read-only texts of several content files, looked up by (file, dotted key, language)."""

    def __init__(self, files: Mapping[str, Mapping[str, Any]], sources: Mapping[str, str] | None = None):
        self.files = dict(files)
        self.sources = {name: (sources or {}).get(name, f"{name}.yml") for name in self.files}  # for messages

    def merged(self, other: Texts) -> Texts:
        return Texts({**self.files, **other.files}, {**self.sources, **other.sources})

    def entry(self, file: str, key: str) -> Mapping[str, Any]:
        """The {lang: text} entry; a KeyError names the file and the key."""
        node: Any = self.files.get(file)
        if node is None:
            raise KeyError(f"{file}: no such text file (loaded: {sorted(self.files)})")
        for part in key.split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                raise KeyError(f"{file}: {key}: no such text")
        if not is_text_entry(node):
            raise KeyError(f"{file}: {key}: not a text (a mapping of language to text)")
        entry: Mapping[str, Any] = node
        return entry

    def say(self, file: str, key: str, lang: str | None = DEFAULT_LANGUAGE, **fields: Any) -> str:
        """The sentence in `lang` (or its allowed fallback; None means the default language), with its
        {placeholders} filled from `fields`."""
        text = pick(self.entry(file, key), lang)
        if not isinstance(text, str):
            raise KeyError(f"{file}: {key}: a word list, not a sentence (use words())")
        return text.format_map(fields)

    def words(self, file: str, key: str, lang: str | None = DEFAULT_LANGUAGE) -> list[str]:
        """A word list (e.g. weekday names) in `lang` or its allowed fallback."""
        value = pick(self.entry(file, key), lang)
        if not isinstance(value, list):
            raise KeyError(f"{file}: {key}: a sentence, not a word list")
        return value

    def missing(self, lang: str) -> list[str]:
        """ "file: key" of every text with no entry in `lang`."""
        return [
            f"{self.sources[file]}: {key}"
            for file, data in sorted(self.files.items())
            for key, entry in _entries(data, "")
            if not entry.get(lang)
        ]

    def check_languages(self) -> None:
        """Start-up check: a language without a fallback has every text; no entry names an unknown language."""
        for file, data in sorted(self.files.items()):
            for key, entry in _entries(data, ""):
                unknown = sorted(set(entry) - set(LANGUAGES) - {REVIEW_FLAG})
                if unknown:
                    raise ContentError(
                        f"{self.sources[file]}: {key}.{unknown[0]}: unknown language; known: {sorted(LANGUAGES)}"
                    )
        for lang, fallback in LANGUAGES.items():
            if fallback is None:
                gaps = self.missing(lang)
                if gaps:
                    more = f" ({len(gaps) - 1} more texts lack it too)" if len(gaps) > 1 else ""
                    raise ContentError(f"{gaps[0]}.{lang}: missing (every text needs {lang!r}){more}")


def _entries(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every text entry below `node`, with its dotted key (list items by index)."""
    if is_text_entry(node):
        yield path, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _entries(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _entries(value, f"{path}.{i}" if path else str(i))


def load(content_dir: str | Path = "content", files: tuple[str, ...] = TEXT_FILES) -> Texts:
    """Read the named content files (duplicate keys refused) and check their languages."""
    directory = Path(content_dir)
    read = {name: read_yaml_mapping(directory / f"{name}.yml") for name in files}
    texts = Texts({name: data for name, (_, data) in read.items()}, {name: path for name, (path, _) in read.items()})
    texts.check_languages()
    return texts
