"""Model-level tests need the trained model; without it they fail with the command that makes it
(a skipped test would count as a failure anyway, and this says why)."""

from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[2] / "models" / "nextmed.tar.gz"


@pytest.fixture(autouse=True, scope="session")
def _trained_model() -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test-live trains it first)")
