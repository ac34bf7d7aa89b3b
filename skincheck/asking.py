"""How the assessment talks while it asks: whether a message is a question rather than an answer, where the
person is ("Question 9 of 24", counting only the questions their answers lead to), which way to ask again after
failed tries, and when a person coming back should be offered to continue or start over."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skincheck.content import Content
from skincheck.questions import next_questions


def looks_like_question(content: Content, text: str) -> bool:
    """ "is yogurt good for the skin?", "can I take probiotics when pregnant" -> True;
    "5 hours of sleep", "yes, I take one every day", "weekends" -> False."""
    raw = str(text or "").strip()
    if "?" in raw:
        return True
    starts, ends = content.index["question_cues"]
    words = content.index["questions"].language.words(raw)
    return any(words[: len(cue)] == cue for cue in starts) or any(words[-len(cue) :] == cue for cue in ends)


def build_cue_index(content: Content) -> tuple[Any, ...]:
    """(starts, ends) as token tuples, from questions.yml language.question_cues."""
    lang = content.index["questions"].language
    config = content.questions["language"].get("question_cues") or {}
    return tuple(tuple(lang.phrase(c) for c in config.get(key, ()) if lang.phrase(c)) for key in ("starts", "ends"))


def progress(content: Content, answers: Mapping[Any, Any], pending: str) -> tuple[Any, ...]:
    """(n, total) for the pending question: the answered questions (skipped ones included) plus the ones still
    to come on this person's branch, so the total follows the branch actually taken."""
    order = list(content.index["questions"].questions)
    answered = [s for s in order if answers.get(s) not in (None, "") and s != pending]
    remaining = next_questions(content, {s: answers.get(s) for s in answered})
    total = len(answered) + max(len(remaining), 1)
    return len(answered) + 1, total


def tries_of(value: str | None, slot: str) -> int:
    """Failed tries at `slot` from the answer_tries slot ("<slot>:<n>"); 0 for another question."""
    if not value or ":" not in str(value):
        return 0
    name, _, count = str(value).rpartition(":")
    return int(count) if name == slot and count.isdigit() else 0


def ask_style(tries: int) -> str:
    """prompt first, then the choices spelled out, then choices with an example and Skip; after that the two
    help styles alternate, so the same words are never asked three times in a row."""
    if tries == 0:
        return "prompt"
    return "reask" if tries % 2 == 1 else "help"
