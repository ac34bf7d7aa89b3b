"""How urgent the red-flag answers are: one evaluation for the screening questions and for typed text.

Every tier, advice text and combination lives in content/scoring.yml `urgency`:
  red_flags      a "yes" to a screening question raises its tier (emergency, see_doctor_today or routine);
  combinations   answers that together are more urgent than alone (fever with spreading redness, a baby under
                 3 months with a fever) or need other advice (a child with a fever); `replaces` drops advice that
                 the combination's own advice supersedes.
The most urgent tier wins. With an emergency only the emergency advice is given, so "see a doctor today"
never sits beside "call 999". Below that every piece of advice is given, most urgent first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from skincheck.content import Checker, Content
from skincheck.options import option_values
from skincheck.scoring import answer_facts, check_condition, holds

NONE = "none"


@dataclass(frozen=True)
class Urgency:
    level: str  # one of scoring.yml urgency.levels
    advice: tuple[Any, ...] = ()  # safety.yml message keys, most urgent first
    flags: tuple[Any, ...] = ()  # screening questions answered yes

    def at_least(self, content: Content, level: str) -> bool:
        levels = content.scoring["urgency"]["levels"]
        return bool(levels.index(self.level) >= levels.index(level))


def evaluate(
    content: Content, facts: Mapping[str, Any], extra: Iterable[Any] = (), named: Iterable[Any] = ()
) -> Urgency:
    """Urgency of the screening answers in `facts` (slot -> value); `extra` adds (level, advice) pairs
    found elsewhere, e.g. the presentations named in a typed message. The questions' own (broader) advice is
    left out for the `named` slots, whose presentations `extra` already names more precisely."""
    rules = content.scoring["urgency"]
    levels = rules["levels"]
    flags = tuple(slot for slot in rules["red_flags"] if facts.get(slot) == "yes")
    named = set(named)
    raised = [
        (rules["red_flags"][slot]["urgency"], rules["red_flags"][slot]["advice"]) for slot in flags if slot not in named
    ]
    replaced: set[str] = set()
    for combo in rules.get("combinations") or ():
        if holds(combo["when"], facts):
            raised.append((combo["urgency"], combo["advice"]))
            replaced.update(combo.get("replaces") or ())
    raised += list(extra)
    raised = [(level, advice) for level, advice in raised if advice not in replaced]
    if not raised:
        return Urgency(NONE, (), flags)
    raised.sort(key=lambda pair: levels.index(pair[0]), reverse=True)  # stable: content order within a tier
    top = raised[0][0]
    if top == rules["stop_at_once"]:
        raised = [pair for pair in raised if pair[0] == top]
    return Urgency(top, tuple(dict.fromkeys(advice for _, advice in raised)), flags)


def screening_slots(content: Content) -> list[Any]:
    """The red-flag questions and the questions that change their thresholds (age), in asking order."""
    return [slot for slot, q in content.questions["questions"].items() if q.get("red_flag") or q.get("screening")]


def screen_over(content: Content, answers: Mapping[str, Any]) -> bool:
    """No more questions: a 999-level answer stops at once; after the whole screen, a doctor-today one does."""
    rules = content.scoring["urgency"]
    found = evaluate(content, answers)
    if found.level == NONE:
        return False
    if found.at_least(content, rules["stop_at_once"]):
        return True
    done = all(answers.get(slot) not in (None, "") for slot in screening_slots(content))
    return done and found.at_least(content, rules["stop_after_screen"])


def cuts_assessment_short(content: Content, level: str) -> bool:
    """Tiers whose advice replaces the assessment (below them, e.g. routine, the assessment goes on)."""
    rules = content.scoring["urgency"]
    return bool(rules["levels"].index(level) >= rules["levels"].index(rules["stop_after_screen"]))


# ---------------------------------------------------------------- validation


def validate(data: dict[str, Any], questions_data: dict[str, Any], check: Checker) -> None:
    """scoring.yml urgency: tiers known, every red-flag question has a tier and advice, combinations valid."""
    facts = answer_facts(option_values(questions_data))
    urgency = check.get(data, "urgency", "", dict)
    levels = check.strings(check.get(urgency, "levels", "urgency"), "urgency.levels")
    for key in ("stop_at_once", "stop_after_screen", "with_reasons", "without_reasons"):
        if check.get(urgency, key, "urgency", str) not in levels:
            check.fail(f"urgency.{key}", f"unknown level {urgency[key]!r}; levels are {levels}")
    flags = check.get(urgency, "red_flags", "urgency", dict)
    for slot, rule in flags.items():
        path = f"urgency.red_flags.{slot}"
        if not (questions_data["questions"].get(slot) or {}).get("red_flag"):
            check.fail(path, "not a red-flag question in questions.yml")
        if not isinstance(rule, dict) or rule.get("urgency") is None:
            check.fail(f"{path}.urgency", "missing: every red flag needs an urgency tier")
        if rule["urgency"] not in levels or rule["urgency"] == NONE:
            check.fail(f"{path}.urgency", f"unknown tier {rule['urgency']!r}; use one of {levels[1:]}")
        check.get(rule, "advice", path, str)
    for slot, q in questions_data["questions"].items():
        if q.get("red_flag") and slot not in flags:
            check.fail("urgency.red_flags", f"no urgency tier for red-flag question {slot}")
    for i, combo in enumerate(check.get(urgency, "combinations", "urgency", list)):
        path = f"urgency.combinations[{i}]"
        check_condition(check.get(combo, "when", path), f"{path}.when", check, facts)
        if check.get(combo, "urgency", path, str) not in levels:
            check.fail(f"{path}.urgency", f"unknown tier {combo['urgency']!r}")
        check.get(combo, "advice", path, str)
        if combo.get("replaces") is not None:
            check.strings(combo["replaces"], f"{path}.replaces")


def check_advice(data: dict[str, Any], safety_data: dict[str, Any], check: Checker) -> None:
    """Every piece of urgent advice is a text in safety.yml messages (one source for urgent advice)."""
    urgency = data["urgency"]
    where = [(f"urgency.red_flags.{slot}.advice", rule["advice"]) for slot, rule in urgency["red_flags"].items()]
    where += [(f"urgency.combinations[{i}].advice", c["advice"]) for i, c in enumerate(urgency["combinations"])]
    for path, key in where:
        if key not in safety_data["messages"]:
            check.fail(path, f"no text under safety.yml messages.{key}")
