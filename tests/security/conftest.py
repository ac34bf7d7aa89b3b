"""`secure_stack`: the real Rasa and action servers configured as exposed in production: the
action server demands ACTION_SERVER_TOKEN, rate limits are low enough to reach, every channel is
on (WhatsApp against the local fake Graph API). Tests here that stop and restart the action server
use this stack, never the shared `live_stack`."""

import secrets

import pytest

from tests.conftest import FAKE_TWILIO
from tests.support.stack import launch

ACTION_TOKEN = secrets.token_urlsafe(24)
PER_SENDER, PER_IP = 5, 12
SECURE_ENV = {
    "ACTION_SERVER_TOKEN": ACTION_TOKEN,
    "ACTION_TIMEOUT_SECONDS": "10",
    # Low enough to reach in a test; 127.0.0.1 plays our nginx, so X-Forwarded-For picks the client.
    "RATE_LIMIT_PER_SENDER": str(PER_SENDER),
    "RATE_LIMIT_PER_IP": str(PER_IP),
    "RATE_LIMIT_PER_PROVIDER_IP": "1000",
    "RATE_LIMIT_TRUSTED_PROXIES": "127.0.0.1",
}


@pytest.fixture(scope="session")
def secure_stack(tmp_path_factory, whatsapp_fake_graph):
    env = {**whatsapp_fake_graph.env, **FAKE_TWILIO, **SECURE_ENV}
    stack = launch(tmp_path_factory.mktemp("secure"), extra_env=env, with_web=False, credentials="credentials.test.yml")
    yield stack
    stack.stop()
