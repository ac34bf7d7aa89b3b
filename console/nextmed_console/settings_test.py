"""Test settings: the normal settings with a throw-away key (tests never run with DEBUG on)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-not-secret")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests only
# No sync margin surprises in tests: they assert exact incremental behaviour.
SUMMARY_SYNC_REPLAY_IDS = 1000
