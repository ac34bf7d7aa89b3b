"""Channel settings from credentials.yml, falling back to environment variables (secrets live only
in the environment), with a start-up error that names every empty setting."""

import os
from collections.abc import Iterable, Mapping
from typing import Any

from rasa.shared.exceptions import RasaException


def read_settings(
    credentials: Mapping[str, Any] | None, env_names: Mapping[str, str], defaults: Mapping[str, str]
) -> dict[str, str]:
    """credentials.yml value, else the environment variable, else the default (may be empty)."""
    credentials = credentials or {}
    values = {}
    for key, env_name in env_names.items():
        value = credentials.get(key)
        if value is None or not str(value).strip():
            value = os.environ.get(env_name) or defaults.get(key, "")
        values[key] = str(value).strip()
    return values


def require(channel: str, values: Mapping[str, str], required: Iterable[str], env_names: Mapping[str, str]) -> None:
    missing = [key for key in required if not values.get(key)]
    if missing:
        names = ", ".join(f"{key} (env {env_names[key]})" for key in missing)
        raise RasaException(f"The {channel} channel cannot start: empty credentials: {names}.")
