"""A question's answer options as plain data, shared by questions, scoring, guidance and answer parsing.

Kept apart from skincheck.questions so the validators of scoring and guidance can list option values
without importing the question logic (which itself uses scoring's conditions)."""

from __future__ import annotations

from typing import Any


def options_of(data: dict[str, Any], slot: str) -> list[dict[str, Any]]:
    """A question's options, resolving a shared option set and adding per-question synonyms."""
    question = data["questions"][slot]
    options = question["options"]
    if isinstance(options, str):
        options = data["option_sets"][options]
    extra = question.get("extra_synonyms") or {}
    return [dict(o, synonyms=list(o.get("synonyms") or []) + list(extra.get(o["value"]) or [])) for o in options]


def option_values(data: dict[str, Any]) -> dict[str, list[str]]:
    return {slot: [o["value"] for o in options_of(data, slot)] for slot in data["questions"]}
