"""A redis-server for the lock store: throw-away (no persistence) on a loopback port."""

import shutil
from pathlib import Path

from .process import Stack


def start_redis(stack: Stack, port: int, name: str = "redis") -> str:
    """Starts redis-server in `stack` and returns its tcp:// address."""
    server = shutil.which("redis-server")
    if not server:
        raise RuntimeError("redis-server is not installed (scripts/system-packages installs it as root)")
    health = f"tcp://127.0.0.1:{port}"
    stack.start(
        name,
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(Path(stack.workdir)),
        ],
        health,
        timeout=15,
        url=health,
    )
    return health


def lock_store_env(port: int, db: int = 1) -> dict[str, str]:
    """What endpoints.yml needs for the Redis lock store (several Rasa processes on one database)."""
    return {"LOCK_STORE_TYPE": "redis", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(port), "REDIS_DB": str(db)}


class RedisServer:
    """A standalone throw-away redis-server on a free port (tests, bench): `.port`, `.stop()`."""

    def __init__(self, workdir: Path):
        import os

        from .config import free_port

        self.stack = Stack(workdir=Path(workdir), env=dict(os.environ))
        self.port = free_port()
        start_redis(self.stack, self.port)

    def stop(self) -> None:
        self.stack.stop()


def throwaway_redis(workdir: Path) -> RedisServer:
    return RedisServer(workdir)


def several_processes_env(workers: int, redis: RedisServer, db: int = 1) -> dict[str, str]:
    """Rasa as `workers` processes on one port (Sanic workers) with the Redis lock store."""
    # each worker parses its own typed text: with a process per core, an NLU process would only compete
    return {"SANIC_WORKERS": str(workers), "NLU_PROCESS": "0", **lock_store_env(redis.port, db)}
