"""Kill rate per module and overall from `mutmut results --all true` (read on stdin), as `make mutmut` prints it.

    .venv/bin/mutmut results --all true | python scripts/mutmut_summary.py [--min 0.90] [--group decisions]

Killed counts as caught; a timeout is listed apart (a mutant that made the tests loop, or a survivor that ran past
mutmut's CPU limit) and not counted as caught. "not checked" mutants (a run stopped early, or scoped with
MUTANTS=...) are left out of the rate and shown, so a partial run never reads as a full one.
With --group decisions the engine's decision functions and its content validation are counted apart
(validation: the functions that check the YAML at start-up). Exit status 1 when --min is given and not reached.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict

LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+)__mutmut_\d+: (?P<status>.+?)\s*$")
# Functions that check content at start-up (their mutants change error messages and checks, not answers).
VALIDATION = re.compile(r"\.x_(validate\w*|check_\w+|_check_\w+|_load_branch|load_branches)$")


def summarise(lines: list[str], group: bool) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        found = LINE.match(line)
        if not found:
            continue
        function = found["name"]
        module = function.rsplit(".", 1)[0]
        if group:
            module += " (validation)" if VALIDATION.search(function) else " (decisions)"
        counts[module][found["status"]] += 1
    return counts


def rate(counter: Counter[str]) -> float | None:
    checked = sum(n for status, n in counter.items() if status != "not checked")
    return counter["killed"] / checked if checked else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min", type=float, default=None, help="fail below this kill rate (0-1)")
    parser.add_argument("--group", choices=["module", "decisions"], default="module")
    args = parser.parse_args()
    counts = summarise(sys.stdin.read().splitlines(), args.group == "decisions")
    total: Counter[str] = Counter()
    heads = ("mutants", "killed", "survived", "timeout", "no tests", "unchecked")
    print(f"{'module':45} " + " ".join(f"{h:>{max(len(h), 6)}}" for h in heads) + "  rate")
    for module, counter in sorted(counts.items()):
        total += counter
        _row(module, counter)
    _row("all", total)
    overall = rate(total)
    if args.min is not None and (overall is None or overall < args.min):
        print(f"kill rate below {args.min:.0%}")
        return 1
    return 0


def _row(name: str, counter: Counter[str]) -> None:
    share = rate(counter)
    print(
        f"{name:45} {sum(counter.values()):7} {counter['killed']:6} {counter['survived']:8} {counter['timeout']:7} "
        f"{counter['no tests']:8} {counter['not checked']:9}  {'-' if share is None else f'{share:.1%}'}"
    )


if __name__ == "__main__":
    sys.exit(main())
