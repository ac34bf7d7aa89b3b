"""mutmut on some engine functions, checked with a narrow, relevant test selection, in a scratch copy.

mutmut checks a mutant with the tests that reached its function while it mapped the tests. The start-up checks
of the content files (and the answer index) run in every test that loads the content, about 620, so with the
full selection one surviving mutant took about 3 minutes. Here such a function's mutants are checked only by
the tests written for it (the content mistakes, the typed answers...). A narrower selection can only miss
kills: a mutant that only another test would kill counts as survived, so the kill rate is an under-estimate,
never an over-estimate.

mutmut reads its settings from ./pyproject.toml and works in ./mutants, so each group runs in its own copy of
the working tree, build/mutmut-<group>/, whose pyproject.toml differs from ours only in the test selection
(and git change detection, off: the copy is no repository of its own). Results for the group's functions go
to results/mutmut-<group>.txt, in `mutmut results` format, for scripts/mutmut_summary.py.

    .venv/bin/python scripts/mutmut_narrow.py checks             # every group in GROUPS, by name
    .venv/bin/python scripts/mutmut_narrow.py checks --only 'skincheck.safety.x_validate__mutmut_1*'
    .venv/bin/python scripts/mutmut_narrow.py checks --show       # only rewrite results (no run)

Each run refreshes the copy (code, tests, content); mutmut re-runs the mutants named, and for an engine function
edited since the last run it makes new mutants (results of unchanged functions are kept).
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).parent / "mutmut"
UNIT = "tests/unit/"

# group -> (tests mutmut may run, mutant name globs). A test may be a file or a pytest node id (file::test, which
# takes every parametrised case of that test).
MISTAKES = UNIT + "test_content_mistakes.py::"
GROUPS: dict[str, tuple[list[str], list[str]]] = {
    # The start-up checks of safety.yml and scoring.yml's urgency block: the content tests.
    "checks": (
        [UNIT + "test_content.py", UNIT + "test_content_mistakes.py", UNIT + "test_branch_mistakes.py"],
        [
            "skincheck.safety.x_validate__mutmut_*",
            "skincheck.safety.x__check_patterns__mutmut_*",
            "skincheck.safety.x_check_presentations__mutmut_*",
            "skincheck.urgency.x_validate__mutmut_*",
            "skincheck.urgency.x_check_advice__mutmut_*",
        ],
    ),
    # scoring.yml's checks: its editor mistakes (and the urgency block's, which scoring.validate fetches first),
    # and the content tests. Every content test reaches these functions; the other mistakes (safety.yml,
    # questions.yml's language block, branches.yml) are about 0.2 s each and cannot tell these mutants apart.
    "scoring": (
        [
            MISTAKES + "test_a_scoring_mistake_names_file_key_and_problem",
            MISTAKES + "test_an_urgency_mistake_names_file_key_and_problem",
            UNIT + "test_content.py",
        ],
        [
            "skincheck.scoring.x_check_condition__mutmut_*",
            "skincheck.scoring.x_validate__mutmut_*",
            "skincheck.scoring.x__check_items__mutmut_*",
            "skincheck.scoring.x__check_rules__mutmut_*",
        ],
    ),
    # questions.yml's language block: its editor mistakes and the content tests.
    "language": (
        [MISTAKES + "test_a_language_mistake_names_file_key_and_problem", UNIT + "test_content.py"],
        ["skincheck.answer_parsing.x_validate_language__mutmut_*"],
    ),
    # The answer index built from questions.yml: the typed-answer and question tests (about 5 s in all), and the
    # real content loading. The content mistakes stop start-up before any answer is read.
    "index": (
        [
            UNIT + "test_typed_answers.py",
            UNIT + "test_typed_answers_ms.py",
            UNIT + "test_questions.py",
            UNIT + "test_content.py::test_real_content_loads",
        ],
        ["skincheck.answer_parsing.x_build_index__mutmut_*"],
    ),
    # The answer reading changed on 12-01 (options named together, a bare number, option words inside a vague
    # frequency): read() and the functions it calls that changed or are new, with the typed-answer tests (the
    # decision runs' full selection reaches read() from about 600 tests, so one survivor took minutes).
    "reading": (
        [
            UNIT + "test_typed_answers.py",
            UNIT + "test_typed_answers_ms.py",
            UNIT + "test_questions.py",
            UNIT + "test_reviewed_answers.py",
        ],
        [
            "skincheck.answer_parsing.x_read__mutmut_*",
            "skincheck.answer_parsing.x_follow_up_value__mutmut_*",
            "skincheck.answer_parsing.x__one__mutmut_*",
            "skincheck.answer_parsing.x__option_words__mutmut_*",
            "skincheck.answer_parsing.x__bare_number_rule__mutmut_*",
            "skincheck.answer_parsing.x__from_bare_number__mutmut_*",
        ],
    ),
    # A message that only denies red-flag signs (12-01): its safety functions and the topic reading they use, with
    # the safety tests (the denial examples are in test_safety_examples.py).
    "denial": (
        [UNIT + "test_safety_examples.py", UNIT + "test_safety.py", UNIT + "test_safety_ms.py"],
        [
            "skincheck.safety.x_only_denied__mutmut_*",
            "skincheck.safety.x__denies_a_sign__mutmut_*",
            "skincheck.answer_parsing.x_red_flag_topics__mutmut_*",
        ],
    ),
    # Two small methods the safety and urgency runs left out: their modules' own tests.
    "methods": (
        [UNIT + "test_safety.py", UNIT + "test_safety_ms.py", UNIT + "test_urgency.py", UNIT + "test_assess.py"],
        ["skincheck.safety.xǁ_Ruleǁkind_is__mutmut_*", "skincheck.urgency.xǁUrgencyǁat_least__mutmut_*"],
    ),
}

SELECTION = re.compile(r"^pytest_add_cli_args_test_selection = \[.*?\]\n", re.S | re.M)


def scratch_config(tests: list[str]) -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    selection = "pytest_add_cli_args_test_selection = [" + ", ".join(f'"{t}"' for t in tests) + "]\n"
    text, count = SELECTION.subn(lambda _: selection + "use_git_change_detection = false\n", text)
    if count != 1:
        raise SystemExit("pyproject.toml: [tool.mutmut] pytest_add_cli_args_test_selection not found")
    return text


def working_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


def prepare(group: str) -> Path:
    """build/mutmut-<group>/: the working tree with the group's test selection. Files keep their times, so mutmut
    sees an engine file edited since the last run and drops the results of the functions that changed."""
    tests, _ = GROUPS[group]
    scratch = ROOT / "build" / f"mutmut-{group}"
    for name in working_files():
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (scratch / "pyproject.toml").write_text(scratch_config(tests), encoding="utf-8")
    return scratch


def listed(group: str, scratch: Path) -> list[str]:
    """`mutmut results --all true` lines of the group's mutants ("    name: status")."""
    _, globs = GROUPS[group]
    lines = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=scratch, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [line for line in lines if any(fnmatch.fnmatch(line.strip().split(":")[0], g) for g in globs)]


def results(group: str, scratch: Path) -> Path:
    out = ROOT / "results" / f"mutmut-{group}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(listed(group, scratch)) + "\n", encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="+", choices=sorted(GROUPS))
    parser.add_argument("--only", nargs="*", help="mutant names or globs instead of the group's")
    parser.add_argument("--workers", type=int, default=1, help="mutmut --max-children (at most 2 here)")
    parser.add_argument("--unfinished", action="store_true", help="only the group's mutants not killed yet")
    parser.add_argument("--show", action="store_true", help="only write the results of the last run")
    args = parser.parse_args()
    for group in args.groups:
        scratch = ROOT / "build" / f"mutmut-{group}"
        if not args.show:
            names = args.only or GROUPS[group][1]
            if args.unfinished and scratch.exists():  # e.g. after writing tests for the survivors
                names = [line.split(":")[0].strip() for line in listed(group, scratch) if not line.endswith(": killed")]
            scratch = prepare(group)
            env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
            command = ["nice", "-n", "19", str(MUTMUT), "run", "--max-children", str(args.workers), *names]
            subprocess.run(command, cwd=scratch, env=env, check=False)
        if not (scratch / "mutants").is_dir():
            print(f"{group}: no run yet in {scratch.relative_to(ROOT)}; run it without --show first", file=sys.stderr)
            return 1
        out = results(group, scratch)
        summary = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "mutmut_summary.py"), "--group", "decisions"],
            stdin=out.open(encoding="utf-8"),
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"== {group} ({out.relative_to(ROOT)})\n{summary.stdout}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
