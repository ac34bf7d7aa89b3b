"""What a label may say: the assistant's intents (from domain/) and, per assessment question, its
answer values (from content/questions.yml). Read from the project's files so the console never
offers a label the assistant does not know; cached per process."""

import functools
from pathlib import Path

from django.conf import settings

from skincheck.yamlfile import load_yaml

# Not offered as labels: produced by the fallback classifier, carried only by buttons or payloads,
# or chosen through their own options ("out of scope", "answer").
NOT_LABELS = {"nlu_fallback", "inform", "share_location", "out_of_scope"}


def repo_root() -> Path:
    return Path(settings.LABELLING_REPO_ROOT)


@functools.lru_cache(maxsize=4)
def _intents(root: str) -> tuple[str, ...]:
    names = []
    for path in sorted(Path(root, "domain").glob("*.yml")):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
        for item in data.get("intents") or []:
            name = next(iter(item)) if isinstance(item, dict) else str(item)
            if name not in names:
                names.append(name)
    return tuple(names)


def intents() -> list[str]:
    """Intents staff may choose (FAQs first, then commands), each a domain intent."""
    names = [n for n in _intents(str(repo_root())) if n not in NOT_LABELS]
    return sorted(names, key=lambda n: (not n.startswith("faq_"), n))


def all_intents() -> list[str]:
    return list(_intents(str(repo_root())))


@functools.lru_cache(maxsize=4)
def _questions(root: str) -> dict[str, dict]:
    path = Path(root, "content", "questions.yml")
    data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    sets = data.get("option_sets") or {}
    result = {}
    for slot, q in (data.get("questions") or {}).items():
        options = q.get("options") or []
        if isinstance(options, str):
            options = sets.get(options) or []
        result[slot] = {
            "label": (q.get("label") or {}).get("en") or slot,
            "prompt": (q.get("prompt") or {}).get("en") or "",
            "red_flag": bool(q.get("red_flag")),
            "options": [(str(o["value"]), (o.get("title") or {}).get("en") or str(o["value"])) for o in options],
        }
    return result


def questions() -> dict[str, dict]:
    return _questions(str(repo_root()))


def question_slots() -> list[str]:
    return list(questions())


def answer_options(slot: str) -> list[tuple[str, str]]:
    """(value, title) pairs a label may give at this question. Red-flag questions only accept
    "yes": a reviewed answer must never turn a worrying message into a "no" that skips urgent advice."""
    question = questions().get(slot)
    if not question:
        return []
    options = question["options"]
    if question["red_flag"]:
        options = [o for o in options if o[0] == "yes"]
    return options
