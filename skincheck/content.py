"""Loads the clinic-editable assessment YAML once and validates it.

A typo in content must stop start-up with the file and key path in the message, never surface mid-chat.
Each engine module validates its own file (``validate``) and builds its look-up tables (``build_index``);
this module holds what they all share: the checking helpers and the ``Content`` record (the error type
and the duplicate-key-safe YAML reader come from skincheck.yamlfile). skincheck.loader reads the files
and calls the validators; texts are said through ``content.texts`` (skincheck.texts).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from skincheck.texts import LANGUAGES, REVIEW_FLAG, Texts
from skincheck.yamlfile import ContentError, read_yaml_mapping

__all__ = ["BUTTON_TITLE_LIMIT", "REVIEW_FLAG", "SKIPPED", "Checker", "Content", "ContentError", "read_yaml_mapping"]

SKIPPED = "skipped"
BUTTON_TITLE_LIMIT = 20  # WhatsApp reply buttons cut titles at 20 characters


class Checker:
    """Validation helpers for one file; every failure names the file and the key path."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, path: str, problem: str) -> NoReturn:
        raise ContentError(f"{self.file}: {path}: {problem}")

    def get(
        self, mapping: Any, key: str, path: str, kind: type | tuple[type, ...] | None = None, optional: bool = False
    ) -> Any:
        where = f"{path}.{key}" if path else key
        if not isinstance(mapping, dict):
            self.fail(path or "(top)", "must be a mapping")
        if key not in mapping or mapping[key] is None:
            if optional:
                return None
            self.fail(where, "missing")
        value = mapping[key]
        if kind is not None and not isinstance(value, kind):
            self.fail(where, f"must be {_kind_name(kind)}, got {type(value).__name__}")
        return value

    def strings(self, value: Any, path: str) -> list[str]:
        """A list of strings; catches YAML turning an unquoted yes/no into a boolean."""
        if not isinstance(value, list):
            self.fail(path, "must be a list")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{path}[{i}]", f"must be a string (quote yes/no/on/off), got {item!r}")
        strings: list[str] = value
        return strings

    def text(self, entry: Any, path: str, placeholders: Iterable[str] = (), limit: int | None = None) -> dict[str, Any]:
        """A user-facing text: {lang: str} with an `en` entry; only the named placeholders allowed."""
        if not isinstance(entry, dict):
            self.fail(path, "must be a mapping of language to text, e.g. {en: ...}")
        if not isinstance(entry.get("en"), str) or not entry["en"].strip():
            self.fail(f"{path}.en", "missing")
        allowed = set(placeholders)
        if REVIEW_FLAG in entry and not isinstance(entry[REVIEW_FLAG], bool):
            self.fail(f"{path}.{REVIEW_FLAG}", "must be true or false (has a clinician signed this text off?)")
        for lang, value in entry.items():
            if lang == REVIEW_FLAG:
                continue
            if lang not in LANGUAGES:
                self.fail(f"{path}.{lang}", f"unknown language; known: {sorted(LANGUAGES)}")
            if not isinstance(value, str):
                self.fail(f"{path}.{lang}", "must be a string")
            if limit is not None and len(value) > limit:
                self.fail(f"{path}.{lang}", f"longer than {limit} characters: {value!r}")
            for name in placeholder_names(value, f"{path}.{lang}", self):
                if name not in allowed:
                    self.fail(f"{path}.{lang}", f"unknown placeholder {{{name}}}; allowed: {sorted(allowed)}")
        return entry


def placeholder_names(value: str, path: str, checker: Checker) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:  # unbalanced braces
        checker.fail(path, f"bad placeholder: {exc}")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        {dict: "a mapping", list: "a list", str: "a string", int: "a number", bool: "true/false"}.get(k, k.__name__)
        for k in kinds
    )


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so it can key a cache
class Content:
    directory: str
    questions: dict[str, Any]
    scoring: dict[str, Any]
    guidance: dict[str, Any]
    safety: dict[str, Any]
    messages: dict[str, Any]
    fallback: dict[str, Any]
    clinic: dict[str, Any] = field(default_factory=dict)  # content/clinic.yml (data user), when present
    index: dict[str, Any] = field(default_factory=dict, compare=False)  # look-up tables built once at load

    texts: Texts = field(default_factory=lambda: Texts({}), compare=False)  # the files above, for say()
