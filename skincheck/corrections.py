"""Spots a change to an earlier answer: "actually I do take probiotics", "sorry I meant acne".

Needs a correction cue (questions.yml corrections.cues) so an ordinary answer is never mistaken for one. The
question is found by its topic words, in question order. Returns (slot, value), with value None when the new
answer is unclear (the caller re-asks that question), or None when no question can be identified.
"""

from __future__ import annotations

from typing import Any

from skincheck.content import Checker, Content
from skincheck.questions import parse_answer
from skincheck.textmatch import Hit, Language, Phrase, find_phrases


def parse_correction(content: Content, text: str, lang: str = "en") -> tuple[Any, ...] | None:
    cues, topics = content.index["corrections"]
    language = content.index["questions"].language
    cue_hits = find_phrases(language, text, cues)
    if not cue_hits:
        return None
    rest = _without_cues(language, text, cue_hits)
    slots = list(dict.fromkeys(h.key for h in find_phrases(language, rest, topics)))
    ordered = [s for s in content.index["questions"].questions if s in slots]
    for slot in ordered:
        answer = parse_answer(content, slot, rest, lang)
        if answer.value is not None:
            return slot, answer.value
    return (ordered[0], None) if len(ordered) == 1 else None


def _without_cues(language: Language, text: str, cue_hits: list[Hit]) -> str:
    """The clauses with the cue words removed: "sorry I meant acne" -> "i acne" (pronouns do no harm)."""
    clauses = language.clauses(text)
    drop = {(h.clause, i) for h in cue_hits for i in range(h.start, h.end)}
    return ", ".join(" ".join(t for i, t in enumerate(c) if (n, i) not in drop) for n, c in enumerate(clauses))


def build_index(content: Content) -> tuple[Any, ...]:
    language = content.index["questions"].language
    data = content.questions
    cues = {language.phrase(c): "cue" for c in data["corrections"]["cues"] if language.phrase(c)}
    topics: dict[Phrase, str] = {}
    for slot, question in data["questions"].items():
        for word in question.get("topic") or ():
            topics.setdefault(language.phrase(word), slot)
    return cues, topics


def validate(data: dict[str, Any], check: Checker) -> None:
    block = check.get(data, "corrections", "", dict)
    check.strings(check.get(block, "cues", "corrections"), "corrections.cues")
