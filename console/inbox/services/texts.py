"""What the person is told when a staff member joins and when the assistant is back: the clinic's
texts in content/messages.yml (`handoff:`), through the shared text API (skincheck.texts), in the
conversation's language where the language table allows, English otherwise."""

import os
from functools import lru_cache

from nextmed_console.database import REPO_ROOT

from skincheck.texts import Texts
from skincheck.texts import load as load_texts


@lru_cache(maxsize=1)
def _texts() -> Texts:
    return load_texts(REPO_ROOT / (os.environ.get("CONTENT_DIR") or "content"), files=("messages",))


def handoff_text(key: str, language: str) -> str:
    return _texts().say("messages", f"handoff.{key}", language)
