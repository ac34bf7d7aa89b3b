"""Paths, the embedded defaults (config/defaults.env) and secrets kept in var/."""

import os
import secrets
import socket
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
MODEL = ROOT / "models" / "nextmed.tar.gz"
VAR = ROOT / "var"


def defaults() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (ROOT / "config" / "defaults.env").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value
    return values


def base_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment plus the embedded defaults it does not set (as `make` passes them on)."""
    env = dict(os.environ if environ is None else environ)
    for key, value in defaults().items():
        env.setdefault(key, value)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def secret_file(path: Path, nbytes: int = 48) -> str:
    """The secret kept in `path`, created (mode 0600, never committed: var/ is ignored) by whichever
    process asks first. O_EXCL makes two processes starting together agree on one value."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes) + "\n")
    for _ in range(50):  # the creator may still be writing
        value = path.read_text().strip()
        if value:
            return value
        import time

        time.sleep(0.05)
    raise RuntimeError(f"{path} is empty: delete it and start again")


def django_secret_key(env: Mapping[str, str], var_dir: Path = VAR) -> str:
    """DJANGO_SECRET_KEY from the environment, else the one kept in var/django_secret_key. The
    console and the summary sync job both get it from here, before either starts."""
    return env.get("DJANGO_SECRET_KEY") or secret_file(var_dir / "django_secret_key")


def main() -> int:
    """`python -m launcher.config secret-key`: prints the key (scripts/run-console, sync-summaries)."""
    import sys

    if sys.argv[1:] != ["secret-key"]:
        print("usage: python -m launcher.config secret-key", file=sys.stderr)
        return 2
    print(django_secret_key(os.environ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
