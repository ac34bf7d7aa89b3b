"""Shared fixtures. `live_stack` starts the real assistant once per test session, with every
channel enabled (credentials.test.yml): WhatsApp talks to a fake Graph API on loopback, Twilio to nothing (its tests
only check signatures)."""

import uuid

import pytest

from launcher.dev import launch

pytest_plugins = ["tests.channels.fake_graph", "tests.support.secure_stack", "devtools.no_skips"]

FAKE_TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+60300000000",
}


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory, whatsapp_fake_graph):
    env = {**whatsapp_fake_graph.env, **FAKE_TWILIO}
    stack = launch(tmp_path_factory.mktemp("live"), extra_env=env, credentials="credentials.test.yml")
    yield stack
    stack.stop()


@pytest.fixture
def sender_id() -> str:
    return str(uuid.uuid4())
