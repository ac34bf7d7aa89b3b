"""Word-level text matching shared by answer parsing, corrections and safety screening.

Works on tokens, so "no" never matches inside "nose", and keeps clause boundaries, so a negation in one clause
("no fever, but I cant breathe") does not cancel a phrase in the next one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_CLAUSE_BREAK = re.compile(r"[,;:!?\n()]+|\.(?!\d)")  # a dot inside "1.5" is not a break
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")

Phrase = tuple[str, ...]  # a phrase as a tuple of tokens


def simplify(text: str) -> str:
    """Lower case, compatibility-normalised, apostrophes dropped ("can't" -> "cant")."""
    return _APOSTROPHES.sub("", unicodedata.normalize("NFKC", str(text)).lower())


@dataclass(frozen=True)
class Language:
    """Word lists from content: particles to ignore, clause breakers and negation cues."""

    fillers: frozenset[str] = frozenset()
    breakers: frozenset[str] = frozenset()
    negations_before: tuple[Phrase, ...] = ()  # phrases that negate what follows within `window` tokens
    negations_after: tuple[
        Phrase, ...
    ] = ()  # phrases that negate what precedes when they end the clause ("demam takde")
    window: int = 3
    joiners: frozenset[str] = frozenset()  # "no fever or rash": a negation carries across "or" to the end of the clause

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Language:
        plain = cls()
        return cls(
            fillers=frozenset(config.get("fillers", ())),
            breakers=frozenset(config.get("clause_breakers", ())),
            negations_before=tuple(plain.phrase(p) for p in config.get("negations_before", ())),
            negations_after=tuple(plain.phrase(p) for p in config.get("negations_after", ())),
            window=int(config.get("negation_window", 3)),
            joiners=frozenset(config.get("negation_joiners", ())),
        )

    def phrase(self, text: str) -> Phrase:
        return tuple(t for t in _TOKEN.findall(simplify(text)) if t not in self.fillers)

    def clauses(self, text: str) -> list[list[str]]:
        """Token lists per clause; filler particles ("lah", "leh") removed."""
        result = []
        for part in _CLAUSE_BREAK.split(simplify(text)):
            current: list[str] = []
            for token in _TOKEN.findall(part):
                if token in self.breakers:
                    result.append(current)
                    current = []
                elif token not in self.fillers:
                    current.append(token)
            result.append(current)
        return [c for c in result if c]

    def words(self, text: str) -> Phrase:
        return tuple(t for clause in self.clauses(text) for t in clause)

    def negated(self, clause: Sequence[str], start: int, end: int) -> bool:
        before = tuple(clause[max(0, start - self.window) : start])
        if any(_contains(before, neg) for neg in self.negations_before):
            return True
        earlier = tuple(clause[:start])
        for i in range(len(earlier)):
            if earlier[i] in self.joiners and any(_contains(earlier[:i], neg) for neg in self.negations_before):
                return True
        after = tuple(clause[end:])
        return any(after and after[-len(neg) :] == neg and len(after) <= len(neg) + 1 for neg in self.negations_after)


@dataclass(frozen=True)
class Hit:
    key: object
    clause: int
    start: int
    end: int
    negated: bool


def _contains(tokens: Phrase, phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def find_phrases(lang: Language, text: str, phrases: dict[Phrase, Any]) -> list[Hit]:
    """Every occurrence of the phrases ({token tuple: key}); a hit inside a longer hit is dropped."""
    hits = []
    for c, clause in enumerate(lang.clauses(text)):
        found = []
        for phrase, key in phrases.items():
            n = len(phrase)
            for i in range(len(clause) - n + 1):
                if tuple(clause[i : i + n]) == phrase:
                    found.append((i, i + n, key))
        found.sort(key=lambda f: f[0] - f[1])  # longest first
        kept: list[tuple[int, int, Any]] = []
        for start, end, key in found:
            if all(end <= s or start >= e for s, e, _ in kept):
                kept.append((start, end, key))
        hits += [Hit(key, c, s, e, lang.negated(clause, s, e)) for s, e, key in sorted(kept)]
    return hits


def allowed_edits(length: int, rules: Iterable[tuple[int, int]]) -> int:
    """Typos tolerated for a word of this length; rules are (min_length, edits) pairs."""
    edits = 0
    for min_length, n in sorted(rules):
        if length >= min_length:
            edits = n
    return edits


def closest(text: str, candidates: Iterable[tuple[str, Any]], rules: Iterable[tuple[int, int]]) -> set[Any]:
    """Keys of the candidates ((string, key) pairs) nearest to text within the typo allowance.

    Compared word by word, each word within the allowance for the shorter of the two words, so a typo never
    changes the meaning: "take" (4 letters) is not "takde", and "i eat vegetables" is not "i hate vegetables"."""
    rules = list(rules)
    words = text.split()
    best, keys = None, set()
    for candidate, key in candidates:
        other = candidate.split()
        if len(other) != len(words):
            continue
        total = 0
        for mine, theirs in zip(words, other, strict=False):
            limit = allowed_edits(min(len(mine), len(theirs)), rules)
            distance = OSA.distance(mine, theirs, score_cutoff=limit)
            if distance > limit:
                break
            total += distance
        else:
            if total and (best is None or total < best):
                best, keys = total, {key}
            elif total and total == best:
                keys.add(key)
    return keys
