"""Typed answers staff labelled in the console ("Needs labelling"), exported by
`make export-labels` into content/reviewed_answers.yml.

Each entry says what one real message meant at one question. The parser consults these first
(after a button payload), as whole answers: the same words, ignoring case, punctuation and
filler particles, give the labelled value. The file is optional; when present it is validated at
start-up like every other content file. Red-flag questions accept only "yes": a label must never
turn a worrying message into a "no" that skips urgent advice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skincheck.content import Checker, Content, ContentError, read_yaml_mapping
from skincheck.textmatch import Language

FILE = "reviewed_answers.yml"
INDEX_KEY = "reviewed_answers"
# slot -> {answer words: value}
Table = dict[str, dict[tuple[str, ...], str]]


def load(
    directory: Path, questions_data: dict[str, Any], option_values: dict[str, list[str]], language: Language
) -> Table:
    """slot -> {answer words: value}; {} when the file does not exist."""
    path = Path(directory) / FILE
    if not path.exists():
        return {}
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    return build(validate(data, questions_data, option_values, check), language)


def validate(
    data: dict[str, Any], questions_data: dict[str, Any], option_values: dict[str, list[str]], check: Checker
) -> dict[str, Any]:
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        check.fail("answers", "must be a mapping of question slot to a list of answers")
    for slot, entries in answers.items():
        path = f"answers.{slot}"
        if slot not in option_values:
            check.fail(path, "not an assessment question in questions.yml")
        if not isinstance(entries, list):
            check.fail(path, "must be a list of {text, value}")
        red_flag = bool((questions_data.get("questions") or {}).get(slot, {}).get("red_flag"))
        for i, entry in enumerate(entries):
            where = f"{path}[{i}]"
            text = check.get(entry, "text", where)
            value = check.get(entry, "value", where)
            if not isinstance(text, str) or not text.strip():
                check.fail(f"{where}.text", "must be a non-empty string")
            if not isinstance(value, str) or value not in option_values[slot]:
                check.fail(f"{where}.value", f"{value!r} is not one of {option_values[slot]}")
            if red_flag and value != "yes":
                check.fail(f"{where}.value", "red-flag questions only take reviewed answers meaning yes")
            unknown = set(entry) - {"text", "value", "conversation"}
            if unknown:
                check.fail(where, f"unknown keys {sorted(unknown)}")
    return answers


def build(answers: dict[str, Any], language: Language) -> Table:
    index: Table = {}
    for slot, entries in answers.items():
        table = index.setdefault(slot, {})
        for entry in entries:
            words = language.words(entry["text"])
            if not words:
                continue
            if table.get(words, entry["value"]) != entry["value"]:
                raise ContentError(f"{FILE}: answers.{slot}: {entry['text']!r} is given two different values")
            table[words] = entry["value"]
    return index


def lookup(content: Content, slot: str, raw: str) -> str | None:
    table = content.index.get(INDEX_KEY, {}).get(slot)
    if not table:
        return None
    language: Language = content.index["questions"].language
    value = table.get(language.words(raw))
    return str(value) if value is not None else None
