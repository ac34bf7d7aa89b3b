"""The baseline: Rasa's own `rasa init` moodbot, generated and trained on the fly, served with the
same SQL tracker store settings as ours (its own throw-away SQLite file) and the in-memory lock
store, over the same REST channel."""
import os
import subprocess
from pathlib import Path
from typing import Optional

from launcher.config import VENV_BIN, free_port
from launcher.process import Stack

ENDPOINTS = """# written by bench/stock.py: the same tracker store settings as the NextMed bot
tracker_store:
  type: SQL
  url: sqlite:///{db}
lock_store:
  type: in_memory
"""

CREDENTIALS = "rest:\n"


def quiet_env() -> dict:
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    return env


def trained_model(project: Path) -> Optional[Path]:
    models = sorted((project / "models").glob("*.tar.gz")) if (project / "models").is_dir() else []
    return models[-1] if models else None


def ensure_project(project: Path, log: Path) -> Path:
    """`rasa init --no-prompt` (which also trains) unless `project` already holds a trained model."""
    model = trained_model(project)
    if model:
        return model
    project.mkdir(parents=True, exist_ok=True)
    print(f"Generating and training the stock `rasa init` bot in {project} (a few minutes)...", flush=True)
    with open(log, "w") as handle:
        subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
                       cwd=project, env=quiet_env(), stdout=handle, stderr=subprocess.STDOUT, check=True,
                       timeout=3600)
    model = trained_model(project)
    if not model:
        raise RuntimeError(f"`rasa init` produced no model in {project}/models; see {log}")
    return model


def launch_stock(project: Path, workdir: Path) -> Stack:
    model = ensure_project(project, workdir / "stock-init.log")
    endpoints = workdir / "stock-endpoints.yml"
    endpoints.write_text(ENDPOINTS.format(db=workdir / "stock.sqlite3"))
    credentials = workdir / "stock-credentials.yml"
    credentials.write_text(CREDENTIALS)
    port = free_port()
    stack = Stack(workdir=workdir, env=quiet_env())
    try:
        stack.start("stock-rasa",
                    [str(VENV_BIN / "rasa"), "run", "--interface", "127.0.0.1", "--port", str(port),
                     "--model", str(model), "--credentials", str(credentials), "--endpoints", str(endpoints)],
                    f"http://127.0.0.1:{port}/", cwd=project)
    except Exception:
        stack.stop()
        raise
    stack.rasa_url = f"http://127.0.0.1:{port}"
    return stack
