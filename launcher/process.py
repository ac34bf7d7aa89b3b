"""Processes of a layout: start each with its own log file, wait until it answers, stop them all."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .config import ROOT


class StartError(RuntimeError):
    """A process exited or did not become healthy in time (the message ends with its log tail)."""


def log_tail(log: Path, chars: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def healthy(check: str) -> bool:
    """`http(s)://...`: any answer below 500. `tcp://host:port`: the port accepts connections."""
    parts = urlsplit(check)
    if parts.scheme == "tcp":
        try:
            socket.create_connection((parts.hostname, parts.port), timeout=1).close()
            return True
        except OSError:
            return False
    try:
        with urllib.request.urlopen(check, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


@dataclass
class Service:
    name: str
    proc: subprocess.Popen
    log: Path
    health: str | None
    url: str = ""
    stop_signal: int = signal.SIGTERM


@dataclass
class Stack:
    """The running processes of one layout. `rasa_url` etc. are filled in by the layout."""

    workdir: Path
    env: dict[str, str]
    log_dir: Path | None = None
    rasa_url: str = ""
    action_url: str = ""
    web_url: str = ""
    console_url: str = ""
    services: dict[str, Service] = field(default_factory=dict)
    procs: list[subprocess.Popen] = field(default_factory=list)  # start order
    extra: dict[str, object] = field(default_factory=dict)  # layout details (ports, paths)

    def __post_init__(self):
        self.log_dir = Path(self.log_dir or self.workdir)
        self.log_dir.mkdir(parents=True, exist_ok=True)

    def spawn(
        self,
        name: str,
        args: Sequence[str],
        health: str | None = None,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        url: str = "",
        user: str | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> Service:
        """Starts a process without waiting for it. `user` runs it as that account (PostgreSQL, which
        refuses root); `stop_signal` is what stop() sends first (PostgreSQL: SIGINT, a fast shutdown)."""
        log = self.log_dir / f"{name}.log"
        with open(log, "ab") as handle:  # the child keeps its own copy of the descriptor
            run_env = {**self.env, **(env or {})}
            # own process group: stop() signals the process and any children it forks (gunicorn, Sanic)
            proc = subprocess.Popen(
                list(map(str, args)),
                cwd=cwd or ROOT,
                env=run_env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                user=user,
                group=_group(user),
            )
        service = Service(name, proc, log, health, url, stop_signal)
        self.services[name] = service
        self.procs.append(proc)
        return service

    def wait_healthy(self, names: Sequence[str], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        waiting = [self.services[n] for n in names]
        while waiting:
            for service in list(waiting):
                if service.proc.poll() is not None:
                    raise StartError(
                        f"{service.name} exited with {service.proc.returncode}; "
                        f"{service.log} ends:\n{log_tail(service.log)}"
                    )
                if service.health is None or healthy(service.health):
                    waiting.remove(service)
            if not waiting:
                return
            if time.monotonic() > deadline:
                names = ", ".join(s.name for s in waiting)
                tail = "\n".join(f"--- {s.log}\n{log_tail(s.log, 2000)}" for s in waiting)
                raise StartError(f"{names} not healthy after {timeout:.0f}s:\n{tail}")
            time.sleep(0.3)

    def start(
        self,
        name: str,
        args: Sequence[str],
        health: str | None = None,
        timeout: float = 180,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        url: str = "",
        user: str | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> Service:
        """Starts a process and waits until its health check passes (or raises StartError)."""
        service = self.spawn(name, args, health, cwd=cwd, env=env, url=url, user=user, stop_signal=stop_signal)
        self.wait_healthy([name], timeout)
        return service

    def run_once(
        self,
        name: str,
        args: Sequence[str],
        timeout: float = 300,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        user: str | None = None,
    ) -> None:
        """A set-up step that must finish successfully (migrations, initdb), logged like the rest."""
        log = self.log_dir / f"{name}.log"
        with open(log, "ab") as handle:
            result = subprocess.run(
                list(map(str, args)),
                cwd=cwd or ROOT,
                env={**self.env, **(env or {})},
                stdout=handle,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                user=user,
                group=_group(user),
            )
        if result.returncode != 0:
            raise StartError(f"{name} failed ({result.returncode}); {log} ends:\n{log_tail(log)}")

    def signal(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Sends `sig` to one service's process group (fault tests: kill -9 a Rasa server)."""
        proc = self.services[name].proc
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)

    def stop_service(self, name: str, timeout: float = 20) -> None:
        service = self.services[name]
        _terminate([(service.proc, service.stop_signal)], timeout)

    def stop(self, timeout: float = 20) -> None:
        signals = {id(s.proc): s.stop_signal for s in self.services.values()}
        _terminate([(p, signals.get(id(p), signal.SIGTERM)) for p in reversed(self.procs)], timeout)

    def describe(self) -> str:
        lines = []
        for service in self.services.values():
            state = "running" if service.proc.poll() is None else f"exited {service.proc.returncode}"
            lines.append(
                f"  {service.name:<14} pid {service.proc.pid:<7} {state:<10} {service.url or '':<34} log {service.log}"
            )
        return "\n".join(lines)

    def post(self, path: str, payload: dict, headers: dict | None = None, timeout: float = 30):
        request = urllib.request.Request(
            self.rasa_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")


def _group(user: str | None) -> int | None:
    if not user:
        return None
    import pwd

    return pwd.getpwnam(user).pw_gid


def _terminate(procs: list[tuple[subprocess.Popen, int]], timeout: float) -> None:
    for proc, sig in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, sig) if sig != signal.SIGTERM else os.killpg(proc.pid, sig)
    deadline = time.monotonic() + timeout
    for proc, _sig in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        # children left in the group (e.g. Sanic workers after a SIGKILL of the main process)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
