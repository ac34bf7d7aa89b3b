"""Mutation testing of the clinic's rules: change one threshold or drop one listed value or phrase in
content/scoring.yml and content/safety.yml, run the engine tests, and count how many changes they catch.

mutmut (make mutmut) changes the engine's code; this changes its content. A test generated from the
content moves with it, so only tests with the expected values written out can catch a threshold that
moved ("high stress from 8" becoming 9) or a phrase that disappeared ("wheeze"). Every change is made
in a temporary copy of the project; the working tree is never touched.

    python scripts/mutate_content.py            # all mutants, summary and survivors
    python scripts/mutate_content.py --list     # only list the mutants
Exit status 1 when the share of caught mutants is below --min (default 0.90).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY = (
    "skincheck",
    "content",
    "tests",
    "pytest.ini",
    "actions",
    "channels",
    "storage",
    "config",
    "domain",
    "launcher",
    "devtools",
    "rasa_speedups",
    "rasa_hardening",
    "docs",
)
TESTS = (  # the tests with the expected values written out (the ones that can catch a changed content value)
    "tests/unit/test_clinical_oracles.py",
    "tests/unit/test_safety_examples.py",
    "tests/unit/test_scoring.py",
)
# Per mutated file, the test most likely to catch it runs first (pytest -x stops at the first failure): the
# hand-written example of every safety phrase for safety.yml, the clinical oracles for scoring.yml.
FIRST = {"safety.yml": "tests/unit/test_safety_examples.py", "scoring.yml": "tests/unit/test_clinical_oracles.py"}
NUMBER_KEYS = ("at_least", "from", "min_answered_for_band", "min_answered_for_all_clear")


@dataclass(frozen=True)
class Mutant:
    file: str  # content file name, e.g. "scoring.yml"
    line: int  # 1-based line changed
    before: str
    after: str
    what: str

    def apply(self, text: str) -> str:
        lines = text.split("\n")
        assert lines[self.line - 1] == self.before
        lines[self.line - 1] = self.after
        return "\n".join(lines)


def _number_mutants(file: str, lines: list[str]) -> Iterator[Mutant]:
    pattern = re.compile(rf"\b({'|'.join(NUMBER_KEYS)}): (\d+)")
    for i, line in enumerate(lines, 1):
        code = line.split("#")[0]
        for found in pattern.finditer(code):
            value = int(found.group(2))
            for new in (value - 1, value + 1):
                if new < 0:
                    continue
                after = code[: found.start(2)] + str(new) + code[found.end(2) :] + line[len(code) :]
                yield Mutant(file, i, line, after, f"{found.group(1)} {value} -> {new}")


def _item_score_mutants(file: str, lines: list[str]) -> Iterator[Mutant]:
    for i, line in enumerate(lines, 1):
        if "item_scores:" not in line:
            continue
        for found in re.finditer(r"(\w+): (\d+)", line.split("item_scores:")[1]):
            offset = line.index("item_scores:") + len("item_scores:")
            start, end = offset + found.start(2), offset + found.end(2)
            value = int(found.group(2))
            new = value + 1 if value == 0 else value - 1
            yield Mutant(
                file, i, line, line[:start] + str(new) + line[end:], f"item score {found.group(1)} {value} -> {new}"
            )


def _list_value_mutants(file: str, lines: list[str]) -> Iterator[Mutant]:
    """Drop one value from each inline `in: [...]` list that has more than one."""
    for i, line in enumerate(lines, 1):
        for found in re.finditer(r"\bin: \[([^\]]*)\]", line):
            values = [v.strip() for v in found.group(1).split(",")]
            if len(values) < 2:
                continue
            for k, value in enumerate(values):
                rest = ", ".join(values[:k] + values[k + 1 :])
                after = line[: found.start(1)] + rest + line[found.end(1) :]
                yield Mutant(file, i, line, after, f"drop {value} from in: [{found.group(1)}]")


def _split_top(pattern: str) -> list[str]:
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if escaped:
            current, escaped = current + ch, False
            continue
        if ch == "\\":
            current, escaped = current + ch, True
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _phrase_mutants(file: str, lines: list[str]) -> Iterator[Mutant]:
    """Drop one top-level alternative from each safety pattern ("wheez\\w*" gone)."""
    for i, line in enumerate(lines, 1):
        found = re.match(r'^(\s*- ")(.*)("\s*)$', line)
        if not found:
            continue
        alternatives = _split_top(found.group(2))
        if len(alternatives) < 2:
            continue
        for k, alternative in enumerate(alternatives):
            rest = "|".join(alternatives[:k] + alternatives[k + 1 :])
            yield Mutant(file, i, line, found.group(1) + rest + found.group(3), f"drop phrase {alternative}")


def mutants(content: Path) -> list[Mutant]:
    scoring = (content / "scoring.yml").read_text(encoding="utf-8").split("\n")
    safety = (content / "safety.yml").read_text(encoding="utf-8").split("\n")
    return [
        *_number_mutants("scoring.yml", scoring),
        *_item_score_mutants("scoring.yml", scoring),
        *_list_value_mutants("scoring.yml", scoring),
        *_phrase_mutants("safety.yml", safety),
    ]


def killed(workdir: Path, mutant: Mutant, tests: tuple[str, ...]) -> bool:
    first = FIRST.get(mutant.file)
    tests = tuple(sorted(tests, key=lambda test: test != first))
    path = workdir / "content" / mutant.file
    original = path.read_text(encoding="utf-8")
    path.write_text(mutant.apply(original), encoding="utf-8")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        return run.returncode != 0
    finally:
        path.write_text(original, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--only", choices=["scoring.yml", "safety.yml"], help="mutate only this content file")
    parser.add_argument("--min", type=float, default=0.90, help="smallest share of mutants the tests must catch")
    args = parser.parse_args(argv)
    found = [m for m in mutants(ROOT / "content") if args.only in (None, m.file)]
    if args.list:
        for m in found:
            print(f"{m.file}:{m.line}: {m.what}")
        print(f"{len(found)} mutants")
        return 0
    tests = tuple(t for t in TESTS if (ROOT / t).exists())
    with tempfile.TemporaryDirectory(prefix="mutate-content-") as tmp:
        workdir = Path(tmp)
        for name in COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.exists():
                shutil.copy2(source, workdir / name)
        baseline = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        if baseline.returncode != 0:
            print(baseline.stdout[-3000:], baseline.stderr[-3000:])
            print("The tests fail before any change: fix them first.")
            return 2
        survivors = []
        for n, mutant in enumerate(found, 1):
            caught = killed(workdir, mutant, tests)
            print(
                f"[{n}/{len(found)}] {'caught ' if caught else 'SURVIVED'} {mutant.file}:{mutant.line}: {mutant.what}",
                flush=True,
            )
            if not caught:
                survivors.append(mutant)
    rate = (len(found) - len(survivors)) / len(found) if found else 1.0
    print(
        f"\nContent mutants: {len(found)}, caught {len(found) - len(survivors)}, survived {len(survivors)} "
        f"({rate:.1%} caught; minimum {args.min:.0%})"
    )
    for mutant in survivors:
        print(f"  survived: {mutant.file}:{mutant.line}: {mutant.what}")
    return 0 if rate >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
