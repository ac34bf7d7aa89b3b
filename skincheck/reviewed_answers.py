"""Typed answers staff labelled in the console ("Needs labelling"), exported by
`make export-labels` into content/reviewed_answers.yml.

Each entry says what one real message meant at one question. The parser consults these first
(after a button payload), as whole answers: the same words, ignoring case, punctuation and
filler particles, give the labelled value. The file is optional; when present it is validated at
start-up like every other content file. Red-flag questions accept only "yes": a label must never
turn a worrying message into a "no" that skips urgent advice."""
from __future__ import annotations

from pathlib import Path

from skincheck.content import Checker, ContentError, read_yaml_mapping

FILE = "reviewed_answers.yml"
INDEX_KEY = "reviewed_answers"


def load(directory: Path, questions_data: dict, option_values: dict, language) -> dict:
    """slot -> {answer words: value}; {} when the file does not exist."""
    path = Path(directory) / FILE
    if not path.exists():
        return {}
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    return build(validate(data, questions_data, option_values, check), language)


def validate(data: dict, questions_data: dict, option_values: dict, check: Checker) -> dict:
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


def build(answers: dict, language) -> dict:
    index: dict = {}
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


def lookup(content, slot: str, raw: str) -> str | None:
    table = content.index.get(INDEX_KEY, {}).get(slot)
    if not table:
        return None
    return table.get(content.index["questions"].language.words(raw))
