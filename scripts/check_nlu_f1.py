"""Fails when the held-out NLU test's weighted intent F1 is below the bar; prints the worst intents."""
import argparse
import json
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", help="results/nlu/intent_report.json from `rasa test nlu`")
    parser.add_argument("--min", type=float, default=0.90)
    args = parser.parse_args(argv)
    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    f1 = report["weighted avg"]["f1-score"]
    per_intent = {
        name: scores["f1-score"]
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and name not in ("micro avg", "macro avg", "weighted avg")
    }
    worst = sorted(per_intent.items(), key=lambda item: item[1])[:5]
    print(f"Held-out NLU intent F1 (weighted): {f1:.3f}  (minimum {args.min:.2f})")
    print("Lowest intents: " + ", ".join(f"{name} {score:.2f}" for name, score in worst))
    return 0 if f1 >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
