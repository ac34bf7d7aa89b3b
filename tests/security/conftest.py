"""The `secure_stack` fixture lives in tests/support/secure_stack.py (a plugin, so the widget's
browser tests use the same stack); its settings are re-exported here for the tests."""

from tests.support.secure_stack import ACTION_TOKEN, PER_IP, PER_SENDER  # noqa: F401
