"""The docs match the code: every setting in config/defaults.env is documented in docs/architecture.md (and
nothing else is claimed as a default), and no doc or docstring names a project file that does not exist."""

import glob
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
SKIP_DIRS = {".venv", "node_modules", "mutants", "models", "build", "results", "var", ".git", "__pycache__"}
TOP = (
    "actions",
    "skincheck",
    "channels",
    "storage",
    "tests",
    "scripts",
    "content",
    "domain",
    "web",
    "console",
    "bench",
    "launcher",
    "rasa_speedups",
    "docs",
    "config",
    "devtools",
    "data",
)
PATH = re.compile(rf"(?<![\w/.])((?:{'|'.join(TOP)})/[\w/.*-]+\.(?:py|yml|md|js|json|env|txt|html|sh))\b")


def defaults() -> list:
    return [
        line.split("=", 1)[0]
        for line in (ROOT / "config" / "defaults.env").read_text().splitlines()
        if re.match(r"^[A-Z_][A-Z0-9_]*=", line)
    ]


def documented_settings() -> list:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0].split("\n# ", 1)[0]
    return re.findall(r"^\| `([A-Z_][A-Z0-9_]*)` \|", section, re.M)


def test_every_default_setting_is_documented_and_nothing_more():
    names = documented_settings()
    assert len(names) == len(set(names)), "a setting is listed twice"
    missing = sorted(set(defaults()) - set(names))
    extra = sorted(set(names) - set(defaults()))
    assert not missing, f"add these settings to the table in docs/architecture.md: {missing}"
    assert not extra, f"documented as defaults but not in config/defaults.env: {extra}"


def test_documented_defaults_match_the_file():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / "config" / "defaults.env").read_text().splitlines()
        if re.match(r"^[A-Z_][A-Z0-9_]*=", line)
    )
    text = ARCHITECTURE.read_text(encoding="utf-8")
    for name, default in re.findall(r"^\| `([A-Z_][A-Z0-9_]*)` \| `([^`]*)` \|", text, re.M):
        shown = default.rstrip(".")
        assert values[name].startswith(shown.rstrip(",")), (
            f"{name}: docs say {default!r}, defaults.env {values[name]!r}"
        )


def project_files():
    for path in ROOT.rglob("*"):
        if path.suffix in (".py", ".md", ".yml", ".js", ".sh") and not SKIP_DIRS & set(path.relative_to(ROOT).parts):
            yield path


def test_no_doc_or_docstring_names_a_missing_file():
    missing = {}
    for file in project_files():
        for found in PATH.finditer(file.read_text(encoding="utf-8", errors="replace")):
            name = found.group(1)
            exists = (
                glob.glob(str(ROOT / name))
                if "*" in name
                else (ROOT / name).exists() or (ROOT / "console" / name).exists()
            )
            if not exists:
                missing.setdefault(name, []).append(str(file.relative_to(ROOT)))
    assert not missing, "names of files that do not exist: " + "; ".join(
        f"{k} (in {', '.join(v)})" for k, v in missing.items()
    )
