"""Fails when the held-out NLU test's weighted intent F1 is below the bar; prints the worst intents.

With --reviewed, the run also covered the held-out share of messages staff labelled in the console
(tests/data/reviewed_nlu_heldout.yml, evaluated together with tests/test_nlu.yml): their F1 is
printed apart, from the per-message results (`rasa test nlu --successes`), and the bar stays on the
hand-written set. With --history, each run's figures are kept (results/, never committed) and the
previous run's are printed beside them: the F1 before and after a retrain with new labels.

Beside the weighted bar, --floor INTENT=F1 (repeatable) sets a minimum for one intent: a weighted
average can hide one intent collapsing (self_harm, stop, affirm, deny, inform matter most). An intent
with a floor but no held-out example fails too: a floor nothing measures proves nothing."""

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import yaml


def weighted_f1(pairs) -> float:
    """Weighted-average F1 over the true labels of (true, predicted) pairs, as Rasa's report computes it."""
    from sklearn.metrics import f1_score

    if not pairs:
        return float("nan")
    truth, predicted = zip(*pairs, strict=True)
    return float(f1_score(truth, predicted, average="weighted", labels=sorted(set(truth)), zero_division=0))


def reviewed_texts(path: Path) -> set:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        line.strip()[2:].strip()
        for item in data.get("nlu") or []
        if "intent" in item
        for line in str(item["examples"]).splitlines()
        if line.strip().startswith("- ")
    }


def per_message(results_dir: Path) -> list:
    rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = results_dir / name
        if path.exists():
            for row in json.loads(path.read_text(encoding="utf-8")):
                rows.append((row["text"], row["intent"], (row.get("intent_prediction") or {}).get("name")))
    return rows


def parse_floor(text: str) -> tuple:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected INTENT=F1, got {text!r}")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected INTENT=F1, got {text!r}") from None


def per_intent_f1(pairs) -> dict:
    """intent -> F1 over (true, predicted) pairs, for every intent in the true labels."""
    from sklearn.metrics import f1_score

    labels = sorted({t for t, _ in pairs})
    if not labels:
        return {}
    truth, predicted = zip(*pairs, strict=True)
    scores = f1_score(truth, predicted, average=None, labels=labels, zero_division=0)
    return {label: float(score) for label, score in zip(labels, scores, strict=True)}


def floor_failures(per_intent: dict, floors) -> list:
    """Messages for each intent under its floor, or with no held-out example."""
    failures = []
    for name, floor in floors:
        if name not in per_intent:
            failures.append(f"{name}: no held-out example (floor {floor:.2f})")
        elif per_intent[name] < floor:
            failures.append(f"{name}: F1 {per_intent[name]:.3f} below its floor {floor:.2f}")
    return failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", help="results/nlu/intent_report.json from `rasa test nlu`")
    parser.add_argument("--min", type=float, default=0.90)
    parser.add_argument(
        "--floor",
        type=parse_floor,
        action="append",
        default=[],
        metavar="INTENT=F1",
        help="minimum F1 of one intent (repeatable)",
    )
    parser.add_argument("--reviewed", type=Path, help="the held-out file of labelled real messages")
    parser.add_argument("--history", type=Path, help="a JSON file keeping each run's figures")
    parser.add_argument("--model", type=Path, help="the model tested (its time is kept with the figures)")
    args = parser.parse_args(argv)
    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    f1 = report["weighted avg"]["f1-score"]
    figures = {"all": f1}
    curated = None
    if args.reviewed is not None:
        reviewed = reviewed_texts(args.reviewed)
        rows = per_message(Path(args.report).parent)
        curated = [(t, p) for text, t, p in rows if text not in reviewed]
        real = [(t, p) for text, t, p in rows if text in reviewed]
        if curated:
            f1 = weighted_f1(curated)
        figures.update(curated=f1, reviewed=weighted_f1(real) if real else None, reviewed_n=len(real))
    per_intent = {
        name: scores["f1-score"]
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and name not in ("micro avg", "macro avg", "weighted avg")
    }
    if curated:  # the floors, like the bar, hold on the hand-written set
        per_intent = per_intent_f1(curated)
    worst = sorted(per_intent.items(), key=lambda item: item[1])[:5]
    print(f"Held-out NLU intent F1 (weighted): {f1:.3f}  (minimum {args.min:.2f})")
    if args.reviewed is not None:
        n = figures["reviewed_n"]
        shown = f"{figures['reviewed']:.3f}" if n else "no examples yet"
        print(f"Held-out real messages labelled in the console ({args.reviewed}): F1 {shown} over {n} messages")
    print("Lowest intents: " + ", ".join(f"{name} {score:.2f}" for name, score in worst))
    if args.history is not None:
        _history(args.history, figures, args.model)
    failures = floor_failures(per_intent, args.floor)
    if args.floor:
        print(
            "Per-intent floors: "
            + ", ".join(
                f"{name} {per_intent.get(name, float('nan')):.3f} (>= {floor:.2f})" for name, floor in args.floor
            )
        )
    for failure in failures:
        print(f"FAIL {failure}")
    return 0 if f1 >= args.min and not failures else 1


def _history(path: Path, figures: dict, model) -> None:
    runs = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    model_time = None
    if model is not None and Path(model).exists():
        model_time = dt.datetime.fromtimestamp(os.path.getmtime(model), dt.timezone.utc).isoformat(timespec="seconds")
    now = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "model": model_time, **figures}
    previous = next((r for r in reversed(runs) if r.get("model") != model_time), None)
    if previous is None:
        print("F1 before this model: no earlier run recorded in " + str(path))
    else:

        def show(run, key):
            value = run.get(key)
            return "—" if value is None else f"{value:.3f}"

        before = show(previous, "curated" if "curated" in previous else "all")
        print(
            f"F1 before (model of {previous.get('model')}): held-out {before}, "
            f"real messages {show(previous, 'reviewed')} ({previous.get('reviewed_n', 0)})"
        )
        print(
            f"F1 now    (model of {model_time}): held-out {show(now, 'curated' if 'curated' in now else 'all')}, "
            f"real messages {show(now, 'reviewed')} ({now.get('reviewed_n', 0)})"
        )
    runs.append(now)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(runs[-50:], indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
