"""Fixture scope for the engine's loaded content and branches: once per test module, except while mutmut maps
tests to the functions they reach.

mutmut 3 runs the tests once with MUTANT_UNDER_TEST=stats and records, per test, which engine functions it
called; later a mutant is checked only by the tests recorded for its function. A module-scoped fixture loads the
content during the first test of a module, so every loading function (safety.build_index,
answer_parsing.build_index, branches.load_branches...) was credited to that one test, and a mutant there was
checked by one test instead of the whole module: it survived although the module's other tests kill it. With
function scope during that mapping run only, every test that uses the content is recorded as reaching the
loaders (about 0.1 s more per test, once), and the ordinary runs keep module scope.
"""

from __future__ import annotations

import os

import pytest


def content_scope(fixture_name: str, config: pytest.Config) -> str:
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"
