"""Starts the real assistant for end-to-end tests: action server, Rasa server and the demo page,
each a subprocess on a free loopback port, sharing a throw-away SQLite database."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} process exited early; log tail:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout}s; log tail:\n{log.read_text()[-4000:]}")


def base_env() -> Dict[str, str]:
    """This process's environment plus the embedded defaults (config/defaults.env) it does not set,
    as `make` gives them to the servers."""
    env = dict(os.environ)
    for line in (ROOT / "config" / "defaults.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env.setdefault(key, value)
    return env


@dataclass
class Redis:
    proc: subprocess.Popen
    port: int

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_redis(workdir: Path) -> Redis:
    """A throw-away redis-server (no persistence) on a free loopback port: the lock store that lets
    several Rasa processes share conversations."""
    server = shutil.which("redis-server")
    if not server:
        raise RuntimeError("redis-server is not installed (apt install redis-server; .ci/run installs it)")
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return Redis(proc, port)
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("redis-server did not start")


def several_processes_env(workers: int, redis: Redis, db: int = 1) -> Dict[str, str]:
    """Rasa as `workers` processes on one port (Sanic workers) with the Redis lock store."""
    return {"SANIC_WORKERS": str(workers), "LOCK_STORE_TYPE": "redis", "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis.port), "REDIS_DB": str(db)}


@dataclass
class Stack:
    workdir: Path
    env: Dict[str, str]
    rasa_url: str = ""
    action_url: str = ""
    web_url: str = ""
    procs: List[subprocess.Popen] = field(default_factory=list)

    def start(self, name: str, args: List[str], health: str, timeout: float = 180,
              cwd: Optional[Path] = None) -> None:
        log = self.workdir / f"{name}.log"
        handle = open(log, "w")
        proc = subprocess.Popen(args, cwd=cwd or ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        wait_for(health, timeout, proc, log)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def post(self, path: str, payload: dict, headers: Optional[dict] = None, timeout: float = 30):
        request = urllib.request.Request(
            self.rasa_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")


def launch(workdir: Path, extra_env: Optional[Dict[str, str]] = None, with_web: bool = True,
           credentials: str = "credentials.dev.yml", rasa_command: Optional[List[str]] = None) -> Stack:
    """`with_web=False` skips the demo page (the latency benchmark needs only Rasa and actions);
    `credentials` picks the channels file (default: the widget and the dev REST channel the benchmark
    uses; tests/conftest.py serves every channel);
    `rasa_command` replaces the `rasa` executable (the benchmark's what-if runs)."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` first")
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = base_env()
    db_file = workdir / "e2e.sqlite3"
    env.update(
        DB_DIALECT="sqlite",
        DB_NAME=str(db_file),
        DB_URL=f"sqlite:///{db_file}",
        ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook",
        WEB_PORT=str(web_port),
        RASA_PUBLIC_URL=f"http://127.0.0.1:{rasa_port}",
        WEB_ALLOWED_ORIGINS=f"http://127.0.0.1:{web_port}",
        LOCK_STORE_TYPE="in_memory",
        TF_CPP_MIN_LOG_LEVEL="3",
        # Tests and the benchmark send far faster than a person; the rate-limit tests set their own.
        RATE_LIMIT_PER_SENDER="1000000",
        RATE_LIMIT_PER_IP="1000000",
        RATE_LIMIT_PER_PROVIDER_IP="1000000",
    )
    env.update(extra_env or {})
    stack = Stack(workdir=workdir, env=env)
    try:
        stack.start("actions", [sys.executable, "-m", "actions.server", "--port", str(action_port)],
                    f"http://127.0.0.1:{action_port}/health", timeout=60)
        stack.action_url = f"http://127.0.0.1:{action_port}"
        stack.start(
            "rasa",
            [*(rasa_command or [sys.executable, "-m", "rasa_speedups"]), "run", "--port", str(rasa_port), "--model", str(MODEL),
             "--credentials", credentials, "--endpoints", "endpoints.yml",
             "--cors", env["WEB_ALLOWED_ORIGINS"]],
            f"http://127.0.0.1:{rasa_port}/",
        )
        stack.rasa_url = f"http://127.0.0.1:{rasa_port}"
        if with_web and (ROOT / "web" / "serve.py").exists():
            stack.start("web", [sys.executable, "web/serve.py"], f"http://127.0.0.1:{web_port}/", timeout=30)
            stack.web_url = f"http://127.0.0.1:{web_port}"
    except Exception:
        stack.stop()
        raise
    return stack
