"""What the person is told when a staff member joins and when the assistant is back: the clinic's
texts in content/messages.yml (`handoff:`), in the conversation's language, English otherwise."""
import os
from functools import lru_cache

from nextmed_console.database import REPO_ROOT
from skincheck.content import read_yaml_mapping


@lru_cache(maxsize=1)
def _handoff_texts() -> dict:
    directory = REPO_ROOT / (os.environ.get("CONTENT_DIR") or "content")
    _, data = read_yaml_mapping(directory / "messages.yml")
    return data["handoff"]


def handoff_text(key: str, language: str) -> str:
    entry = _handoff_texts()[key]
    return entry.get((language or "en")[:2]) or entry["en"]
