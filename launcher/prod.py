"""The production layout on one machine (`make prod`):

    nginx :PROD_PORT --/webhooks/--> Rasa x PROD_RASA_SERVERS (separate processes, Redis lock store)
          |                             \\--> nginx (internal) --> action servers x PROD_ACTION_SERVERS
          \\--/ (console)--> gunicorn (staff console)
    PostgreSQL (own cluster in var/prod/pgdata): tracker store, bookings, console tables
    summary sync: one job, under the database lock (pg advisory lock)

Internal ports are free loopback ports chosen at each start; only PROD_PORT is fixed."""

import os
import tempfile
from pathlib import Path

from .config import PYTHON, ROOT, VAR, VENV_BIN, base_env, django_secret_key, free_port, secret_file
from .dev import rasa_args
from .nginx import nginx_args, write_config
from .postgres import Postgres
from .process import Stack
from .redis import lock_store_env, start_redis

CONSOLE = ROOT / "console"


def start_prod(
    env: dict[str, str] | None = None,
    *,
    home: Path | None = None,
    log_dir: Path | None = None,
    public_port: int | None = None,
    rasa_servers: int | None = None,
    action_servers: int | None = None,
    gunicorn_workers: int = 2,
) -> Stack:
    """Starts every process of the production layout; returns the Stack (stopped again on failure).
    `home` holds the cluster, secrets, nginx config and logs (default var/prod)."""
    env = base_env({**os.environ, **(env or {})})
    # A lock held by a Rasa server that was killed expires after this (Rasa's default: 60 s).
    env.setdefault("TICKET_LOCK_LIFETIME", "15")
    home = Path(home or env.get("PROD_HOME") or VAR / "prod").resolve()
    home.mkdir(parents=True, exist_ok=True)
    log_dir = Path(log_dir or home / "log")
    public_port = public_port or int(env.get("PROD_PORT") or 8090)
    n_rasa = rasa_servers or int(env.get("PROD_RASA_SERVERS") or 2)
    n_actions = action_servers or int(env.get("PROD_ACTION_SERVERS") or 2)
    ports = {
        "rasa": [free_port() for _ in range(n_rasa)],
        "actions": [free_port() for _ in range(n_actions)],
        "console": free_port(),
        "rasa_api": free_port(),
        "actions_lb": free_port(),
        "pg": free_port(),
        "redis": free_port(),
    }
    public = f"http://127.0.0.1:{public_port}"
    stack = Stack(workdir=home, env=env, log_dir=log_dir)
    stack.extra.update(ports=ports, home=home, public_url=public)
    try:
        pg = Postgres(stack, home, ports["pg"])
        pg.init()
        pg.start()
        stack.extra["postgres"] = pg
        db = pg.ensure_database(env.get("PROD_DB_ROLE") or "nextmed", env.get("PROD_DB_NAME") or "nextmed")
        start_redis(stack, ports["redis"])
        env.update(db)
        from .dev import db_url

        env.update(
            DB_URL=db_url(env),
            **lock_store_env(ports["redis"]),
            SANIC_WORKERS="1",
            ACTION_SERVER_URL=f"http://127.0.0.1:{ports['actions_lb']}/webhook",
            WEB_ALLOWED_ORIGINS=",".join(
                filter(None, [public, f"http://localhost:{public_port}", env.get("PROD_ALLOWED_ORIGINS", "")])
            ),
            RASA_PUBLIC_URL=public,
            RASA_API_URL=f"http://127.0.0.1:{ports['rasa_api']}",
            RASA_API_TOKEN=env.get("RASA_API_TOKEN") or secret_file(home / "rasa_api_token", 32),
            DJANGO_SECRET_KEY=django_secret_key(env, home),
            # Rasa trusts X-Forwarded-For from our nginx only, so rate limits count each person's IP.
            RATE_LIMIT_TRUSTED_PROXIES=env.get("RATE_LIMIT_TRUSTED_PROXIES") or "127.0.0.1",
            ACTION_SERVER_TOKEN=env.get("ACTION_SERVER_TOKEN") or secret_file(home / "action_server_token", 32),
            CONSOLE_PORT=str(public_port),
            CONSOLE_PUBLIC_URL=public,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_CSRF_TRUSTED_ORIGINS=f"{public},http://localhost:{public_port}",
        )
        # No TLS in this one-machine layout, so the console's cookies cannot be Secure-only (README "Security").
        env.setdefault("DJANGO_SECURE_COOKIES", "0")
        env.setdefault("DJANGO_HSTS_SECONDS", "0")
        stack.env = env
        stack.run_once("dbinit", [PYTHON, "-m", "launcher.dbinit"])
        stack.run_once("console-migrate", [PYTHON, "manage.py", "migrate", "--noinput"], cwd=CONSOLE)
        if "django.contrib.staticfiles" in (CONSOLE / "nextmed_console" / "settings.py").read_text():
            # served by nginx (/static/) or whitenoise
            stack.run_once("console-static", [PYTHON, "manage.py", "collectstatic", "--noinput"], cwd=CONSOLE)
        if env.get("CONSOLE_ADMIN_USERNAME") and env.get("CONSOLE_ADMIN_PASSWORD"):
            stack.run_once("console-admin", [PYTHON, "manage.py", "ensure_admin"], cwd=CONSOLE)
        for i, port in enumerate(ports["actions"], 1):
            stack.spawn(
                f"actions{i}",
                [PYTHON, "-m", "actions.server", "--port", port],
                f"http://127.0.0.1:{port}/health",
                url=f"http://127.0.0.1:{port}/health",
            )
        for i, port in enumerate(ports["rasa"], 1):
            stack.spawn(
                f"rasa{i}",
                rasa_args(port, env, env.get("RASA_CREDENTIALS", "credentials.yml")),
                f"http://127.0.0.1:{port}/",
                url=f"http://127.0.0.1:{port}/",
            )
        stack.spawn(
            "console",
            [
                str(VENV_BIN / "gunicorn"),
                "nextmed_console.wsgi",
                "--chdir",
                str(CONSOLE),
                "--bind",
                f"127.0.0.1:{ports['console']}",
                "--workers",
                str(gunicorn_workers),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            f"http://127.0.0.1:{ports['console']}/healthz",
            cwd=CONSOLE,
        )
        stack.spawn(
            "summaries",
            [PYTHON, "manage.py", "sync_summaries", "--every", env["SUMMARY_SYNC_SECONDS"]],
            None,
            cwd=CONSOLE,
        )
        conf = write_config(
            home / "nginx",
            log_dir,
            public_port,
            ports["rasa_api"],
            ports["actions_lb"],
            ports["rasa"],
            ports["actions"],
            ports["console"],
        )
        stack.spawn("nginx", nginx_args(conf, home / "nginx"), f"{public}/rasa/health", url=public + "/")
        stack.wait_healthy(list(stack.services), timeout=300)
    except BaseException:
        stack.stop()
        raise
    stack.rasa_url = stack.console_url = stack.web_url = public
    stack.action_url = f"http://127.0.0.1:{ports['actions_lb']}"
    stack.extra["notes"] = [
        f"Public entry (nginx): {public}/  (console at /, Rasa at /webhooks/, widget at /widget.js)",
        f"{n_rasa} Rasa servers, {n_actions} action servers, PostgreSQL on 127.0.0.1:{ports['pg']} "
        f"(role/db {db['DB_USER']}/{db['DB_NAME']}, password in {home / 'pg_password'}), Redis lock store on "
        f"127.0.0.1:{ports['redis']}",
    ]
    return stack


def temporary_home() -> Path:
    """A home the `postgres` account can reach (pytest's tmp dirs are private to root)."""
    home = Path(tempfile.mkdtemp(prefix="nextmed-prod-"))
    home.chmod(0o755)
    return home


__all__ = ["start_prod", "temporary_home"]
