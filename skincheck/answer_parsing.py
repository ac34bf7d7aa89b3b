"""Free-text answer matching for one question, built once from questions.yml.

Order of attempts, most to least certain: the option value itself (button payloads), the whole answer equal to a
title or synonym, a number of days or a duration, option words found inside a longer answer (negated ones
ignored, e.g. "not every day"), the question's topic for yes/no ("no fever" -> no), then small typos.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from skincheck.content import Checker
from skincheck.textmatch import Language, closest, find_phrases

_NUMBER_WITH_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")  # "3months"


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str
    skippable: bool
    red_flag: bool
    values: tuple
    ask_when: Optional[dict]
    exact: dict        # whole answer (token tuple) -> value
    scan: dict         # phrase found inside an answer -> value
    fuzzy: tuple       # (phrase text, value) for typo matching of whole answers
    priority: dict     # value -> priority when several options are named
    topic: dict        # topic phrase -> slot
    thresholds: tuple  # (from, value), ascending, for count and duration questions
    number_max: Optional[float]


@dataclass(frozen=True)
class Index:
    language: Language
    skip_words: frozenset
    questions: dict    # slot -> Question, in asking order
    numbers: dict
    quantities: dict
    units: dict
    fixed_durations: dict
    scan_min_chars: int
    fuzzy_edits: tuple


def build_index(data: dict, options_of: Callable) -> Index:
    config = data["language"]
    lang = Language.from_config(config)
    min_chars = int(config.get("scan_min_chars", 3))
    questions = {}
    for slot, q in data["questions"].items():
        exact, scan, fuzzy, priority, thresholds = {}, {}, [], {}, []
        for option in options_of(data, slot):
            value = option["value"]
            whole = list(option["title"].values()) + option["synonyms"]
            for text in whole:
                phrase = lang.phrase(text)
                if phrase:
                    exact.setdefault(phrase, value)
                    if len(phrase) > 1 or len(phrase[0]) >= min_chars:
                        scan.setdefault(phrase, value)
                    fuzzy.append((" ".join(phrase), value))
            for text in option.get("keywords") or ():
                if lang.phrase(text):
                    scan.setdefault(lang.phrase(text), value)
            priority[value] = option.get("priority", 1)
            if "from" in option:
                thresholds.append((option["from"], value))
        questions[slot] = Question(
            slot=slot, kind=q.get("kind", "choice"), skippable=q["skippable"], red_flag=bool(q.get("red_flag")),
            values=tuple(priority), ask_when=q.get("ask_when"), exact=exact, scan=scan, fuzzy=tuple(fuzzy),
            priority=priority, topic={lang.phrase(t): slot for t in q.get("topic") or () if lang.phrase(t)},
            thresholds=tuple(sorted(thresholds)), number_max=q.get("number_max"))
    return Index(language=lang, skip_words=frozenset(lang.phrase(w) for w in data["skip_words"]),
                 questions=questions, numbers=dict(config.get("number_words", {})),
                 quantities=dict(config.get("quantity_words", {})), units=dict(config.get("duration_units", {})),
                 fixed_durations=dict(config.get("fixed_durations", {})), scan_min_chars=min_chars,
                 fuzzy_edits=tuple(tuple(r) for r in config.get("fuzzy_edits", ())))


def payload_value(question: Question, raw: str) -> Optional[str]:
    """A button payload carries the option value itself ("days_7", or "face,back" for body areas)."""
    parts = [p.strip() for p in raw.lower().split(",") if p.strip()]
    if not parts or not all(p in question.values for p in parts):
        return None
    if question.kind == "multi":
        return ",".join(v for v in question.values if v in parts)
    return parts[0] if len(parts) == 1 else None


def match(index: Index, question: Question, raw: str) -> Optional[str]:
    words = index.language.words(raw)
    if words in question.exact:
        return question.exact[words]
    # A number decides a count or duration on its own: "10 days" or "2-3 days" is re-asked, not guessed.
    numbers = {"count": lambda: _numbers(index, words),
               "duration": lambda: [d for d in [_duration_days(index, words)] if d is not None]}
    if question.kind in numbers:
        found_numbers = numbers[question.kind]()
        if found_numbers:
            return _from_numbers(question, found_numbers)
    found = [h.key for h in find_phrases(index.language, raw, question.scan) if not h.negated]
    if not found:
        found = _typo_words(index, question, raw)
    if question.kind == "multi":
        return ",".join(v for v in question.values if v in found) or None
    if found:
        return _one(question, set(found))
    if set(question.values) >= {"yes", "no"} and question.topic:
        value = _topic_yes_no(index, question, raw)
        if value:
            return value
    if any(ch.isdigit() for ch in raw):  # "10 days" is one typo from "0 days": never fuzz numbers
        return None
    return _one(question, closest(" ".join(words), question.fuzzy, index.fuzzy_edits))


def _one(question: Question, values: set) -> Optional[str]:
    """The single option meant, using priority when several are named; None if still ambiguous."""
    if not values:
        return None
    top = max(question.priority[v] for v in values)
    winners = [v for v in values if question.priority[v] == top]
    return winners[0] if len(winners) == 1 else None


def _topic_yes_no(index: Index, question: Question, raw: str) -> Optional[str]:
    """ "no fever" / "tak demam" -> no; "demam with rash" -> yes; mixed -> None."""
    hits = find_phrases(index.language, raw, question.topic)
    if not hits:
        return None
    negated = {h.negated for h in hits}
    return None if len(negated) > 1 else ("no" if negated.pop() else "yes")


def _typo_words(index: Index, question: Question, raw: str) -> list:
    """Option words with a small typo ("pimpels"), unless negated like exact words ("not itchyy")."""
    single = [(p[0], v) for p, v in question.scan.items() if len(p) == 1]
    found = []
    for clause in index.language.clauses(raw):
        for i, word in enumerate(clause):
            keys = closest(word, single, index.fuzzy_edits)
            if len(keys) == 1 and not index.language.negated(clause, i, i + 1):
                found += keys
    return found


def _number(index: Index, token: str) -> Optional[float]:
    if token in index.numbers:
        return float(index.numbers[token])
    try:
        return float(token)
    except ValueError:
        return None


def _numbers(index: Index, words: tuple) -> list:
    return [n for n in (_number(index, w) for w in words) if n is not None]


def _from_numbers(question: Question, numbers: list) -> Optional[str]:
    """The option for the numbers given; None if they point at different options or are out of range."""
    values = set()
    for n in numbers:
        if n < 0 or (question.number_max is not None and n > question.number_max):
            return None
        values.add(next((v for start, v in reversed(question.thresholds) if n >= start), None))
    return values.pop() if len(values) == 1 and None not in values else None


def _duration_days(index: Index, words: tuple) -> Optional[float]:
    """Longest duration named, in days: "3 months", "a few weeks", "sebulan", "2yrs", "since 2015"."""
    found = []
    for i, word in enumerate(words):
        if word in index.fixed_durations:
            found.append(float(index.fixed_durations[word]))
            continue
        glued = _NUMBER_WITH_UNIT.match(word)
        if glued and glued.group(2) in index.units:
            found.append(float(glued.group(1)) * index.units[glued.group(2)])
            continue
        amount = _number(index, word)
        if amount is None and word in index.quantities:
            amount = float(index.quantities[word])
        unit = _unit_after(index, words, i)
        if amount is not None and unit:
            found.append(amount * unit)
        elif amount is not None and 1900 < amount <= date.today().year and i and words[i - 1] in ("since", "sejak"):
            years = date.today().year - int(amount)
            if years >= 2:  # "since last year" could be a few months
                found.append(years * 365.0)
    return max(found) if found else None


def _unit_after(index: Index, words: tuple, i: int) -> Optional[float]:
    for j in (i + 1, i + 2):  # allow one word between: "3 more weeks", "a few months"
        if j < len(words) and words[j] in index.units:
            return float(index.units[words[j]])
        if j < len(words) and words[j] not in index.quantities and words[j] not in ("more", "over", "plus"):
            return None
    return None


def validate_language(config: dict, check: Checker) -> None:
    for key in ("fillers", "clause_breakers", "negations_before", "negations_after"):
        check.strings(check.get(config, key, "language"), f"language.{key}")
    for key in ("number_words", "quantity_words", "duration_units", "fixed_durations"):
        for word, number in check.get(config, key, "language", dict).items():
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                check.fail(f"language.{key}.{word}", "must be a number")
    rules = check.get(config, "fuzzy_edits", "language", list)
    for i, rule in enumerate(rules):
        if not (isinstance(rule, list) and len(rule) == 2 and all(isinstance(n, int) for n in rule)):
            check.fail(f"language.fuzzy_edits[{i}]", "must be [min_length, edits]")
