"""A PostgreSQL cluster of the layout's own (Debian's postgresql package): data in var/prod/pgdata,
a dedicated role and database with a random password kept in var/prod/pg_password (mode 0600,
never committed). Run as the `postgres` account when started by root (PostgreSQL refuses root)."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .config import secret_file
from .process import Stack


def pg_bin(tool: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))
    if found:
        return str(found[-1])  # the newest installed major version
    path = shutil.which(tool)
    if not path:
        raise RuntimeError("PostgreSQL is not installed (scripts/system-packages installs it as root)")
    return path


def run_as() -> str | None:
    return "postgres" if os.geteuid() == 0 else None


def _own(path: Path, user: str | None) -> None:
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


class Postgres:
    """The cluster in `home` (pgdata/, pgsock/, pg_password), served on 127.0.0.1:`port`."""

    def __init__(self, stack: Stack, home: Path, port: int, name: str = "postgres"):
        self.stack, self.home, self.port, self.name = stack, Path(home), port, name
        self.data, self.sock = self.home / "pgdata", self.home / "pgsock"
        self.user = run_as()

    def init(self) -> None:
        """initdb once (superuser `postgres`, trust on the private socket, passwords over TCP)."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o755)  # the postgres account must reach pgdata/ and pgsock/
        self.sock.mkdir(exist_ok=True)
        _own(self.sock, self.user)
        if (self.data / "PG_VERSION").exists():
            return
        self.data.mkdir(mode=0o700, exist_ok=True)
        _own(self.data, self.user)
        self.stack.run_once(
            "initdb",
            [
                pg_bin("initdb"),
                "-D",
                self.data,
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            user=self.user,
            cwd=self.home,
        )

    def start(self) -> None:
        self.stack.start(
            self.name,
            [
                pg_bin("postgres"),
                "-D",
                self.data,
                "-p",
                self.port,
                "-k",
                self.sock,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=on",
            ],
            f"tcp://127.0.0.1:{self.port}",
            timeout=60,
            user=self.user,
            cwd=self.home,
            url=f"postgresql://127.0.0.1:{self.port}",
            stop_signal=signal.SIGINT,
        )
        # the port opens before recovery ends ("the database system is starting up")
        deadline = time.monotonic() + 120
        while (
            subprocess.run(
                [pg_bin("pg_isready"), "-q", "-h", str(self.sock), "-p", str(self.port)], timeout=30
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL not ready after 120 s; see {self.stack.log_dir}/{self.name}.log")
            time.sleep(0.2)

    def psql(self, sql: str, db: str = "postgres") -> str:
        command = [
            pg_bin("psql"),
            "-h",
            str(self.sock),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-qtAc",
            sql,
        ]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout

    def ensure_database(self, role: str, db: str) -> dict[str, str]:
        """The role (LOGIN, random password from pg_password) and its database; returns DB_* settings."""
        for name in (role, db):
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
                raise ValueError(f"PostgreSQL role/database names are lower-case identifiers, not {name!r}")
        password = secret_file(self.home / "pg_password", 24)
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").strip()
        verb = "ALTER" if exists else "CREATE"
        self.psql(f"{verb} ROLE {role} LOGIN PASSWORD '{password}'")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'").strip():
            self.psql(f"CREATE DATABASE {db} OWNER {role}")
        return {
            "DB_DIALECT": "postgresql",
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_NAME": db,
            "DB_USER": role,
            "DB_PASSWORD": password,
        }
