"""Screens any user message for red-flag symptoms and self-harm language (patterns in content/safety.yml).

Runs on every message, so plain answers must not trip it: a red-flag phrase preceded by a negation in the same
clause ("no fever", "tak demam", "no swelling of my lips") or followed by one at the clause end ("demam takde")
is ignored. Self-harm rules are marked not negatable: showing crisis support by mistake costs little.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from skincheck.content import Checker, Content
from skincheck.textmatch import Language


@dataclass(frozen=True)
class SafetyHit:
    kind: str          # red_flag | self_harm
    level: str         # emergency | see_doctor_today | crisis
    message_key: str   # key under safety.yml messages


@dataclass(frozen=True)
class _Rule:
    hit: SafetyHit
    patterns: tuple
    negatable: bool


def screen_text(content: Content, text: str) -> Optional[SafetyHit]:
    """The first rule (in file order, most urgent first) with a non-negated match, or None."""
    lang, rules = content.index["safety"]
    clauses = [" ".join(c) for c in lang.clauses(str(text or ""))]
    for rule in rules:
        for clause in clauses:
            for pattern in rule.patterns:
                for found in pattern.finditer(clause):
                    if not rule.negatable or not _negated(lang, clause, found):
                        return rule.hit
    return None


def message(content: Content, hit: SafetyHit, lang: str = "en") -> str:
    return content.texts.say("safety", f"messages.{hit.message_key}", lang)


def _negated(lang: Language, clause: str, found: re.Match) -> bool:
    tokens = clause.split(" ")
    start = clause[:found.start()].count(" ")
    end = start + len(found.group(0).split(" "))
    # "face is not swollen": a negation inside the match counts too (but not its first word: "tak boleh bernafas")
    inside = tuple(tokens[start + 1:end])
    return lang.negated(tokens, start, end) or any(
        inside[i:i + len(neg)] == neg for neg in lang.negations_before for i in range(len(inside)))


def build_index(content: Content) -> tuple:
    data = content.safety
    rules = tuple(
        _Rule(SafetyHit(r["kind"], r["level"], r["message_key"]),
              tuple(re.compile(rf"\b(?:{p})\b") for p in r["patterns"]), bool(r.get("negatable", True)))
        for r in data["rules"])
    return Language.from_config(data["language"]), rules


def validate(data: dict, check: Checker) -> None:
    config = check.get(data, "language", "", dict)
    for key in ("clause_breakers", "negations_before", "negations_after"):
        check.strings(check.get(config, key, "language"), f"language.{key}")
    messages = check.get(data, "messages", "", dict)
    for key, entry in messages.items():
        check.text(entry, f"messages.{key}")
    for i, rule in enumerate(check.get(data, "rules", "", list)):
        path = f"rules[{i}]"
        if check.get(rule, "kind", path, str) not in ("red_flag", "self_harm"):
            check.fail(f"{path}.kind", "must be red_flag or self_harm")
        check.get(rule, "level", path, str)
        if check.get(rule, "message_key", path, str) not in messages:
            check.fail(f"{path}.message_key", f"no text under messages.{rule['message_key']}")
        for j, pattern in enumerate(check.strings(check.get(rule, "patterns", path), f"{path}.patterns")):
            try:
                re.compile(pattern)
            except re.error as exc:
                check.fail(f"{path}.patterns[{j}]", f"bad regular expression: {exc}")
