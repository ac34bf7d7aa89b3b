"""Screens any user message for red-flag symptoms and self-harm language (patterns in content/safety.yml).

Runs on every message, so plain answers must not trip it: a red-flag phrase preceded by a negation in the same
clause ("no fever", "tak demam", "no swelling of my lips") or followed by one at the clause end ("demam takde")
is ignored. Self-harm rules are marked not negatable: showing crisis support by mistake costs little.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from skincheck import urgency
from skincheck.answer_parsing import red_flag_topics
from skincheck.content import Checker, Content
from skincheck.options import option_values
from skincheck.textmatch import Language
from skincheck.texts import pick


@dataclass(frozen=True)
class SafetyHit:
    kind: str  # red_flag | self_harm
    level: str  # emergency | see_doctor_today | routine | crisis
    message_key: str  # key under safety.yml messages (the most urgent advice)
    # Not compared: a hit is the kind, tier and main advice; these add detail.
    more: tuple[Any, ...] = field(default=(), compare=False)  # further advice keys, less urgent, said after the first
    flags: tuple[Any, ...] = field(
        default=(), compare=False
    )  # red flags: screening questions whose presentations are named


@dataclass(frozen=True)
class _Rule:
    hit: SafetyHit | None
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool
    question: str = ""  # red flags: the screening question that asks about the same presentation
    negation_inside: bool = True  # False when a negation is part of the sign ("a rash that does not fade")

    def kind_is(self, kind: str) -> bool:
        return self.hit is not None and self.hit.kind == kind


def screen_text(content: Content, text: str, known: Mapping[str, Any] | None = None) -> SafetyHit | None:
    """Red flags and self-harm language in one message, or None.

    Every red-flag presentation named in the text counts, together with the screening answers already
    `known` (slot -> value) and any age named ("my 2 month old"), through the same tiers and combinations as
    the screening questions: "fever and the red patch is spreading fast" is an emergency, although fever or
    spreading redness alone is "see a doctor today". An emergency comes before crisis support; crisis support
    comes before any less urgent red flag (as the rule order in safety.yml always did)."""
    lang, rules, ages = content.index["safety"]
    clauses = [" ".join(_without_reply_word(content, c)) for c in lang.clauses(str(text or ""))]
    pairs = _continued(content, clauses)
    found = [rule for rule in rules if _matches(lang, rule, clauses + (pairs if rule.kind_is("red_flag") else []))]
    self_harm: SafetyHit | None = next((rule.hit for rule in found if rule.kind_is("self_harm")), None)
    red = [rule for rule in found if rule.kind_is("red_flag")]
    if not red:
        return self_harm
    facts = {k: v for k, v in (known or {}).items() if v not in (None, "")}
    facts.update({rule.question: "yes" for rule in red})
    age = next((value for value, patterns in ages if _matches(lang, _Rule(None, patterns, True), clauses)), None)
    if age is not None:
        facts[ages_slot(content)] = age
    known_yes = {slot for slot, value in (known or {}).items() if value == "yes"}
    result = urgency.evaluate(
        content,
        facts,
        [(rule.hit.level, rule.hit.message_key) for rule in red],
        named={rule.question for rule in red} - known_yes,
    )
    hit = SafetyHit(
        "red_flag",
        result.level,
        result.advice[0],
        tuple(result.advice[1:]),
        tuple(dict.fromkeys(rule.question for rule in red)),
    )
    if self_harm is not None and result.level != content.scoring["urgency"]["stop_at_once"]:
        return self_harm
    return hit


def only_denied(content: Content, text: str) -> bool:
    """True for a short message that only denies red-flag signs ("no blisters", "not spreading", "tak demam"):
    what the language model heard as a red flag is then a "no", not a report. At most `denial_max_words` words,
    none of the `denial_joiners` ("no fever and bleeding a lot" may add a sign no pattern knows), and every clause
    a reply word or a denied sign: by the screening questions' topics or the safety patterns."""
    if screen_text(content, text) is not None:
        return False
    config = content.safety["language"]
    lang = content.index["safety"][0]
    clauses = [" ".join(c) for c in lang.clauses(str(text or "")) if c]
    words = " ".join(clauses).split()
    if not words or len(words) > config["denial_max_words"] or set(words) & set(config["denial_joiners"]):
        return False
    return all(_denies_a_sign(content, clause) for clause in clauses)


def _denies_a_sign(content: Content, clause: str) -> bool:
    lang, rules, _ = content.index["safety"]
    if set(clause.split()) <= set(content.safety["language"]["reply_words"]):  # the "no" of "no, not on chemo"
        return True
    topics = red_flag_topics(content.index["questions"], clause)
    if topics:
        return all(answer == "no" for answer in topics)
    return any(
        rule.kind_is("red_flag") and _matches(lang, _Rule(rule.hit, rule.patterns, negatable=False), [clause])
        for rule in rules
    )


def _continued(content: Content, clauses: list[str]) -> list[str]:
    """Each clause joined to the one after it when that one opens with a pronoun that refers back ("the rash is
    not itchy" + "it does not fade"), so a sign described across a "but" is still found."""
    continuers = content.safety["language"]["continuers"]
    return [f"{first} {second}" for first, second in pairwise(clauses) if second.split(" ", 1)[0] in continuers]


def _without_reply_word(content: Content, clause: Sequence[str]) -> Sequence[str]:
    """ "no I can't breathe" -> "i can't breathe": an opening "no" before a subject answers something else."""
    config = content.safety["language"]
    if len(clause) > 2 and clause[0] in config["reply_words"] and clause[1] in config["subjects"]:
        return clause[1:]
    return clause


def ages_slot(content: Content) -> str:
    return str(content.safety["ages"]["slot"])


def message(content: Content, hit: SafetyHit, lang: str = "en") -> str:
    return content.texts.say("safety", f"messages.{hit.message_key}", lang)


def messages(content: Content, hit: SafetyHit, lang: str = "en") -> list[Any]:
    """Every piece of advice for the hit, most urgent first."""
    return [pick(content.safety["messages"][key], lang) for key in (hit.message_key, *hit.more)]


def _matches(lang: Language, rule: _Rule, clauses: list[Any]) -> bool:
    for clause in clauses:
        for pattern in rule.patterns:
            for found in pattern.finditer(clause):
                if not rule.negatable or not _negated(lang, clause, found, rule.negation_inside):
                    return True
    return False


def _negated(lang: Language, clause: str, found: re.Match[str], inside_counts: bool = True) -> bool:
    tokens = clause.split(" ")
    start = clause[: found.start()].count(" ")
    end = start + len(found.group(0).split(" "))
    if lang.negated(tokens, start, end):
        return True
    # "face is not swollen": a negation inside the match counts too (but not its first word: "tak boleh bernafas"),
    # unless the phrase needs it: without "not", "he can not breathe" no longer names the sign, so it is no negation
    # (nor is "tak" in "sangat tak sihat"); without "not", "face is not swollen" still does, so it is negated.
    if not inside_counts:
        return False
    for i in range(start + 1, end):
        for neg in lang.negations_before:
            if tuple(tokens[i : i + len(neg)]) == neg and i + len(neg) <= end:
                without = " ".join(tokens[start:i] + tokens[i + len(neg) : end])
                if found.re.search(without):
                    return True
    return False


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"\b(?:{p})\b") for p in patterns)


def build_index(content: Content) -> tuple[Any, ...]:
    data = content.safety
    rules = tuple(
        _Rule(
            SafetyHit(r["kind"], r["level"], r["message_key"]),
            _compile(r["patterns"]),
            bool(r.get("negatable", True)),
            r.get("question", ""),
            bool(r.get("negation_inside", True)),
        )
        for r in data["rules"]
    )
    ages = tuple((a["value"], _compile(a["patterns"])) for a in data["ages"]["values"])
    return Language.from_config(data["language"]), rules, ages


def validate(data: dict[str, Any], check: Checker) -> None:
    config = check.get(data, "language", "", dict)
    for key in (
        "clause_breakers",
        "negations_before",
        "negations_after",
        "reply_words",
        "subjects",
        "continuers",
        "denial_joiners",
    ):
        check.strings(check.get(config, key, "language"), f"language.{key}")
    most = check.get(config, "denial_max_words", "language")
    if not isinstance(most, int) or isinstance(most, bool) or most < 1:
        check.fail("language.denial_max_words", "must be a whole number, 1 or more")
    messages = check.get(data, "messages", "", dict)
    for key, entry in messages.items():
        check.text(entry, f"messages.{key}")
    for i, rule in enumerate(check.get(data, "rules", "", list)):
        path = f"rules[{i}]"
        if check.get(rule, "kind", path, str) not in ("red_flag", "self_harm"):
            check.fail(f"{path}.kind", "must be red_flag or self_harm")
        if rule.get("level") is None:
            check.fail(f"{path}.level", "missing: every red flag needs an urgency tier")
        check.get(rule, "level", path, str)
        if check.get(rule, "message_key", path, str) not in messages:
            check.fail(f"{path}.message_key", f"no text under messages.{rule['message_key']}")
        _check_patterns(check.get(rule, "patterns", path), f"{path}.patterns", check)
    ages = check.get(data, "ages", "", dict)
    check.get(ages, "slot", "ages", str)
    for i, age in enumerate(check.get(ages, "values", "ages", list)):
        check.get(age, "value", f"ages.values[{i}]", str)
        _check_patterns(check.get(age, "patterns", f"ages.values[{i}]"), f"ages.values[{i}].patterns", check)


def _check_patterns(patterns: Any, path: str, check: Checker) -> None:
    for j, pattern in enumerate(check.strings(patterns, path)):
        try:
            re.compile(pattern)
        except re.error as exc:
            check.fail(f"{path}[{j}]", f"bad regular expression: {exc}")


def check_presentations(
    data: dict[str, Any], scoring_data: dict[str, Any], questions_data: dict[str, Any], check: Checker
) -> None:
    """Every red-flag presentation caught in free text is also asked by a screening question of the same tier,
    so the screen and the free-text net never disagree about how urgent it is."""
    urgency_rules = scoring_data["urgency"]
    levels = urgency_rules["levels"]
    asked = urgency_rules["red_flags"]
    covered = set()
    for i, rule in enumerate(data["rules"]):
        path = f"rules[{i}]"
        if rule["kind"] == "self_harm":
            if rule["level"] != "crisis":
                check.fail(f"{path}.level", "self-harm rules are at level crisis")
            continue
        if rule["level"] not in levels[1:]:
            check.fail(f"{path}.level", f"unknown tier {rule['level']!r}; use one of {levels[1:]}")
        question = check.get(rule, "question", path, str)
        if question not in asked:
            check.fail(f"{path}.question", f"{question!r} is not a red-flag question (scoring.yml urgency.red_flags)")
        if asked[question]["urgency"] != rule["level"]:
            check.fail(
                f"{path}.level",
                f"{rule['level']!r} differs from the tier of question {question} ({asked[question]['urgency']!r})",
            )
        covered.add(question)
    for slot in asked:
        if slot not in covered:
            check.fail("rules", f"no free-text rule for red-flag question {slot}")
    slot = data["ages"]["slot"]
    values = option_values(questions_data).get(slot)
    if values is None:
        check.fail("ages.slot", f"unknown question {slot!r}")
    for i, age in enumerate(data["ages"]["values"]):
        if age["value"] not in values:
            check.fail(f"ages.values[{i}].value", f"not an option of {slot}: {values}")
