"""The tests start the assistant with the product's launcher (launcher/, as `make run` does), on free
loopback ports with a throw-away SQLite database. Kept as a thin alias for existing imports."""

from launcher.config import MODEL, ROOT, VENV_BIN, base_env, free_port  # noqa: F401
from launcher.dev import launch  # noqa: F401
from launcher.process import Stack  # noqa: F401
from launcher.redis import several_processes_env  # noqa: F401
from launcher.redis import throwaway_redis as start_redis  # noqa: F401
