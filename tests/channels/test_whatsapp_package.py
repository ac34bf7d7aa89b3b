"""The channels/whatsapp/ package keeps its promise: each module's name says whether it serves both
providers (shared_*) or one (cloud_*, twilio_*), and the imports follow the names; every credentials
file names connector classes that exist, under the webhook names Meta and Twilio are configured with."""

import ast
import importlib
from pathlib import Path

import pytest
import yaml
from rasa.core.channels.channel import InputChannel

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "channels" / "whatsapp"
PREFIXES = {"shared": "Shared by both WhatsApp providers", "cloud": "Specific to Meta", "twilio": "Specific to Twilio"}
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


def whatsapp_imports(path: Path) -> set[str]:
    """The channels.whatsapp.* modules a file imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name.rsplit(".", 1)[-1] for name in found if name.startswith("channels.whatsapp.")}


def test_every_module_name_says_shared_or_which_provider_and_its_docstring_agrees():
    assert len(MODULES) >= 10
    for path in MODULES:
        kind = path.stem.split("_", 1)[0]
        assert kind in PREFIXES, f"{path.name}: name must start with shared_, cloud_ or twilio_"
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert docstring.startswith(PREFIXES[kind]), f"{path.name}: docstring must say '{PREFIXES[kind]}...'"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_shared_modules_import_no_provider_and_providers_not_each_other(path):
    kind = path.stem.split("_", 1)[0]
    imported_kinds = {name.split("_", 1)[0] for name in whatsapp_imports(path)}
    allowed = {"shared"} if kind == "shared" else {"shared", kind}
    assert imported_kinds <= allowed, f"{path.name} imports {sorted(imported_kinds - allowed)} modules"


CONNECTORS = {
    "channels.whatsapp.cloud_connector.WhatsAppCloudInput": "whatsapp",
    "channels.whatsapp.twilio_connector.TwilioWhatsAppInput": "twilio_whatsapp",
}


@pytest.mark.parametrize("name", sorted(p.name for p in ROOT.glob("credentials*.yml")))
def test_every_credentials_file_names_connectors_that_exist(name):
    channels = yaml.safe_load((ROOT / name).read_text(encoding="utf-8")) or {}
    for class_path in channels:
        if "." not in class_path:
            continue  # one of Rasa's own channels, by name
        module, _, class_name = class_path.rpartition(".")
        channel = getattr(importlib.import_module(module), class_name)
        assert issubclass(channel, InputChannel), class_path
        if class_path in CONNECTORS or "whatsapp" in class_path:
            # the webhook URL is /webhooks/<name>/webhook: it must not move
            assert channel.name() == CONNECTORS[class_path], class_path


def test_both_whatsapp_connectors_are_in_the_whatsapp_credentials_file():
    channels = yaml.safe_load((ROOT / "credentials.whatsapp.yml").read_text(encoding="utf-8"))
    assert set(CONNECTORS) <= set(channels)
