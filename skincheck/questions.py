"""Assessment questions: which to ask next, and turning a free-text or button answer into an option value.

Matching is deliberately conservative: a wrong guess is worse than asking again, so an ambiguous answer
gives value None and the caller re-asks with the choices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skincheck import answer_parsing as ap
from skincheck import reviewed_answers, urgency
from skincheck.content import BUTTON_TITLE_LIMIT, SKIPPED, Checker, Content
from skincheck.options import option_values, options_of
from skincheck.scoring import check_condition, holds
from skincheck.texts import pick

# content/questions.yml is the single source of the questions and their option values (the domain and the
# action server's slot list are generated from it by scripts/gen_assessment.py). The engine itself only needs:
REQUIRED_QUESTIONS = ("concern",)  # scoring and guidance branch on it
RED_FLAG_VALUES = ("yes", "no")  # a red-flag question is raised by "yes"
_SLOT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("choice", "count", "duration", "multi")


@dataclass(frozen=True)
class Answer:
    value: str | None
    skipped: bool = False
    skip_refused: bool = False  # "skip" on a question that cannot be skipped (red flags): say so, re-ask
    also: dict[str, Any] = field(
        default_factory=dict
    )  # follow-up answers given in passing: {"probiotic_freq": "daily"}
    note: str | None = None  # what a yes was given with ("chocolate"), for the doctor's summary


def parse_answer(content: Content, slot: str, text: str, lang: str = "en", today: date | None = None) -> Answer:
    """`today` (the person's date) places "since last year" or "since June"; tests pass a fixed one."""
    index = content.index["questions"]
    question = index.questions[slot]
    raw = str(text or "").strip()
    if not raw:
        return Answer(None)
    if raw.lower() == SKIPPED or index.language.words(raw) in index.skip_words:
        return Answer(None, skipped=question.skippable, skip_refused=not question.skippable)
    payload = ap.payload_value(question, raw)
    if payload:
        return Answer(payload)
    reviewed = reviewed_answers.lookup(content, slot, raw)  # labelled by staff from real conversations
    if reviewed:
        return Answer(reviewed)
    value, note = ap.read(index, question, raw, today)
    also = {}
    if value is not None and value != question.no_value and question.follow_up:
        follow = ap.follow_up_value(index, index.questions[question.follow_up], raw)
        if follow is not None:
            also[question.follow_up] = follow
    return Answer(value, also=also, note=note)


def polarity(content: Content, text: str) -> str | None:
    """ "yes" or "no" when a typed reply starts as one ("ya, hantar", "no thanks"), in any language the
    content's yes/no words cover; None when it hedges or is neither. For yes/no prompts outside the assessment."""
    index = content.index["questions"]
    return ap.leading_polarity(index, index.language.words(str(text or "")))


def next_questions(content: Content, answers: Mapping[str, Any]) -> list[Any]:
    """Remaining slots to ask, in order. Every screening question is asked; a 999-level answer stops at once, and
    after the screen a doctor-today answer stops too (skincheck.urgency, tiers in scoring.yml)."""
    if urgency.screen_over(content, answers):
        return []
    facts = {k: v for k, v in answers.items() if v not in (None, "")}
    return [
        slot
        for slot, q in content.index["questions"].questions.items()
        if slot not in facts and (q.ask_when is None or holds(q.ask_when, facts))
    ]


def raised_red_flags(content: Content, answers: Mapping[str, Any]) -> list[Any]:
    return list(urgency.evaluate(content, answers).flags)


def prompt(content: Content, slot: str, lang: str = "en") -> str:
    return content.texts.say("questions", f"questions.{slot}.prompt", lang)


def reask(content: Content, slot: str, lang: str = "en") -> str:
    return content.texts.say("questions", f"questions.{slot}.reask", lang)


def label(content: Content, slot: str, lang: str = "en") -> str:
    return content.texts.say("questions", f"questions.{slot}.label", lang)


def buttons(content: Content, slot: str, lang: str = "en") -> list[Any]:
    """(title, value) pairs for the answer buttons."""
    return [(pick(o["title"], lang), o["value"]) for o in options_of(content.questions, slot)]


def build_index(content: Content) -> ap.Index:
    return ap.build_index(content.questions, options_of)


# ---------------------------------------------------------------- validation


def validate(data: dict[str, Any], check: Checker) -> None:
    ap.validate_language(check.get(data, "language", "", dict), check)
    check.strings(check.get(data, "skip_words", ""), "skip_words")
    sets = check.get(data, "option_sets", "", dict)
    for name, options in sets.items():
        _check_options(options, f"option_sets.{name}", check)
    questions = check.get(data, "questions", "", dict)
    for slot in REQUIRED_QUESTIONS:
        check.get(questions, slot, "questions", dict)
    seen_normal = False
    for slot, q in questions.items():
        path = f"questions.{slot}"
        if not _SLOT_NAME.match(str(slot)):
            check.fail(path, "a question's name must be lower_snake_case (it becomes a Rasa slot)")
        for key in ("label", "prompt", "reask"):
            check.text(check.get(q, key, path), f"{path}.{key}", limit=BUTTON_TITLE_LIMIT if key == "label" else None)
        skippable = check.get(q, "skippable", path, bool)
        if q.get("red_flag") or q.get("screening"):  # the screen: red flags and the age question
            if skippable:
                check.fail(f"{path}.skippable", "red-flag and screening questions must not be skippable")
            if seen_normal:
                check.fail(path, "red-flag and screening questions must come before all others")
        else:
            seen_normal = True
        if q.get("kind", "choice") not in KINDS:
            check.fail(f"{path}.kind", f"must be one of {KINDS}")
        options = check.get(q, "options", path, (list, str))
        if isinstance(options, str):
            if options not in sets:
                check.fail(f"{path}.options", f"unknown option set {options!r}")
        else:
            _check_options(options, f"{path}.options", check)
        values = [o["value"] for o in options_of(data, slot)]
        if len(set(values)) != len(values):
            check.fail(f"{path}.options", f"values {values} must differ from each other")
        for i, option in enumerate(options_of(data, slot)):
            together = option.get("named_together")
            if together is not None and (
                not isinstance(together, list)
                or len(set(together)) < 2
                or any(v not in values or v == option["value"] for v in together)
            ):
                check.fail(
                    f"{path}.options[{i}].named_together", "must list two or more of the question's other option values"
                )
        if q.get("red_flag") and sorted(values) != sorted(RED_FLAG_VALUES):
            check.fail(f"{path}.options", f"a red-flag question's values must be {list(RED_FLAG_VALUES)}, got {values}")
        if q.get("kind") in ("count", "duration"):
            for i, option in enumerate(options_of(data, slot)):
                if not isinstance(option.get("from"), (int, float)):
                    check.fail(f"{path}.options[{i}].from", "missing (a number)")
        if q.get("topic") is not None:
            check.strings(q["topic"], f"{path}.topic")
        _check_typed_keys(q, path, values, questions, check)
        _check_bare_number(q, path, data, check)
        for value, words in (q.get("extra_synonyms") or {}).items():
            if value not in values:
                check.fail(f"{path}.extra_synonyms.{value}", "not an option value")
            check.strings(words, f"{path}.extra_synonyms.{value}")
    facts = {slot: set(option_values(data)[slot]) for slot in questions}
    for slot, q in questions.items():
        if q.get("ask_when") is not None:
            check_condition(q["ask_when"], f"questions.{slot}.ask_when", check, facts)


def _check_typed_keys(
    q: dict[str, Any], path: str, values: list[Any], questions: dict[str, Any], check: Checker
) -> None:
    """Keys that help read typed answers: hours, yes_items, follow_up, from_areas, example."""
    for i, rule in enumerate(q.get("hours") or ()):
        if not (isinstance(rule, list) and len(rule) == 2 and isinstance(rule[0], (int, float)) and rule[1] in values):
            check.fail(f"{path}.hours[{i}]", "must be [hours from, option value]")
    if q.get("yes_value") is not None and q["yes_value"] not in values:
        check.fail(f"{path}.yes_value", "not an option value")
    if q.get("yes_items") is not None:
        check.strings(q["yes_items"], f"{path}.yes_items")
    if q.get("follow_up") is not None and q["follow_up"] not in questions:
        check.fail(f"{path}.follow_up", f"unknown question {q['follow_up']!r}")
    for key, value in (q.get("from_areas") or {}).items():
        if key not in ("face", "face_and_other", "other") or value not in values:
            check.fail(f"{path}.from_areas.{key}", "keys face / face_and_other / other, values option values")
    if q.get("example") is not None:
        check.text(q["example"], f"{path}.example")


def _check_bare_number(q: dict[str, Any], path: str, data: dict[str, Any], check: Checker) -> None:
    rule = q.get("bare_number")
    if rule is None:
        return
    units = (data.get("language") or {}).get("duration_units") or {}
    if q.get("kind") != "duration":
        check.fail(f"{path}.bare_number", "only for a question of kind: duration")
    if not isinstance(rule, dict) or rule.get("unit") not in units:
        check.fail(f"{path}.bare_number.unit", "must be one of language.duration_units")
    at_least = rule.get("at_least")
    if not isinstance(at_least, (int, float)) or isinstance(at_least, bool) or at_least < 0:
        check.fail(f"{path}.bare_number.at_least", "must be a number, 0 or more")


def _check_options(options: Any, path: str, check: Checker) -> None:
    if not isinstance(options, list) or not options:
        check.fail(path, "must be a non-empty list of options")
    for i, option in enumerate(options):
        where = f"{path}[{i}]"
        value = check.get(option, "value", where)
        if not isinstance(value, str):
            check.fail(f"{where}.value", f"must be a string (quote yes/no), got {value!r}")
        check.text(check.get(option, "title", where), f"{where}.title", limit=BUTTON_TITLE_LIMIT)
        for key in ("synonyms", "keywords"):
            if option.get(key) is not None:
                check.strings(option[key], f"{where}.{key}")
        if "per_week" in option and (
            not isinstance(option["per_week"], (int, float)) or isinstance(option["per_week"], bool)
        ):
            check.fail(f"{where}.per_week", "must be a number (lowest times per week)")
        if "priority" in option and not isinstance(option["priority"], int):
            check.fail(f"{where}.priority", "must be a whole number")
