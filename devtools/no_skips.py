"""pytest plugin: a skipped test fails the run (DEVELOPERS.md: a test skipped for a missing component
counts as a failure). `ALLOW_PARTIAL=1` allows a deliberately partial run. Loaded by tests/conftest.py
and console/conftest.py, so every pytest run of `make test` (console, PostgreSQL) is covered."""

import os

_SKIPPED: list = []


def partial_allowed() -> bool:
    return os.environ.get("ALLOW_PARTIAL", "").strip().lower() in ("1", "true", "yes")


def pytest_runtest_logreport(report):
    # xfail is reported as skipped with `wasxfail`: an expected failure, not a missing component
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session, exitstatus):
    if _SKIPPED and not partial_allowed() and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _SKIPPED:
        return
    verdict = (
        "allowed by ALLOW_PARTIAL"
        if partial_allowed()
        else "FAILED: a skipped test counts as a failure "
        "(install what it needs, or set ALLOW_PARTIAL=1 for a partial run)"
    )
    terminalreporter.write_line(f"{len(_SKIPPED)} test(s) skipped, {verdict}", red=not partial_allowed(), bold=True)
    for line in _SKIPPED[:50]:
        terminalreporter.write_line(f"  SKIPPED {line}")
