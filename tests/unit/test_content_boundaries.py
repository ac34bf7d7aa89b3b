"""Boundary tests generated from content/scoring.yml, run through the engine (skincheck.assess).

Every rule is read from the content file, so a new rule is tested the day it is added:
- each `at_least: n` is tried at n (the rule fires) and n - 1 (it does not);
- each eczema band is tried at its `from` and one below, and `min_answered_for_band` at n and n - 1;
- every value listed in a rule's `in:` fires the rule on its own, and a value not listed does not;
- every red-flag question answered yes gives its urgency and advice.
These catch a changed comparison or a dropped value in the engine. A changed threshold in the content
moves these tests with it: the clinically agreed values are pinned, written out, in test_scoring.py and
test_clinical_oracles.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skincheck.assess import assess
from skincheck.loader import load_content
from skincheck.options import option_values
from skincheck.scoring import holds

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")  # read once at collection: the cases are generated from it
RULES = CONTENT.scoring
VALUES = option_values(CONTENT.questions)
QUESTIONS = CONTENT.index["questions"].questions
RED_FLAGS = [slot for slot, q in QUESTIONS.items() if q.red_flag]


# --------------------------------------------------------------------------- building answers for facts
def stress_answers(total: int) -> dict:
    """Stress items adding up to `total`, reverse-scored items included."""
    stress = RULES["stress"]
    scores = stress["item_scores"]
    top = max(scores.values())
    by_points = {points: value for value, points in scores.items()}
    answers, left = {}, total
    for slot in stress["items"]:
        points = min(top, left)
        wanted = top - points if slot in stress["reverse"] else points
        answers[slot] = by_points[wanted]
        left -= points
    assert left == 0, f"stress score {total} is out of range"
    return answers


def eczema_answers(total: int, answered: int | None = None) -> dict:
    """Concern eczema and symptom items adding up to `total` over the first `answered` items (others skipped)."""
    ecz = RULES["eczema"]
    scores = ecz["item_scores"]
    top = max(scores.values())
    by_points = {points: value for value, points in scores.items()}
    items = ecz["items"]
    answered = len(items) if answered is None else answered
    answers: dict[str, str] = {"concern": ecz["concerns"][0]}
    left = total
    for i, slot in enumerate(items):
        if i >= answered:
            answers[slot] = "skipped"
            continue
        points = min(top, left)
        answers[slot] = by_points[points]
        left -= points
    assert left == 0, f"eczema score {total} is out of range for {answered} items"
    return answers


def band_answers(band: str) -> dict:
    for entry in RULES["eczema"]["bands"]:
        if entry["band"] == band:
            return eczema_answers(entry["from"])
    for rule in RULES["acne"]["bands"]:
        if rule["band"] == band:
            return answers_for(next(variants(rule["when"]))[1], complete=False) | {"concern": "acne"}
    raise AssertionError(f"no way to reach band {band!r}")


def answers_for(facts: dict, complete: bool = True) -> dict:
    """Answers that give these facts; questions asked only under a condition get that condition too."""
    answers: dict[str, Any] = {}
    for fact, value in facts.items():
        if fact == "stress_score":
            part = stress_answers(value)
        elif fact == "score":
            part = eczema_answers(value)
        elif fact == "band":
            part = band_answers(value)
        else:
            part = {fact: value}
        for slot, answer in part.items():
            assert answers.get(slot, answer) == answer, f"facts {facts} need two answers to {slot}"
            answers[slot] = answer
    for slot in list(answers):
        question = QUESTIONS.get(slot)
        if question is not None and question.ask_when is not None and not holds(question.ask_when, answers):
            for extra_slot, extra in answers_for(next(variants(question.ask_when))[1], False).items():
                answers.setdefault(extra_slot, extra)
    if complete:
        answers = dict.fromkeys(RED_FLAGS, "no") | answers
    return answers


# --------------------------------------------------------------------------- the cases a condition implies
def variants(condition: dict) -> Iterator[tuple[str, dict, dict | None]]:
    """(label, facts that make the condition true through this value, the same with the value changed so
    this part is false -- None when every possible value is listed)."""
    if "any" in condition:
        for part in condition["any"]:  # the other branches are left unanswered, so they are false
            yield from variants(part)
        return
    if "all" in condition:
        parts = condition["all"]
        for i, part in enumerate(parts):
            others: dict = {}
            for j, other in enumerate(parts):
                if j != i:
                    others |= next(variants(other))[1]
            for label, true_facts, false_facts in variants(part):
                yield label, others | true_facts, (others | false_facts) if false_facts is not None else None
        return
    fact = condition["fact"]
    if "at_least" in condition:
        n = condition["at_least"]
        yield f"{fact}>={n}", {fact: n}, {fact: n - 1}
        return
    possible = VALUES.get(fact) or _derived_values(fact)
    if "in" in condition:
        outside = [v for v in possible if v not in condition["in"]]
        for value in condition["in"]:
            yield f"{fact}={value}", {fact: value}, ({fact: outside[0]} if outside else None)
    else:
        inside = [v for v in possible if v not in condition["not_in"]]
        for value in condition["not_in"]:
            yield f"{fact}!={value}", {fact: inside[0]}, {fact: value}


def _derived_values(fact: str) -> list:
    if fact == "band":
        return [b["band"] for b in RULES["eczema"]["bands"]] + [r["band"] for r in RULES["acne"]["bands"]]
    raise AssertionError(f"unknown fact {fact!r}")


def rule_cases(section: list, key: str) -> list:
    return [
        pytest.param(rule[key], true_facts, false_facts, id=f"{rule[key]}:{label}")
        for rule in section
        for label, true_facts, false_facts in variants(rule["when"])
    ]


FACTOR_CASES = rule_cases(RULES["factors"], "factor")
REASON_CASES = rule_cases(RULES["urgency"]["see_doctor"], "reason")
ACNE_CASES = rule_cases(RULES["acne"]["bands"], "band")


# --------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("factor, true_facts, false_facts", FACTOR_CASES)
def test_each_listed_value_and_threshold_gives_the_factor(factor, true_facts, false_facts):
    assert factor in assess(CONTENT, answers_for(true_facts)).factors
    if false_facts is not None:
        assert factor not in assess(CONTENT, answers_for(false_facts)).factors


@pytest.mark.parametrize("reason, true_facts, false_facts", REASON_CASES)
def test_each_listed_value_gives_the_reason_to_see_a_doctor(reason, true_facts, false_facts):
    result = assess(CONTENT, answers_for(true_facts))
    assert reason in result.see_doctor
    assert result.urgency == RULES["urgency"]["with_reasons"]
    if false_facts is not None:
        assert reason not in assess(CONTENT, answers_for(false_facts)).see_doctor


@pytest.mark.parametrize("band, true_facts, false_facts", ACNE_CASES)
def test_each_listed_value_gives_the_acne_band_or_a_more_severe_one(band, true_facts, false_facts):
    order = [rule["band"] for rule in RULES["acne"]["bands"]]  # first matching rule wins: most severe first
    got = assess(CONTENT, answers_for(true_facts) | {"concern": "acne"}).band
    assert got in order[: order.index(band) + 1]
    assert got == band or any(holds(rule["when"], true_facts) for rule in RULES["acne"]["bands"][: order.index(band)])
    if false_facts is not None:
        assert assess(CONTENT, answers_for(false_facts) | {"concern": "acne"}).band != band


@pytest.mark.parametrize("band, start", [(b["band"], b["from"]) for b in RULES["eczema"]["bands"]])
def test_each_eczema_band_starts_exactly_at_its_from(band, start):
    assert assess(CONTENT, answers_for({}) | eczema_answers(start)).band == band
    if start > 0:
        assert assess(CONTENT, answers_for({}) | eczema_answers(start - 1)).band != band


def test_a_band_needs_min_answered_items():
    n = RULES["eczema"]["min_answered_for_band"]
    assert assess(CONTENT, answers_for({}) | eczema_answers(0, answered=n)).band is not None
    assert assess(CONTENT, answers_for({}) | eczema_answers(0, answered=n - 1)).band is None


def test_the_top_score_is_the_maximum():
    ecz = RULES["eczema"]
    top = len(ecz["items"]) * max(ecz["item_scores"].values())
    result = assess(CONTENT, answers_for({}) | eczema_answers(top))
    assert (result.score, result.score_max, result.band) == (top, top, ecz["bands"][-1]["band"])


@pytest.mark.parametrize("slot", RED_FLAGS)
def test_each_red_flag_yes_gives_its_urgency_and_advice(slot):
    urgency = RULES["urgency"]
    expected = urgency["red_flags"][slot]
    result = assess(CONTENT, answers_for({}) | {slot: "yes"})
    assert result.urgency == expected["urgency"]
    assert expected["advice"] in result.advice
    levels = urgency["levels"]
    stops = levels.index(expected["urgency"]) >= levels.index(urgency["stop_after_screen"])
    assert result.red_flags == ([slot] if stops else [])  # a routine red flag adds advice, the assessment goes on


@pytest.mark.parametrize("index, combination", list(enumerate(RULES["urgency"].get("combinations") or [])))
def test_each_combination_of_answers_gives_its_urgency_and_advice(index, combination):
    for label, true_facts, false_facts in variants(combination["when"]):
        result = assess(CONTENT, answers_for(true_facts))
        assert result.urgency == combination["urgency"] or RULES["urgency"]["levels"].index(result.urgency) > RULES[
            "urgency"
        ]["levels"].index(combination["urgency"]), label
        assert combination["advice"] in result.advice, label
        for dropped in combination.get("replaces") or []:
            assert dropped not in result.advice, label
        if false_facts is not None:
            assert combination["advice"] not in assess(CONTENT, answers_for(false_facts)).advice, label


@pytest.mark.parametrize("total", range(4 * len(RULES["stress"]["items"]) + 1))
def test_every_stress_total_is_scored_as_built(total):
    assert assess(CONTENT, answers_for({}) | stress_answers(total)).stress_score == total


def test_the_generator_covers_every_rule():
    """A rule the generator cannot read would silently get no test."""
    assert {case.values[0] for case in FACTOR_CASES} == {r["factor"] for r in RULES["factors"]}
    assert {case.values[0] for case in REASON_CASES} == {r["reason"] for r in RULES["urgency"]["see_doctor"]}
    assert {case.values[0] for case in ACNE_CASES} == {r["band"] for r in RULES["acne"]["bands"]}
    assert any("at_least" in str(r["when"]) for r in RULES["factors"])  # the stress threshold is among them


@pytest.mark.parametrize("slot", [slot for slot, q in QUESTIONS.items() if q.ask_when is not None])
def test_conditional_questions_are_asked_exactly_when_their_condition_holds(slot):
    from skincheck.questions import next_questions

    question = QUESTIONS[slot]
    for label, true_facts, false_facts in variants(question.ask_when):
        base = answers_for(true_facts)
        assert slot in next_questions(CONTENT, {k: v for k, v in base.items() if k != slot}), label
        if false_facts is not None:
            other = answers_for(false_facts)
            assert slot not in next_questions(CONTENT, {k: v for k, v in other.items() if k != slot}), label
