"""Deployment files (deploy/): the compose file is valid for Debian's docker-compose, every manifest
passes yamllint, every image is pinned, and the Kubernetes objects fit together."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DUMMY_ENV = {
    "POSTGRES_PASSWORD": "x",
    "DJANGO_SECRET_KEY": "x",
    "RASA_API_TOKEN": "x",
    "ACTION_SERVER_TOKEN": "x",
    "PUBLIC_URL": "https://assistant.example.com",
    "CONSOLE_HOSTS": "assistant.example.com",
}
PINNED = re.compile(r"^[a-z0-9./-]+:\d+(\.\d+)+(-[a-z0-9]+)?$")  # name:1.2.3[-variant], never latest


def tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path=str(ROOT / ".venv" / "bin"))
    assert path, f"{name} is not installed (scripts/system-packages installs it as root)"
    return path


def test_compose_file_is_valid_for_docker_compose():
    result = subprocess.run(
        [tool("docker-compose"), "-f", "docker-compose.yml", "config", "-q"],
        cwd=DEPLOY,
        env={**os.environ, **DUMMY_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_the_secrets():
    env = {k: v for k, v in os.environ.items() if k not in DUMMY_ENV}
    result = subprocess.run(
        [tool("docker-compose"), "-f", "docker-compose.yml", "config", "-q"],
        cwd=DEPLOY,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr


def test_yamllint_passes_on_deploy():
    result = subprocess.run(
        [tool("yamllint"), "-c", str(DEPLOY / ".yamllint"), "-f", "parsable", str(DEPLOY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def compose():
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_compose_layout_has_the_production_processes_and_pinned_images():
    services = compose()["services"]
    assert {
        "nginx",
        "postgres",
        "redis",
        "rasa1",
        "rasa2",
        "actions1",
        "actions2",
        "console",
        "summaries",
        "migrate",
    } <= set(services)
    for name, service in services.items():
        image = service.get("image", "")
        assert PINNED.match(image), f"{name}: image {image!r} is not pinned to a version"
    assert services["rasa1"]["environment"]["LOCK_STORE_TYPE"] == "redis"
    assert "gunicorn" in services["console"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.10\.\d+-slim", dockerfile, re.M)


def test_nginx_configs_never_replay_a_request_that_reached_a_server():
    texts = [(DEPLOY / "nginx" / "compose.conf").read_text(), (ROOT / "launcher" / "nginx.py").read_text()]
    for text in texts:
        assert "proxy_next_upstream error timeout;" in text
        assert "non_idempotent" not in text.replace("without `non_idempotent`", "").replace("(no `non_idempotent`)", "")


def manifests():
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield path.name, doc


def test_kubernetes_objects_fit_together():
    docs = list(manifests())
    kinds = {(d["kind"], d["metadata"]["name"]) for _, d in docs}
    for needed in [
        ("Deployment", "rasa"),
        ("Deployment", "actions"),
        ("Deployment", "console"),
        ("Deployment", "summaries"),
        ("StatefulSet", "postgres"),
        ("Deployment", "redis"),
        ("Job", "nextmed-migrate"),
        ("Ingress", "nextmed"),
        ("ConfigMap", "nextmed-config"),
    ]:
        assert needed in kinds, f"missing {needed}"
    workloads = {d["metadata"]["name"]: d for _, d in docs if d["kind"] in ("Deployment", "StatefulSet")}
    for name, w in workloads.items():
        assert w["spec"]["selector"]["matchLabels"].items() <= w["spec"]["template"]["metadata"]["labels"].items()
        for container in w["spec"]["template"]["spec"]["containers"]:
            assert PINNED.match(container["image"]), f"{name}: unpinned image {container['image']}"
    assert workloads["rasa"]["spec"]["replicas"] >= 2 and workloads["actions"]["spec"]["replicas"] >= 2
    assert workloads["summaries"]["spec"]["replicas"] == 1
    labels = [w["spec"]["template"]["metadata"]["labels"] for w in workloads.values()]
    for file, service in [(f, d) for f, d in docs if d["kind"] == "Service"]:
        assert any(service["spec"]["selector"].items() <= lab.items() for lab in labels), f"{file}: no pods"
    services = {d["metadata"]["name"] for _, d in docs if d["kind"] == "Service"}
    for _, ingress in [(f, d) for f, d in docs if d["kind"] == "Ingress"]:
        for rule in ingress["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                assert p["backend"]["service"]["name"] in services


def test_no_secret_values_in_deploy_files():
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not re.search(
                r"(PASSWORD|SECRET_KEY|TOKEN)\s*[:=]\s*['\"]?(?!replace-me|\$)[A-Za-z0-9_\-]{12,}", text
            ), path
