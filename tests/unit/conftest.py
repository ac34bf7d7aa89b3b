"""mutmut support: test modules that load the content at import time must load it with the mutant active.

mutmut 3 imports the test modules once in its fork server (with no mutant active), then forks one process per
mutant and runs pytest again there. Python keeps the modules already imported, so a module-level
`CONTENT = load_content(...)` (test_safety_examples, test_clinical_oracles, test_content_boundaries: their cases
are generated from the content at collection) kept the index built by the original code, and a mutant of a
loader (safety.build_index, answer_parsing.build_index) was invisible to them. In a mutant's run the test
modules are dropped here so that pytest imports them again, after the mutant is set. Nothing changes outside
mutmut: MUTANT_UNDER_TEST is set only by mutmut.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NOT_A_MUTANT = ("", "stats", "fail", "list_all_tests")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("MUTANT_UNDER_TEST", "") in NOT_A_MUTANT:
        return
    here = Path(__file__).resolve().parent
    for name, module in list(sys.modules.items()):
        file = Path(getattr(module, "__file__", None) or "/")
        if file.name.startswith("test_") and file.resolve().parent == here:
            del sys.modules[name]
