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
    (
        "stress reverse item not a stress item",
        _set("stress", "reverse", value=["stress_confident", "sleep_quality"]),
        "stress.reverse[1]: 'sleep_quality' is not one of stress.items",
    ),
    ("factors as one mapping", _set("factors", value={"factor": "low_fibre"}), "factors: must be a list, got dict"),
    ("factor name a number", _set("factors", 0, "factor", value=3), "factors[0].factor: must be a string, got int"),
    ("factor without when", _drop("factors", 0, "when"), "factors[0].when: missing"),
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
        "value misspelt inside any",
        _set("acne", "bands", 0, "when", "any", 1, "in", value=["yess"]),
        "acne.bands[0].when.any[1].in[0]: unknown value 'yess' for acne_scarring",
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
