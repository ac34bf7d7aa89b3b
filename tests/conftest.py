"""Shared fixtures. `live_stack` starts the real assistant once per test session."""
import uuid

import pytest

from tests.support.stack import launch


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory):
    stack = launch(tmp_path_factory.mktemp("live"))
    yield stack
    stack.stop()


@pytest.fixture
def sender_id() -> str:
    return str(uuid.uuid4())
