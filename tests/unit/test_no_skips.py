"""make test: a skipped test fails the pytest run unless ALLOW_PARTIAL=1 (devtools/no_skips.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_pytest(tmp_path: Path, body: str, **env) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(body)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "devtools.no_skips", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ALLOW_PARTIAL": "", **env},
    )


SKIPPING = "import pytest\ndef test_ok(): pass\ndef test_missing(): pytest.skip('no redis-server')\n"


def test_a_skipped_test_fails_the_run(tmp_path):
    result = run_pytest(tmp_path, SKIPPING)
    assert result.returncode == 1, result.stdout
    assert "skipped test counts as a failure" in result.stdout
    assert "test_missing: Skipped: no redis-server" in result.stdout


def test_allow_partial_lets_a_skip_pass(tmp_path):
    assert run_pytest(tmp_path, SKIPPING, ALLOW_PARTIAL="1").returncode == 0


def test_a_run_without_skips_passes_and_xfail_is_not_a_skip(tmp_path):
    body = "import pytest\ndef test_ok(): pass\n@pytest.mark.xfail(strict=True)\ndef test_known(): assert False\n"
    assert run_pytest(tmp_path, body).returncode == 0
