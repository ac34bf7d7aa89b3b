"""Rule conditions, item sums and bands, all driven by content/scoring.yml (no thresholds in code).

A condition is one of
  {fact: <slot or derived fact>, in: [values]}     true when the answer (any of a multi answer) is listed
  {fact: ..., not_in: [values]}                   true when answered (not skipped) and none is listed
  {fact: <numeric fact>, at_least: n}             for derived scores
  {any: [conditions]} / {all: [conditions]}
An unanswered or skipped fact makes a leaf condition false, so nothing is concluded from a missing answer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from skincheck.content import SKIPPED, Checker
from skincheck.options import option_values

NUMERIC_FACTS = ("score", "stress_score")
DERIVED_FACTS = ("band",) + NUMERIC_FACTS


def holds(condition: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    if "any" in condition:
        return any(holds(c, facts) for c in condition["any"])
    if "all" in condition:
        return all(holds(c, facts) for c in condition["all"])
    value = facts.get(condition["fact"])
    if value is None or value == SKIPPED or value == "":
        return False
    if "at_least" in condition:
        return bool(value >= condition["at_least"])
    chosen = str(value).split(",")
    if "in" in condition:
        return any(v in condition["in"] for v in chosen)
    return not any(v in condition["not_in"] for v in chosen)


def item_sum(
    values: Mapping[str, Any], items: Iterable[str], item_scores: Mapping[str, int], reverse: Collection[str] = ()
) -> tuple[int, int]:
    """(sum of answered items, number answered); reverse items count max - score."""
    top = max(item_scores.values())
    total = answered = 0
    for slot in items:
        value = values.get(slot)
        if isinstance(value, str) and value in item_scores:
            score = item_scores[value]
            total += top - score if slot in reverse else score
            answered += 1
    return total, answered


def band_for(score: int, bands: Iterable[Mapping[str, Any]]) -> str | None:
    """The last band whose `from` the score reaches (bands listed low to high)."""
    found = None
    for band in bands:
        if score >= band["from"]:
            found = str(band["band"])
    return found


def first_rule(rules: Iterable[Mapping[str, Any]], facts: Mapping[str, Any], key: str) -> str | None:
    for rule in rules:
        if holds(rule["when"], facts):
            return str(rule[key])
    return None


# ---------------------------------------------------------------- validation


def check_condition(cond: Any, path: str, check: Checker, facts: Mapping[str, Any]) -> None:
    """facts maps each fact name to its allowed values (None for numeric facts)."""
    if not isinstance(cond, dict):
        check.fail(path, "must be a mapping")
    for combiner in ("any", "all"):
        if combiner in cond:
            parts = check.get(cond, combiner, path, list)
            for i, part in enumerate(parts):
                check_condition(part, f"{path}.{combiner}[{i}]", check, facts)
            return
    fact = check.get(cond, "fact", path, str)
    if fact not in facts:
        check.fail(f"{path}.fact", f"unknown fact {fact!r}")
    allowed = facts[fact]
    if allowed is None:
        if not isinstance(cond.get("at_least"), (int, float)):
            check.fail(f"{path}.at_least", f"missing (a number; {fact} is a score)")
        return
    ops = [op for op in ("in", "not_in") if op in cond]
    if len(ops) != 1:
        check.fail(path, "needs exactly one of in / not_in")
    listed = check.strings(cond[ops[0]], f"{path}.{ops[0]}")
    for i, value in enumerate(listed):
        if value not in allowed:
            check.fail(f"{path}.{ops[0]}[{i}]", f"unknown value {value!r} for {fact}")


def answer_facts(question_values: Mapping[str, Any]) -> dict[str, Any]:
    return {slot: set(values) for slot, values in question_values.items()}


def validate(data: dict[str, Any], questions_data: dict[str, Any], check: Checker) -> None:
    values = option_values(questions_data)
    facts = answer_facts(values)
    ecz = check.get(data, "eczema", "", dict)
    acne = check.get(data, "acne", "", dict)
    bands = set()
    for name, block in (("eczema", ecz), ("acne", acne)):
        for i, concern in enumerate(check.strings(check.get(block, "concerns", name), f"{name}.concerns")):
            if concern not in values["concern"]:
                check.fail(f"{name}.concerns[{i}]", f"unknown concern {concern!r}")
    _check_items(ecz, "eczema", values, check)
    for i, band in enumerate(check.get(ecz, "bands", "eczema", list)):
        check.get(band, "band", f"eczema.bands[{i}]", str)
        check.get(band, "from", f"eczema.bands[{i}]", int)
        bands.add(band["band"])
    check.get(ecz, "min_answered_for_band", "eczema", int)
    facts.update({"score": None, "stress_score": None})  # numeric facts; "band" is set below from the bands
    for i, slot in enumerate(check.strings(check.get(acne, "items", "acne"), "acne.items")):
        if slot not in values:
            check.fail(f"acne.items[{i}]", f"unknown question {slot!r}")
    acne_rules = check.get(acne, "bands", "acne", list)
    bands |= {check.get(rule, "band", f"acne.bands[{i}]", str) for i, rule in enumerate(acne_rules)}
    facts["band"] = bands
    for i, rule in enumerate(acne_rules):
        check_condition(check.get(rule, "when", f"acne.bands[{i}]"), f"acne.bands[{i}].when", check, facts)
    stress = check.get(data, "stress", "", dict)
    _check_items(stress, "stress", values, check)
    for i, slot in enumerate(check.strings(check.get(stress, "reverse", "stress"), "stress.reverse")):
        if slot not in stress["items"]:
            check.fail(f"stress.reverse[{i}]", f"{slot!r} is not one of stress.items")
    _check_rules(data, "factors", "factor", check, facts)
    lifestyle = check.get(data, "lifestyle", "", dict)
    for i, slot in enumerate(check.strings(check.get(lifestyle, "questions", "lifestyle"), "lifestyle.questions")):
        if slot not in values:
            check.fail(f"lifestyle.questions[{i}]", f"unknown question {slot!r}")
    minimum = check.get(lifestyle, "min_answered_for_all_clear", "lifestyle", int)
    if not 0 < minimum <= len(lifestyle["questions"]):
        check.fail("lifestyle.min_answered_for_all_clear", f"must be 1..{len(lifestyle['questions'])}")
    urgency = check.get(data, "urgency", "", dict)  # tiers and red flags: skincheck.urgency.validate
    _check_rules(urgency, "see_doctor", "reason", check, facts, prefix="urgency.")


def _check_items(block: dict[str, Any], name: str, values: Mapping[str, Any], check: Checker) -> None:
    items = check.get(block, "items", name, list)
    scores = check.get(block, "item_scores", name, dict)
    for i, slot in enumerate(items):
        if slot not in values:
            check.fail(f"{name}.items[{i}]", f"unknown question {slot!r}")
        for value in values[slot]:
            if value not in scores:
                check.fail(f"{name}.item_scores", f"no score for {slot} option {value!r}")
    for value, score in scores.items():
        if not isinstance(score, int):
            check.fail(f"{name}.item_scores.{value}", "must be a whole number")


def _check_rules(
    block: dict[str, Any], key: str, name: str, check: Checker, facts: Mapping[str, Any], prefix: str = ""
) -> None:
    for i, rule in enumerate(check.get(block, key, prefix.rstrip("."), list)):
        path = f"{prefix}{key}[{i}]"
        check.get(rule, name, path, str)
        check_condition(check.get(rule, "when", path), f"{path}.when", check, facts)
