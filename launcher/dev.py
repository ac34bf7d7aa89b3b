"""The dev layout (`make run`): one Rasa server, one action server, the demo page, the staff console
(Django's server) and the summary sync job, on SQLite. Also what the tests and the bench start."""

import secrets
from pathlib import Path

from .config import MODEL, PYTHON, ROOT, VAR, base_env, django_secret_key, free_port, secret_file
from .process import Stack


def rasa_args(port: int, env: dict[str, str], credentials: str, command: list[str] | None = None) -> list[str]:
    """Rasa's command line. Its HTTP API is on, behind RASA_API_TOKEN (the console's Inbox sends staff
    replies through it)."""
    return [
        *(command or [PYTHON, "-m", "rasa_speedups"]),
        "run",
        "--port",
        str(port),
        "--model",
        str(model_path(env)),
        "--credentials",
        credentials,
        "--endpoints",
        "endpoints.yml",
        "--cors",
        *env["WEB_ALLOWED_ORIGINS"].split(","),
        "--enable-api",
        # one argument: a token_urlsafe value may start with "-", which argparse would read as an option
        f"--auth-token={env['RASA_API_TOKEN']}",
    ]


def model_path(env: dict[str, str]) -> Path:
    """RASA_MODEL picks another trained model (the learning-loop test serves a retrained copy)."""
    return Path(env.get("RASA_MODEL") or MODEL)


def db_url(env: dict[str, str]) -> str:
    from storage.db import database_url  # the one mapping of DB_* to a URL (Rasa's ${DB_URL})

    return database_url(env).render_as_string(hide_password=False)


def start_console_and_sync(stack: Stack, port: int, var_dir: Path, sync_seconds: str) -> None:
    """Migrations, the first admin (CONSOLE_ADMIN_*), Django's server and the summary sync job. The
    secret key is settled here, before either process starts, so both always have the same one."""
    env = {
        "DJANGO_SECRET_KEY": django_secret_key(stack.env, var_dir),
        # Django's own server on plain http at 127.0.0.1: a Secure cookie would never come back, so the
        # login's CSRF check would refuse every staff member (production behind TLS keeps both on).
        "DJANGO_SECURE_COOKIES": stack.env.get("DJANGO_SECURE_COOKIES") or "0",
        "DJANGO_HSTS_SECONDS": stack.env.get("DJANGO_HSTS_SECONDS") or "0",
    }
    console = ROOT / "console"
    stack.run_once("console-migrate", [PYTHON, "manage.py", "migrate", "--noinput"], cwd=console, env=env)
    if stack.env.get("CONSOLE_ADMIN_USERNAME") and stack.env.get("CONSOLE_ADMIN_PASSWORD"):
        stack.run_once("console-admin", [PYTHON, "manage.py", "ensure_admin"], cwd=console, env=env)
    stack.console_url = f"http://127.0.0.1:{port}"
    stack.spawn(
        "console",
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        f"{stack.console_url}/healthz",
        cwd=console,
        env=env,
        url=stack.console_url + "/",
    )
    stack.spawn(
        "summaries", [PYTHON, "manage.py", "sync_summaries", "--every", sync_seconds], None, cwd=console, env=env
    )


def start_nlu(stack: Stack, env: dict[str, str]) -> dict[str, str]:
    """The NLU process (rasa_speedups/nlu_server.py) when NLU_PROCESS=1: the settings that send the Rasa
    process's typed text to it, with a token made for this start and given to these two processes only."""
    if env.get("NLU_PROCESS", "0") != "1":
        return {}
    port, token = int(env["NLU_PORT"]), secrets.token_urlsafe(32)
    url = f"http://127.0.0.1:{port}"
    args = [PYTHON, "-m", "rasa_speedups.nlu_server", "--port", str(port), "--model", str(model_path(env))]
    # One TensorFlow thread: this process is there to keep the other core for Rasa, and TF's thread pools
    # spun on it (bench, typed, 10 users: NLU 12 -> 10 ms CPU per message). A TF_* setting of yours wins.
    threads = {
        name: env.get(name) or "1" for name in ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS")
    }
    stack.spawn("nlu", args, f"{url}/health", env={"NLU_TOKEN": token, **threads}, url=f"{url}/health")
    return {"NLU_URL": url, "NLU_TOKEN": token}


def start_dev(
    workdir: Path,
    env: dict[str, str],
    *,
    with_web: bool = True,
    with_console: bool = True,
    credentials: str | None = None,
    rasa_command: list[str] | None = None,
    var_dir: Path = VAR,
) -> Stack:
    """Starts the dev layout with the ports and database in `env` (defaults filled in). Logs go to
    `workdir`. On any failure everything started so far is stopped and StartError raised."""
    env = base_env(env)
    if not model_path(env).exists():
        raise RuntimeError(f"{model_path(env)} is missing: run `make train` first")
    env.setdefault("DB_URL", db_url(env))
    # shared by Rasa (--auth-token) and the console; var/rasa_api_token as scripts/rasa-api-token keeps it
    env["RASA_API_TOKEN"] = env.get("RASA_API_TOKEN") or secret_file(var_dir / "rasa_api_token", 32)
    if env.get("DB_DIALECT", "sqlite") == "sqlite":
        from storage.db import database_url

        Path(database_url(env).database).parent.mkdir(parents=True, exist_ok=True)
    stack = Stack(workdir=workdir, env=env)
    action_port, rasa_port = int(env["ACTION_PORT"]), int(env["RASA_PORT"])
    try:
        # Every table exists before any page reads it (the console's booking pages on a fresh var/).
        stack.run_once("dbinit", [PYTHON, "-m", "launcher.dbinit"])
        stack.action_url = f"http://127.0.0.1:{action_port}"
        stack.spawn(
            "actions",
            [PYTHON, "-m", "actions.server", "--port", str(action_port)],
            f"{stack.action_url}/health",
            url=stack.action_url + "/health",
        )
        stack.rasa_url = f"http://127.0.0.1:{rasa_port}"
        stack.spawn(
            "rasa",
            rasa_args(rasa_port, env, credentials or env["RASA_CREDENTIALS"], rasa_command),
            f"{stack.rasa_url}/",
            url=stack.rasa_url + "/",
            env=start_nlu(stack, env),
        )
        if with_web:
            stack.web_url = f"http://127.0.0.1:{env['WEB_PORT']}"
            stack.spawn("web", [PYTHON, "web/serve.py"], f"{stack.web_url}/", url=stack.web_url + "/")
        if with_console:
            start_console_and_sync(stack, int(env["CONSOLE_PORT"]), var_dir, env["SUMMARY_SYNC_SECONDS"])
        stack.wait_healthy(list(stack.services), timeout=240)
    except BaseException:
        stack.stop()
        raise
    return stack


def free_port_env(workdir: Path) -> dict[str, str]:
    """Every port free and a throw-away SQLite file in `workdir`: the tests' and the bench's settings."""
    rasa_port, action_port, web_port, console_port, nlu_port = (free_port() for _ in range(5))
    db_file = workdir / "e2e.sqlite3"
    return {
        "DB_DIALECT": "sqlite",
        "DB_NAME": str(db_file),
        "DB_URL": f"sqlite:///{db_file}",
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "WEB_PORT": str(web_port),
        "CONSOLE_PORT": str(console_port),
        "NLU_PORT": str(nlu_port),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "RASA_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",
        "WEB_ALLOWED_ORIGINS": f"http://127.0.0.1:{web_port}",
        "LOCK_STORE_TYPE": "in_memory",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        # Tests and the benchmark send far faster than a person (channels/rate_limit.py); the
        # rate-limit tests set their own low limits.
        "RATE_LIMIT_PER_SENDER": "1000000",
        "RATE_LIMIT_PER_IP": "1000000",
        "RATE_LIMIT_PER_PROVIDER_IP": "1000000",
    }


def launch(
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    with_web: bool = True,
    credentials: str = "credentials.dev.yml",
    rasa_command: list[str] | None = None,
    with_console: bool = False,
) -> Stack:
    """The dev layout on free ports with a throw-away SQLite file in `workdir` (tests, bench).
    The default channels are the widget and the namespaced dev REST channel the bench posts to.
    `with_web=False` skips the demo page; `with_console=True` adds the console and the sync job
    (secret key kept in `workdir`); `rasa_command` replaces `python -m rasa_speedups`."""
    env = base_env()
    env.update(free_port_env(workdir))
    env.update(extra_env or {})
    return start_dev(
        workdir,
        env,
        with_web=with_web and (ROOT / "web" / "serve.py").exists(),
        with_console=with_console,
        credentials=credentials,
        rasa_command=rasa_command,
        var_dir=workdir,
    )
