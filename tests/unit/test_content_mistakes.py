"""A clinic editor's mistake in the rule files stops start-up with the whole message: file, key path, problem.

Each case is one plausible slip (a list written as a single value, a number quoted, a rule without its
`when`, a value misspelt) and the exact message the editor reads, so a message that loses its key path or
names the wrong block is caught (found by mutation testing: `make mutmut`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from skincheck.content import ContentError
from skincheck.loader import load_content
from skincheck.safety import only_denied

CONTENT = Path(__file__).resolve().parents[2] / "content"

Edit = Callable[[dict[str, Any]], None]


def _error(tmp_path: Path, file: str, change: Edit) -> str:
    """The start-up error after `change` is applied to one content file of a copy of the content."""
    directory = tmp_path / "content"
    shutil.copytree(CONTENT, directory)
    path = directory / f"{file}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(directory)
    return str(error.value)


def _set(*keys: Any, value: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


def _drop(*keys: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        del data[keys[-1]]

    return change


SCORING_MISTAKES = [
    # (what the editor did, change, the message's "key path: problem" after "scoring.yml: ")
    ("eczema written as a list", _set("eczema", value=["ec_itch"]), "eczema: must be a mapping, got list"),
    ("acne written as a list", _set("acne", value=["acne_lesions"]), "acne: must be a mapping, got list"),
    (
        "eczema concern misspelt",
        _set("eczema", "concerns", value=["eczma"]),
        "eczema.concerns[0]: unknown concern 'eczma'",
    ),
    ("acne concern misspelt", _set("acne", "concerns", value=["acnee"]), "acne.concerns[0]: unknown concern 'acnee'"),
    ("acne concerns removed", _drop("acne", "concerns"), "acne.concerns: missing"),
    ("eczema concerns as one word", _set("eczema", "concerns", value="eczema"), "eczema.concerns: must be a list"),
    ("eczema items as one word", _set("eczema", "items", value="ec_itch"), "eczema.items: must be a list, got str"),
    (
        "eczema item misspelt",
        _set("eczema", "items", value=["ec_itch", "ec_slep"]),
        "eczema.items[1]: unknown question 'ec_slep'",
    ),
    (
        "eczema score for an option missing",
        _drop("eczema", "item_scores", "days_7"),
        "eczema.item_scores: no score for ec_itch option 'days_7'",
    ),
    (
        "eczema score quoted",
        _set("eczema", "item_scores", "days_7", value="4"),
        "eczema.item_scores.days_7: must be a whole number",
    ),
    (
        "eczema bands as one mapping",
        _set("eczema", "bands", value={"band": "mild", "from": 3}),
        "eczema.bands: must be a list, got dict",
    ),
    ("eczema band without its name", _set("eczema", "bands", 1, value={"from": 3}), "eczema.bands[1].band: missing"),
    (
        "eczema band name a number",
        _set("eczema", "bands", 1, value={"band": 2, "from": 3}),
        "eczema.bands[1].band: must be a string, got int",
    ),
    (
        "eczema band from quoted",
        _set("eczema", "bands", 1, "from", value="3"),
        "eczema.bands[1].from: must be a number, got str",
    ),
    (
        "eczema minimum quoted",
        _set("eczema", "min_answered_for_band", value="6"),
        "eczema.min_answered_for_band: must be a number, got str",
    ),
    ("eczema item scores removed", _drop("eczema", "item_scores"), "eczema.item_scores: missing"),
    (
        "eczema item scores as a list",
        _set("eczema", "item_scores", value=["none", "mild"]),
        "eczema.item_scores: must be a mapping, got list",
    ),
    ("acne items removed", _drop("acne", "items"), "acne.items: missing"),
    ("acne items as one word", _set("acne", "items", value="acne_lesions"), "acne.items: must be a list"),
    (
        "acne item misspelt",
        _set("acne", "items", value=["acne_lesion"]),
        "acne.items[0]: unknown question 'acne_lesion'",
    ),
    (
        "acne bands as one mapping",
        _set("acne", "bands", value={"band": "mild"}),
        "acne.bands: must be a list, got dict",
    ),
    (
        "acne band name a number",
        _set("acne", "bands", 2, "band", value=1),
        "acne.bands[2].band: must be a string, got int",
    ),
    ("acne band without when", _drop("acne", "bands", 2, "when"), "acne.bands[2].when: missing"),
    (
        "acne band value misspelt",
        _set("acne", "bands", 2, "when", value={"fact": "acne_lesions", "in": ["comedone"]}),
        "acne.bands[2].when.in[0]: unknown value 'comedone' for acne_lesions",
    ),
    ("stress block removed", _drop("stress"), "stress: missing"),
    ("stress written as a list", _set("stress", value=["stress_upset"]), "stress: must be a mapping, got list"),
    (
        "stress item misspelt",
        _set("stress", "items", 1, value="stress_contrl"),
        "stress.items[1]: unknown question 'stress_contrl'",
    ),
    (
        "stress score for an option missing",
        _drop("stress", "item_scores", "sometimes"),
        "stress.item_scores: no score for stress_upset option 'sometimes'",
    ),
    (
        "stress score quoted",
        _set("stress", "item_scores", "never", value="0"),
        "stress.item_scores.never: must be a whole number",
    ),
    ("stress reverse removed", _drop("stress", "reverse"), "stress.reverse: missing"),
    ("stress reverse as one word", _set("stress", "reverse", value="stress_on_top"), "stress.reverse: must be a list"),
    (
        "stress reverse item not a stress item",
        _set("stress", "reverse", value=["stress_confident", "sleep_quality"]),
        "stress.reverse[1]: 'sleep_quality' is not one of stress.items",
    ),
    ("factors as one mapping", _set("factors", value={"factor": "low_fibre"}), "factors: must be a list, got dict"),
    ("factor name a number", _set("factors", 0, "factor", value=3), "factors[0].factor: must be a string, got int"),
    ("factor without when", _drop("factors", 0, "when"), "factors[0].when: missing"),
    (
        "factor rule written as one answer",
        _set("factors", 0, "when", value="diet_fibre"),
        "factors[0].when: must be a mapping",
    ),
    (
        "any written as one condition",
        _set("acne", "bands", 0, "when", "any", value={"fact": "acne_scarring", "in": ["yes"]}),
        "acne.bands[0].when.any: must be a list, got dict",
    ),
    (
        "factor rule without its fact",
        _set("factors", 0, "when", value={"in": ["rarely"]}),
        "factors[0].when.fact: missing",
    ),
    (
        "factor rule on a number",
        _set("factors", 0, "when", value={"fact": 3, "in": ["rarely"]}),
        "factors[0].when.fact: must be a string, got int",
    ),
    (
        "factor rule with both in and not_in",
        _set("factors", 0, "when", value={"fact": "diet_fibre", "in": ["rarely"], "not_in": ["daily"]}),
        "factors[0].when: needs exactly one of in / not_in",
    ),
    (
        "factor rule on an unknown answer",
        _set("factors", 0, "when", value={"fact": "diet_fiber", "in": ["rarely"]}),
        "factors[0].when.fact: unknown fact 'diet_fiber'",
    ),
    (
        "score rule without a number",
        _set("factors", 5, "when", value={"fact": "stress_score", "in": ["high"]}),
        "factors[5].when.at_least: missing (a number; stress_score is a score)",
    ),
    (
        "a rule on the score without a number",
        _set("factors", 0, "when", value={"fact": "score", "in": ["high"]}),
        "factors[0].when.at_least: missing (a number; score is a score)",
    ),
    (
        "value misspelt inside any",
        _set("acne", "bands", 0, "when", "any", 1, "in", value=["yess"]),
        "acne.bands[0].when.any[1].in[0]: unknown value 'yess' for acne_scarring",
    ),
    (
        "a yes left unquoted in a rule",  # YAML reads `in: [yes]` as true, which no answer equals
        _set("factors", 4, "when", "in", value=[True]),
        "factors[4].when.in[0]: must be a string (quote yes/no/on/off), got True",
    ),
    (
        "a rule's answers written as one answer",
        _set("factors", 0, "when", "in", value="rarely"),
        "factors[0].when.in: must be a list",
    ),
    ("lifestyle block removed", _drop("lifestyle"), "lifestyle: missing"),
    (
        "lifestyle written as a list",
        _set("lifestyle", value=["diet_fibre"]),
        "lifestyle: must be a mapping, got list",
    ),
    ("lifestyle questions removed", _drop("lifestyle", "questions"), "lifestyle.questions: missing"),
    (
        "lifestyle questions as one word",
        _set("lifestyle", "questions", value="diet_fibre"),
        "lifestyle.questions: must be a list",
    ),
    (
        "lifestyle minimum removed",
        _drop("lifestyle", "min_answered_for_all_clear"),
        "lifestyle.min_answered_for_all_clear: missing",
    ),
    (
        "lifestyle minimum quoted",
        _set("lifestyle", "min_answered_for_all_clear", value="8"),
        "lifestyle.min_answered_for_all_clear: must be a number, got str",
    ),
    (
        "lifestyle minimum above the questions",
        _set("lifestyle", "min_answered_for_all_clear", value=12),
        "lifestyle.min_answered_for_all_clear: must be 1..11",
    ),
    (
        "lifestyle minimum zero",
        _set("lifestyle", "min_answered_for_all_clear", value=0),
        "lifestyle.min_answered_for_all_clear: must be 1..11",
    ),
    (
        "lifestyle question misspelt",
        _set("lifestyle", "questions", 0, value="diet_fiber"),
        "lifestyle.questions[0]: unknown question 'diet_fiber'",
    ),
    # scoring.validate reads the urgency block first (its tiers are checked after, by skincheck.urgency).
    ("urgency block removed", _drop("urgency"), "urgency: missing"),
    ("urgency written as a list", _set("urgency", value=["emergency"]), "urgency: must be a mapping, got list"),
    (
        "see-doctor reasons as one mapping",
        _set("urgency", "see_doctor", value={"reason": "x"}),
        "urgency.see_doctor: must be a list, got dict",
    ),
    (
        "see-doctor reason a number",
        _set("urgency", "see_doctor", 0, "reason", value=1),
        "urgency.see_doctor[0].reason: must be a string, got int",
    ),
    (
        "see-doctor reason without when",
        _drop("urgency", "see_doctor", 0, "when"),
        "urgency.see_doctor[0].when: missing",
    ),
]


@pytest.mark.parametrize(("mistake", "change", "message"), SCORING_MISTAKES, ids=[c[0] for c in SCORING_MISTAKES])
def test_a_scoring_mistake_names_file_key_and_problem(tmp_path: Path, mistake: str, change: Edit, message: str) -> None:
    assert _error(tmp_path, "scoring", change).endswith(f"scoring.yml: {message}"), mistake


@pytest.mark.parametrize("minimum", [1, 11])
def test_the_lifestyle_minimum_may_be_anything_from_one_to_every_lifestyle_question(
    tmp_path: Path, minimum: int
) -> None:
    """The clinic may ask for "looks good overall" after a single answer, or only after all 11 (the bounds of
    the "must be 1..11" check are allowed values)."""
    directory = tmp_path / "content"
    shutil.copytree(CONTENT, directory)
    path = directory / "scoring.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(data["lifestyle"]["questions"]) == 11
    data["lifestyle"]["min_answered_for_all_clear"] = minimum
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_content(directory).scoring["lifestyle"]["min_answered_for_all_clear"] == minimum


def test_a_denial_may_be_limited_to_a_single_word(tmp_path: Path) -> None:
    """safety.yml `denial_max_words: 1` is allowed (the bound of "a whole number, 1 or more") and honoured: a
    two-word denial ("tak demam") then keeps the red-flag path, which it leaves at the content's own limit."""
    directory = tmp_path / "content"
    shutil.copytree(CONTENT, directory)
    path = directory / "safety.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["language"]["denial_max_words"] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert not only_denied(load_content(directory), "tak demam")
    assert only_denied(load_content(CONTENT), "tak demam")


def _append(*keys: Any, value: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        for key in keys:
            data = data[key]
        data.append(value)  # type: ignore[attr-defined]

    return change


SAFETY_LANGUAGE_KEYS = (
    "clause_breakers",
    "negations_before",
    "negations_after",
    "reply_words",
    "subjects",
    "continuers",
    "denial_joiners",
)
TIERS = "['routine', 'see_doctor_today', 'emergency']"

SAFETY_MISTAKES = [
    # (what the editor did, change, the message's "key path: problem" after "safety.yml: ")
    ("language written as a list", _set("language", value=["but"]), "language: must be a mapping, got list"),
    *[(f"language.{key} removed", _drop("language", key), f"language.{key}: missing") for key in SAFETY_LANGUAGE_KEYS],
    *[
        (f"language.{key} as one word", _set("language", key, value="but"), f"language.{key}: must be a list")
        for key in SAFETY_LANGUAGE_KEYS
    ],
    ("denial_max_words removed", _drop("language", "denial_max_words"), "language.denial_max_words: missing"),
    *[
        (
            f"denial_max_words {most!r}",
            _set("language", "denial_max_words", value=most),
            "language.denial_max_words: must be a whole number, 1 or more",
        )
        for most in (0, "6", 6.5, True)
    ],
    ("messages written as a list", _set("messages", value=["call 999"]), "messages: must be a mapping, got list"),
    (
        "a message written as plain text",
        _set("messages", "mole", value="See a doctor"),
        "messages.mole: must be a mapping of language to text, e.g. {en: ...}",
    ),
    ("a message without English", _drop("messages", "mole", "en"), "messages.mole.en: missing"),
    ("rules written as a mapping", _set("rules", value={"kind": "red_flag"}), "rules: must be a list, got dict"),
    (
        "a rule's kind misspelt",
        _set("rules", 0, "kind", value="red flag"),
        "rules[0].kind: must be red_flag or self_harm",
    ),
    ("a rule's kind removed", _drop("rules", 12, "kind"), "rules[12].kind: missing"),
    ("a rule's kind a number", _set("rules", 0, "kind", value=1), "rules[0].kind: must be a string, got int"),
    (
        "a rule's level removed",
        _drop("rules", 3, "level"),
        "rules[3].level: missing: every red flag needs an urgency tier",
    ),
    ("a rule's level a number", _set("rules", 3, "level", value=2), "rules[3].level: must be a string, got int"),
    ("a rule's message key removed", _drop("rules", 0, "message_key"), "rules[0].message_key: missing"),
    (
        "a rule's message key a number",
        _set("rules", 0, "message_key", value=1),
        "rules[0].message_key: must be a string, got int",
    ),
    (
        "a rule's message key misspelt",
        _set("rules", 0, "message_key", value="emergncy"),
        "rules[0].message_key: no text under messages.emergncy",
    ),
    ("a rule's patterns removed", _drop("rules", 1, "patterns"), "rules[1].patterns: missing"),
    (
        "a rule's patterns as one phrase",
        _set("rules", 1, "patterns", value="fever"),
        "rules[1].patterns: must be a list",
    ),
    (
        "a rule's pattern not closed",
        _append("rules", 0, "patterns", value="(lips"),
        "rules[0].patterns[8]: bad regular expression: missing ), unterminated subpattern at position 0",
    ),
    ("ages written as a list", _set("ages", value=["baby"]), "ages: must be a mapping, got list"),
    ("ages without their question", _drop("ages", "slot"), "ages.slot: missing"),
    ("ages question a number", _set("ages", "slot", value=3), "ages.slot: must be a string, got int"),
    (
        "ages values as one mapping",
        _set("ages", "values", value={"value": "baby"}),
        "ages.values: must be a list, got dict",
    ),
    ("an age without its value", _drop("ages", "values", 1, "value"), "ages.values[1].value: missing"),
    (
        "an age value a number",
        _set("ages", "values", 1, "value", value=2),
        "ages.values[1].value: must be a string, got int",
    ),
    ("an age without patterns", _drop("ages", "values", 1, "patterns"), "ages.values[1].patterns: missing"),
    (
        "an age pattern not closed",
        _set("ages", "values", 1, "patterns", value=["my (child"]),
        "ages.values[1].patterns[0]: bad regular expression: missing ), unterminated subpattern at position 3",
    ),
    # Checked against scoring.yml and questions.yml: the typed-text screen and the questions agree.
    (
        "self-harm at an emergency tier",
        _set("rules", 7, "level", value="emergency"),
        "rules[7].level: self-harm rules are at level crisis",
    ),
    (
        "a red flag at an unknown tier",
        _set("rules", 0, "level", value="urgent"),
        f"rules[0].level: unknown tier 'urgent'; use one of {TIERS}",
    ),
    (
        "a red flag at tier none",
        _set("rules", 12, "level", value="none"),
        f"rules[12].level: unknown tier 'none'; use one of {TIERS}",
    ),
    ("a red flag without its question", _drop("rules", 0, "question"), "rules[0].question: missing"),
    (
        "a red flag's question a number",
        _set("rules", 0, "question", value=3),
        "rules[0].question: must be a string, got int",
    ),
    (
        "a red flag's question misspelt",
        _set("rules", 0, "question", value="rf_swelling"),
        "rules[0].question: 'rf_swelling' is not a red-flag question (scoring.yml urgency.red_flags)",
    ),
    (
        "a red flag's question not a red flag",
        _set("rules", 12, "question", value="age_group"),
        "rules[12].question: 'age_group' is not a red-flag question (scoring.yml urgency.red_flags)",
    ),
    (
        "a red flag at another tier than its question",
        _set("rules", 12, "level", value="see_doctor_today"),
        "rules[12].level: 'see_doctor_today' differs from the tier of question rf_mole ('routine')",
    ),
    (
        "the only typed rule of a question removed",
        _drop("rules", 12),
        "rules: no free-text rule for red-flag question rf_mole",
    ),
    ("ages for an unknown question", _set("ages", "slot", value="age"), "ages.slot: unknown question 'age'"),
    (
        "an age that is not an option",
        _set("ages", "values", 0, "value", value="infant"),
        "ages.values[0].value: not an option of age_group: ['adult', 'child', 'baby']",
    ),
    (
        "the second age not an option",
        _set("ages", "values", 1, "value", value="kid"),
        "ages.values[1].value: not an option of age_group: ['adult', 'child', 'baby']",
    ),
]


@pytest.mark.parametrize(("mistake", "change", "message"), SAFETY_MISTAKES, ids=[c[0] for c in SAFETY_MISTAKES])
def test_a_safety_mistake_names_file_key_and_problem(tmp_path: Path, mistake: str, change: Edit, message: str) -> None:
    assert _error(tmp_path, "safety", change).endswith(f"safety.yml: {message}"), mistake


URGENCY_LEVELS = "['none', 'routine', 'see_doctor_today', 'emergency']"
URGENCY_KEYS = ("stop_at_once", "stop_after_screen", "with_reasons", "without_reasons")

URGENCY_MISTAKES = [
    # scoring.yml `urgency`: the tiers, the red-flag questions' advice and the combinations
    ("levels removed", _drop("urgency", "levels"), "urgency.levels: missing"),
    ("levels as one word", _set("urgency", "levels", value="emergency"), "urgency.levels: must be a list"),
    *[(f"{key} removed", _drop("urgency", key), f"urgency.{key}: missing") for key in URGENCY_KEYS],
    *[
        (
            f"{key} misspelt",
            _set("urgency", key, value="emergncy"),
            f"urgency.{key}: unknown level 'emergncy'; levels are {URGENCY_LEVELS}",
        )
        for key in URGENCY_KEYS
    ],
    (
        "stop_at_once a number",
        _set("urgency", "stop_at_once", value=3),
        "urgency.stop_at_once: must be a string, got int",
    ),
    (
        "red flags as a list",
        _set("urgency", "red_flags", value=["rf_mole"]),
        "urgency.red_flags: must be a mapping, got list",
    ),
    (
        "a red flag for a misspelt question",
        _set("urgency", "red_flags", "rf_moles", value={"urgency": "routine", "advice": "mole"}),
        "urgency.red_flags.rf_moles: not a red-flag question in questions.yml",
    ),
    (
        "a red flag for an ordinary question",
        _set("urgency", "red_flags", "age_group", value={"urgency": "routine", "advice": "mole"}),
        "urgency.red_flags.age_group: not a red-flag question in questions.yml",
    ),
    (
        "a red flag without its tier",
        _drop("urgency", "red_flags", "rf_mole", "urgency"),
        "urgency.red_flags.rf_mole.urgency: missing: every red flag needs an urgency tier",
    ),
    (
        "a red flag written as its tier alone",
        _set("urgency", "red_flags", "rf_mole", value="routine"),
        "urgency.red_flags.rf_mole.urgency: missing: every red flag needs an urgency tier",
    ),
    (
        "a red flag at an unknown tier",
        _set("urgency", "red_flags", "rf_mole", "urgency", value="soon"),
        f"urgency.red_flags.rf_mole.urgency: unknown tier 'soon'; use one of {TIERS}",
    ),
    (
        "a red flag at tier none",
        _set("urgency", "red_flags", "rf_mole", "urgency", value="none"),
        f"urgency.red_flags.rf_mole.urgency: unknown tier 'none'; use one of {TIERS}",
    ),
    (
        "a red flag without advice",
        _drop("urgency", "red_flags", "rf_mole", "advice"),
        "urgency.red_flags.rf_mole.advice: missing",
    ),
    (
        "a red flag's advice a number",
        _set("urgency", "red_flags", "rf_mole", "advice", value=1),
        "urgency.red_flags.rf_mole.advice: must be a string, got int",
    ),
    (
        "a red-flag question left without a tier",
        _drop("urgency", "red_flags", "rf_mole"),
        "urgency.red_flags: no urgency tier for red-flag question rf_mole",
    ),
    ("combinations removed", _drop("urgency", "combinations"), "urgency.combinations: missing"),
    (
        "combinations as one mapping",
        _set("urgency", "combinations", value={"advice": "fever_baby"}),
        "urgency.combinations: must be a list, got dict",
    ),
    (
        "a combination without when",
        _drop("urgency", "combinations", 1, "when"),
        "urgency.combinations[1].when: missing",
    ),
    (
        "a combination's age misspelt",
        _set("urgency", "combinations", 1, "when", "all", 1, "in", value=["babies"]),
        "urgency.combinations[1].when.all[1].in[0]: unknown value 'babies' for age_group",
    ),
    (
        "a combination without its tier",
        _drop("urgency", "combinations", 0, "urgency"),
        "urgency.combinations[0].urgency: missing",
    ),
    (
        "a combination's tier a number",
        _set("urgency", "combinations", 0, "urgency", value=3),
        "urgency.combinations[0].urgency: must be a string, got int",
    ),
    (
        "a combination's advice a number",
        _set("urgency", "combinations", 2, "advice", value=1),
        "urgency.combinations[2].advice: must be a string, got int",
    ),
    (
        "a combination at an unknown tier",
        _set("urgency", "combinations", 0, "urgency", value="urgent"),
        "urgency.combinations[0].urgency: unknown tier 'urgent'",
    ),
    (
        "a combination without advice",
        _drop("urgency", "combinations", 2, "advice"),
        "urgency.combinations[2].advice: missing",
    ),
    (
        "a combination's replaces as one word",
        _set("urgency", "combinations", 3, "replaces", value="fever_unwell"),
        "urgency.combinations[3].replaces: must be a list",
    ),
    (
        "a combination's replaced advice a number",
        _set("urgency", "combinations", 3, "replaces", value=[1]),
        "urgency.combinations[3].replaces[0]: must be a string (quote yes/no/on/off), got 1",
    ),
    # Every piece of urgent advice is a text in safety.yml (one source for urgent advice).
    (
        "a red flag's advice misspelt",
        _set("urgency", "red_flags", "rf_fever_unwell", "advice", value="fever"),
        "urgency.red_flags.rf_fever_unwell.advice: no text under safety.yml messages.fever",
    ),
    (
        "a combination's advice misspelt",
        _set("urgency", "combinations", 2, "advice", value="fever_weak"),
        "urgency.combinations[2].advice: no text under safety.yml messages.fever_weak",
    ),
]


@pytest.mark.parametrize(("mistake", "change", "message"), URGENCY_MISTAKES, ids=[c[0] for c in URGENCY_MISTAKES])
def test_an_urgency_mistake_names_file_key_and_problem(
    tmp_path: Path, mistake: str, change: Edit, message: str
) -> None:
    assert _error(tmp_path, "scoring", change).endswith(f"scoring.yml: {message}"), mistake


LANGUAGE_LISTS = ("fillers", "clause_breakers", "negations_before", "negations_after", "determiners")
POLARITY = ("yes", "no", "hedges", "openers")
NUMBERS = ("number_words", "quantity_words", "duration_units", "fixed_durations")

LANGUAGE_MISTAKES = [
    # questions.yml `language`: the words the typed answers are read with
    ("polarity removed", _drop("language", "polarity"), "language.polarity: missing"),
    (
        "polarity as a list",
        _set("language", "polarity", value=["yes"]),
        "language.polarity: must be a mapping, got list",
    ),
    *[
        (f"polarity {key} removed", _drop("language", "polarity", key), f"language.polarity.{key}: missing")
        for key in POLARITY
    ],
    *[
        (
            f"polarity {key} as one word",
            _set("language", "polarity", key, value="ok"),
            f"language.polarity.{key}: must be a list",
        )
        for key in POLARITY
    ],
    *[(f"{key} removed", _drop("language", key), f"language.{key}: missing") for key in LANGUAGE_LISTS],
    *[
        (f"{key} as one word", _set("language", key, value="my"), f"language.{key}: must be a list")
        for key in LANGUAGE_LISTS
    ],
    ("question cues removed", _drop("language", "question_cues"), "language.question_cues: missing"),
    (
        "question cues as a list",
        _set("language", "question_cues", value=["what"]),
        "language.question_cues: must be a mapping, got list",
    ),
    *[
        (
            f"question cues {key} removed",
            _drop("language", "question_cues", key),
            f"language.question_cues.{key}: missing",
        )
        for key in ("starts", "ends")
    ],
    *[
        (
            f"question cues {key} as one word",
            _set("language", "question_cues", key, value="what"),
            f"language.question_cues.{key}: must be a list",
        )
        for key in ("starts", "ends")
    ],
    *[(f"{key} removed", _drop("language", key), f"language.{key}: missing") for key in NUMBERS],
    *[
        (f"{key} as a list", _set("language", key, value=["one"]), f"language.{key}: must be a mapping, got list")
        for key in NUMBERS
    ],
    *[
        (
            f"{key} with a number quoted",
            _set("language", key, "few", value="3"),
            f"language.{key}.few: must be a number",
        )
        for key in NUMBERS
    ],
    (
        "a number word set to yes",
        _set("language", "number_words", "ten", value=True),
        "language.number_words.ten: must be a number",
    ),
    ("almost removed", _drop("language", "frequency", "almost"), "language.frequency.almost: missing"),
    (
        "almost words as one word",
        _set("language", "frequency", "almost", "words", value="almost"),
        "language.frequency.almost.words: must be a list",
    ),
    *[
        (
            f"almost share {share!r}",
            _set("language", "frequency", "almost", "share", value=share),
            "language.frequency.almost.share: must be a number between 0 and 1 (of the period's rate)",
        )
        for share in (0, 1, 1.5, "0.8", True)
    ],
    (
        "bare number in an unknown unit",
        _set("questions", "age_group", "bare_number", "unit", value="decades"),
        "questions.age_group.bare_number.unit: must be one of language.duration_units",
    ),
    *[
        (
            f"bare number at least {at_least!r}",
            _set("questions", "age_group", "bare_number", "at_least", value=at_least),
            "questions.age_group.bare_number.at_least: must be a number, 0 or more",
        )
        for at_least in (-1, "3", None, False)
    ],
    (
        "bare number written as a unit only",
        _set("questions", "age_group", "bare_number", value="years"),
        "questions.age_group.bare_number.unit: must be one of language.duration_units",
    ),
    (
        "bare number on a choice question",
        _set("questions", "concern", "bare_number", value={"unit": "years", "at_least": 3}),
        "questions.concern.bare_number: only for a question of kind: duration",
    ),
    *[
        (
            f"named together {together!r}",
            _set("questions", "probiotic_use", "options", 2, "named_together", value=together),
            "questions.probiotic_use.options[2].named_together: must list two or more of the question's other"
            " option values",
        )
        for together in (["supplement"], ["supplement", "supplement"], ["supplement", "both"], ["pills", "food"], "x")
    ],
    ("fuzzy edits removed", _drop("language", "fuzzy_edits"), "language.fuzzy_edits: missing"),
    (
        "fuzzy edits as one rule",
        _set("language", "fuzzy_edits", value={5: 1}),
        "language.fuzzy_edits: must be a list, got dict",
    ),
    *[
        (
            f"fuzzy edit {rule!r}",
            _set("language", "fuzzy_edits", 1, value=rule),
            "language.fuzzy_edits[1]: must be [min_length, edits]",
        )
        for rule in ([9], [9, 2, 1], "9, 2", [9, "2"], ["9", 2], [9, 2.5])
    ],
]


@pytest.mark.parametrize(("mistake", "change", "message"), LANGUAGE_MISTAKES, ids=[c[0] for c in LANGUAGE_MISTAKES])
def test_a_language_mistake_names_file_key_and_problem(
    tmp_path: Path, mistake: str, change: Edit, message: str
) -> None:
    assert _error(tmp_path, "questions", change).endswith(f"questions.yml: {message}"), mistake
