"""The baseline: Rasa's own `rasa init` moodbot (its project template, unchanged data), trained on the
fly with Rasa's default pipeline and policies made explicit with a fixed random seed (the same stock
model on every run: an unseeded one sometimes ends "did that help?" with no reply), served with the
same SQL tracker store settings as ours (its own throw-away SQLite file) and the in-memory lock
store, over the same REST channel."""

import os
import shutil
import subprocess
from pathlib import Path

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


def trained_model(project: Path) -> Path | None:
    models = sorted((project / "models").glob("*.tar.gz")) if (project / "models").is_dir() else []
    return models[-1] if models else None


SEED = 1


def seeded_config() -> str:
    """Rasa's default config (what `rasa init` trains with) with random_seed on every trained part."""
    import rasa
    import yaml

    default = Path(rasa.__file__).parent / "engine" / "recipes" / "config_files" / "default_config.yml"
    config = yaml.safe_load(default.read_text())
    for part in config["pipeline"] + config["policies"]:
        if part["name"] in ("DIETClassifier", "ResponseSelector", "TEDPolicy", "UnexpecTEDIntentPolicy"):
            part["random_seed"] = SEED
    return yaml.safe_dump(config, sort_keys=False)


def ensure_project(project: Path, log: Path) -> Path:
    """The `rasa init` project template, trained with the seeded default config, unless `project`
    already holds a trained model."""
    model = trained_model(project)
    if model:
        return model
    import rasa

    template = Path(rasa.__file__).parent / "cli" / "initial_project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copytree(template, project, dirs_exist_ok=True)
    (project / "config.yml").write_text(seeded_config())
    print(f"Training the stock `rasa init` bot in {project} (seed {SEED}; a few minutes)...", flush=True)
    with open(log, "w") as handle:
        subprocess.run(
            [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", "stock"],
            cwd=project,
            env=quiet_env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=3600,
        )
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
        stack.start(
            "stock-rasa",
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--model",
                str(model),
                "--credentials",
                str(credentials),
                "--endpoints",
                str(endpoints),
            ],
            f"http://127.0.0.1:{port}/",
            cwd=project,
            timeout=900,
        )  # slow to load on a busy machine
    except Exception:
        stack.stop()
        raise
    stack.rasa_url = f"http://127.0.0.1:{port}"
    return stack
