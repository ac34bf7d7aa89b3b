"""Processes of a layout: start each with its own log file, wait until it answers, stop them all."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence
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
    health: Optional[str]
    url: str = ""


@dataclass
class Stack:
    """The running processes of one layout. `rasa_url` etc. are filled in by the layout."""
    workdir: Path
    env: Dict[str, str]
    log_dir: Optional[Path] = None
    rasa_url: str = ""
    action_url: str = ""
    web_url: str = ""
    console_url: str = ""
    services: Dict[str, Service] = field(default_factory=dict)
    procs: List[subprocess.Popen] = field(default_factory=list)  # start order
    extra: Dict[str, object] = field(default_factory=dict)  # layout details (ports, paths)

    def __post_init__(self):
        self.log_dir = Path(self.log_dir or self.workdir)
        self.log_dir.mkdir(parents=True, exist_ok=True)

    def spawn(self, name: str, args: Sequence[str], health: Optional[str] = None, *, cwd: Optional[Path] = None,
              env: Optional[Dict[str, str]] = None, url: str = "", user: Optional[str] = None) -> Service:
        """Starts a process without waiting for it. `user` runs it as that account (PostgreSQL)."""
        log = self.log_dir / f"{name}.log"
        handle = open(log, "ab")
        run_env = {**self.env, **(env or {})}
        command = list(map(str, args))
        if user:
            command = ["runuser", "-u", user, "--", *command]
        # own process group: stop() signals the process and any children it forks (gunicorn, Sanic)
        proc = subprocess.Popen(command, cwd=cwd or ROOT, env=run_env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
        handle.close()
        service = Service(name, proc, log, health, url)
        self.services[name] = service
        self.procs.append(proc)
        return service

    def wait_healthy(self, names: Sequence[str], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        waiting = [self.services[n] for n in names]
        while waiting:
            for service in list(waiting):
                if service.proc.poll() is not None:
                    raise StartError(f"{service.name} exited with {service.proc.returncode}; "
                                     f"{service.log} ends:\n{log_tail(service.log)}")
                if service.health is None or healthy(service.health):
                    waiting.remove(service)
            if not waiting:
                return
            if time.monotonic() > deadline:
                names = ", ".join(s.name for s in waiting)
                tail = "\n".join(f"--- {s.log}\n{log_tail(s.log, 2000)}" for s in waiting)
                raise StartError(f"{names} not healthy after {timeout:.0f}s:\n{tail}")
            time.sleep(0.3)

    def start(self, name: str, args: Sequence[str], health: Optional[str] = None, timeout: float = 180,
              cwd: Optional[Path] = None, env: Optional[Dict[str, str]] = None, url: str = "",
              user: Optional[str] = None) -> Service:
        """Starts a process and waits until its health check passes (or raises StartError)."""
        service = self.spawn(name, args, health, cwd=cwd, env=env, url=url, user=user)
        self.wait_healthy([name], timeout)
        return service

    def run_once(self, name: str, args: Sequence[str], timeout: float = 300, cwd: Optional[Path] = None,
                 env: Optional[Dict[str, str]] = None, user: Optional[str] = None) -> None:
        """A set-up step that must finish successfully (migrations, initdb), logged like the rest."""
        log = self.log_dir / f"{name}.log"
        command = list(map(str, args))
        if user:
            command = ["runuser", "-u", user, "--", *command]
        with open(log, "ab") as handle:
            result = subprocess.run(command, cwd=cwd or ROOT, env={**self.env, **(env or {})}, stdout=handle,
                                    stderr=subprocess.STDOUT, timeout=timeout)
        if result.returncode != 0:
            raise StartError(f"{name} failed ({result.returncode}); {log} ends:\n{log_tail(log)}")

    def signal(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Sends `sig` to one service's process group (fault tests: kill -9 a Rasa server)."""
        proc = self.services[name].proc
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop_service(self, name: str, timeout: float = 20) -> None:
        service = self.services[name]
        _terminate([service.proc], timeout)

    def stop(self, timeout: float = 20) -> None:
        _terminate(list(reversed(self.procs)), timeout)

    def describe(self) -> str:
        lines = []
        for service in self.services.values():
            state = "running" if service.proc.poll() is None else f"exited {service.proc.returncode}"
            lines.append(f"  {service.name:<14} pid {service.proc.pid:<7} {state:<10} {service.url or '':<34} "
                         f"log {service.log}")
        return "\n".join(lines)

    def post(self, path: str, payload: dict, headers: Optional[dict] = None, timeout: float = 30):
        request = urllib.request.Request(self.rasa_url + path, data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json", **(headers or {})})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")


def _terminate(procs: List[subprocess.Popen], timeout: float) -> None:
    for proc in procs:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
        # children left in the group (e.g. Sanic workers after a SIGKILL of the main process)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
