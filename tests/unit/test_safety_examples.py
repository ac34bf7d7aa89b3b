"""Every safety phrase in content/safety.yml has a hand-written example that triggers it.

tests/data/safety_examples.yml lists messages that must get the urgent or crisis reply, by message key.
Each must trigger exactly that reply, and a meta-test requires an example for every alternative of
every pattern: a phrase added without an example, or
an example left without its phrase ("wheeze" dropped from the patterns), fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skincheck.loader import load_content
from skincheck.safety import SafetyHit, only_denied, screen_text
from skincheck.yamlfile import read_yaml_mapping

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")
EXAMPLES = read_yaml_mapping(ROOT / "tests" / "data" / "safety_examples.yml")[1]
RULES = CONTENT.safety["rules"]
HITS = {r["message_key"]: SafetyHit(r["kind"], r["level"], r["message_key"]) for r in RULES}


def split_top(pattern: str) -> list[str]:
    """The alternatives of a regular expression at its top level (not inside groups or classes)."""
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if escaped:
            current, escaped = current + ch, False
            continue
        if ch == "\\":
            current, escaped = current + ch, True
            continue
        depth += (ch in "([" and 1) or (-1 if ch in ")]" else 0)
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def group_variants(alternative: str) -> list[tuple[str, str]]:
    """(option, the alternative with one outer group narrowed to that option), for groups with a choice."""
    found, depth, start, escaped = [], 0, None, False
    for i, ch in enumerate(alternative):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and start is not None:
                options = split_top(alternative[start + 1 : i])
                if len(options) > 1:
                    found += [(o, f"{alternative[:start]}({o}){alternative[i + 1 :]}") for o in options]
    return found


def clauses(text: str) -> list[str]:
    language = CONTENT.index["safety"][0]
    return [" ".join(c) for c in language.clauses(text)]


def matches(regex: str, text: str) -> bool:
    compiled = re.compile(rf"\b(?:{regex})\b")
    return any(compiled.search(clause) for clause in clauses(text))


def missing_examples(rules: list, examples: dict, groups: bool = False) -> list[str]:
    """Every alternative of every rule's patterns with no example of that rule (with groups=True also every
    word of each alternative's groups)."""
    missing = []
    for rule in rules:
        texts = examples.get(rule["message_key"]) or []
        for pattern in rule["patterns"]:
            for alternative in split_top(pattern):
                if not any(matches(alternative, t) for t in texts):
                    missing.append(f"{rule['message_key']}: {alternative}")
                    continue
                for option, narrowed in group_variants(alternative) if groups else ():
                    if not any(matches(narrowed, t) for t in texts):
                        missing.append(f"{rule['message_key']}: {alternative} -> '{option}'")
    return missing


CASES = [pytest.param(key, text, id=f"{key}:{text}") for key, texts in EXAMPLES.items() for text in texts]


@pytest.mark.parametrize("key, text", CASES)
def test_each_example_gets_its_safety_reply(key, text):
    hit = screen_text(CONTENT, text)
    assert hit is not None, f"no safety reply for {text!r}"
    assert (hit.kind, hit.level, hit.message_key) == (HITS[key].kind, HITS[key].level, key)


def test_every_phrase_alternative_has_an_example():
    missing = missing_examples(RULES, EXAMPLES)
    assert not missing, "add an example to tests/data/safety_examples.yml for:\n" + "\n".join(missing)


def test_every_example_key_is_a_rule():
    assert set(EXAMPLES) <= set(HITS)
    assert set(HITS) <= set(EXAMPLES)


def test_the_meta_test_notices_a_phrase_without_an_example():
    rules = [{"message_key": "k", "patterns": ["wheez\\w*|anaphyla\\w*", "(lips?|tongue) (swollen|puffy)"]}]
    complete = {"k": ["I'm wheezing", "anaphylaxis", "lips swollen", "tongue puffy"]}
    assert missing_examples(rules, complete, groups=True) == []
    assert missing_examples(rules, {"k": ["I'm wheezing", "lips swollen", "tongue puffy"]}) == ["k: anaphyla\\w*"]
    assert missing_examples(rules, {"k": ["I'm wheezing", "anaphylaxis", "lips swollen"]}, groups=True) == [
        "k: (lips?|tongue) (swollen|puffy) -> 'tongue'",
        "k: (lips?|tongue) (swollen|puffy) -> 'puffy'",
    ]


def test_split_top_keeps_groups_and_escapes_whole():
    assert split_top("a|(b|c) d|e\\|f|[x|y]") == ["a", "(b|c) d", "e\\|f", "[x|y]"]


# A fever typed with an age named meets the same age rules as the screening answers: one example per age
# phrase of content/safety.yml `ages` (content mutation found them unpinned: dropping one went unnoticed).
AGE_EXAMPLES = [
    ("my newborn has a fever", "emergency", "fever_baby"),
    ("new born with a fever", "emergency", "fever_baby"),
    ("bayi baru lahir demam", "emergency", "fever_baby"),
    ("dia baru lahir dan demam", "emergency", "fever_baby"),
    ("our toddler has a fever", "see_doctor_today", "fever_child"),
    ("demam pada anak saya", "see_doctor_today", "fever_child"),
    ("kanak kanak ini demam", "see_doctor_today", "fever_child"),
]


@pytest.mark.parametrize("text, level, advice", AGE_EXAMPLES, ids=[t for t, _, _ in AGE_EXAMPLES])
def test_a_fever_typed_with_an_age_gets_the_advice_for_that_age(text, level, advice):
    assert screen_text(CONTENT, text) == SafetyHit("red_flag", level, advice)


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("no blisters", True),
        ("tak demam", True),
        ("not spreading", True),
        ("no, I am not on chemo", True),
        ("no swelling, breathing fine", False),  # "breathing" named without a denial: not only denied
        ("no blisters but my lips are swollen", False),  # a red flag reported
        ("no fever but the redness is spreading", False),
        ("I have blisters", False),
        ("hello", False),  # nothing named
        ("no fever, just a bad headache and stiff neck", False),  # more than a denial: urgent advice stays
        ("no blisters but I'm bleeding a lot", False),
        ("no fever and bleeding a lot", False),  # a joining word could add a sign no pattern knows
        ("nope, no fever", True),
        ("no fever at all, none whatsoever, really", False),  # longer than denial_max_words
        ("no fever, no blisters, no swelling, not spreading", False),  # only denials, but longer than that too
        ("no wheeze", True),  # a sign no screening question names: denied by its safety pattern
        ("not wheezing", True),
        ("I'm wheezing", False),  # the same sign reported
        ("no fever, also no blisters", False),  # a joining word opening a clause still keeps the urgent advice
        ("tak demam, juga tak bengkak", False),
    ],
)
def test_only_denied_red_flags(text, denied):
    assert only_denied(CONTENT, text) is denied
