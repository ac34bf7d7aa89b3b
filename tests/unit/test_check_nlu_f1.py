"""scripts/check_nlu_f1.py: the weighted bar and the per-intent floors beside it."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_nlu_f1", ROOT / "scripts" / "check_nlu_f1.py")
check = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = check
spec.loader.exec_module(check)


def report(tmp_path, per_intent: dict, weighted: float) -> str:
    data = {name: {"precision": f1, "recall": f1, "f1-score": f1, "support": 10} for name, f1 in per_intent.items()}
    data["weighted avg"] = {"precision": weighted, "recall": weighted, "f1-score": weighted, "support": 50}
    data["accuracy"] = weighted
    path = tmp_path / "intent_report.json"
    path.write_text(json.dumps(data))
    return str(path)


GOOD = {"self_harm": 1.0, "stop": 0.97, "affirm": 0.95, "deny": 0.96, "inform": 0.93, "greet": 0.99}
FLOORS = [
    "--floor",
    "self_harm=0.95",
    "--floor",
    "stop=0.90",
    "--floor",
    "affirm=0.90",
    "--floor",
    "deny=0.90",
    "--floor",
    "inform=0.90",
]


def test_floors_met_pass(tmp_path, capsys):
    assert check.main([report(tmp_path, GOOD, 0.96), "--min", "0.90", *FLOORS]) == 0
    assert "self_harm 1.000 (>= 0.95)" in capsys.readouterr().out


def test_one_intent_under_its_floor_fails_although_the_average_passes(tmp_path, capsys):
    per_intent = dict(GOOD, self_harm=0.80)
    assert check.main([report(tmp_path, per_intent, 0.95), "--min", "0.90", *FLOORS]) == 1
    assert "FAIL self_harm: F1 0.800 below its floor 0.95" in capsys.readouterr().out


def test_an_intent_with_a_floor_but_no_example_fails(tmp_path, capsys):
    per_intent = {k: v for k, v in GOOD.items() if k != "deny"}
    assert check.main([report(tmp_path, per_intent, 0.96), *FLOORS]) == 1
    assert "FAIL deny: no held-out example" in capsys.readouterr().out


def test_the_weighted_bar_still_applies(tmp_path):
    assert check.main([report(tmp_path, GOOD, 0.85), "--min", "0.90", *FLOORS]) == 1


@pytest.mark.parametrize("bad", ["self_harm", "=0.9", "self_harm=high"])
def test_a_malformed_floor_is_refused(tmp_path, bad):
    with pytest.raises(SystemExit):
        check.main([report(tmp_path, GOOD, 0.96), "--floor", bad])


def test_per_intent_f1_from_message_pairs():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "c")]
    scores = check.per_intent_f1(pairs)
    assert scores["c"] == 1.0 and scores["a"] == pytest.approx(2 / 3) and scores["b"] == pytest.approx(2 / 3)
