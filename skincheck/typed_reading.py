"""Reads the amounts people type in their own words: how often (as times per week), how many hours of sleep,
and since when (as days before `today`). Word lists come from content/questions.yml (`language.frequency`,
`language.since`), so clinicians extend them without touching code; only the sentence shapes live here:

  "<N|once|twice> [times|x|kali] [a|per|every|each|in a] <period>"   "twice a week", "3x a day", "2 kali seminggu"
  "<N> days|nights a week"                                        "5 days a week"
  "every|each|setiap [other] <period>"                             "every morning", "every other day"
  frequency phrases and words anywhere                               "most days", "hardly ever", "weekends"
  "<N> [to|-] [<M>] hours|hrs|jam"                                   "5 hours", "6-7 hrs"
  "since <year> | last year | this year | <month> | <life stage>"    "since I was a kid", "since June"

Every reader returns None when the answer names no amount, so the caller moves on to other ways of matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from skincheck.content import Checker

_RANGE = re.compile(r"^(\d+(?:\.\d+)?)(?:-|to)(\d+(?:\.\d+)?)$")  # "6-7" survives tokenising as "6", "7"
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_WORDS = {
    **{m: i + 1 for i, m in enumerate(_MONTHS)},
    **{m[:3]: i + 1 for i, m in enumerate(_MONTHS)},
    "sept": 9,
    "januari": 1,
    "februari": 2,
    "mac": 3,
    "mei": 5,
    "jun": 6,
    "julai": 7,
    "ogos": 8,
    "oktober": 10,
    "disember": 12,
}


@dataclass(frozen=True)
class Reading:
    """Word lists for the readers (built once from content)."""

    phrases: tuple[Any, ...]  # ((token tuple, times per week), ...), longest first
    periods: dict[Any, Any]  # period word -> times per week when it happens once per period ("week": 1, "day": 7)
    times: dict[Any, Any]  # "once": 1, "twice": 2, "sekali": 1
    numbers: dict[Any, Any]  # number words from language.number_words
    every: frozenset[Any]  # every, each, setiap, tiap
    almost: frozenset[Any]  # almost, nearly, hampir: "almost every day" is a share of every day
    almost_share: float
    per: frozenset[Any]  # a, an, per, every, each, in, the: words allowed between "twice" and "week"
    hour_units: frozenset[Any]
    since_words: frozenset[Any]
    life_stages: frozenset[Any]
    last: frozenset[Any]  # last, lepas
    this: frozenset[Any]  # this, ini


def build(config: dict[Any, Any], numbers: dict[Any, Any], phrase: Callable[[str], Any]) -> Reading:
    freq = config.get("frequency") or {}
    since = config.get("since") or {}
    phrases = sorted(
        ((phrase(p), float(v)) for p, v in (freq.get("phrases") or {}).items() if phrase(p)),
        key=lambda item: -len(item[0]),
    )
    return Reading(
        phrases=tuple(phrases),
        periods={k: float(v) for k, v in (freq.get("periods") or {}).items()},
        times={k: float(v) for k, v in (freq.get("times") or {}).items()},
        numbers=dict(numbers),
        every=frozenset(freq.get("every") or ()),
        almost=frozenset((freq.get("almost") or {}).get("words") or ()),
        almost_share=float((freq.get("almost") or {}).get("share") or 0),
        per=frozenset(freq.get("between") or ()),
        hour_units=frozenset(config.get("hour_units") or ()),
        since_words=frozenset(since.get("words") or ()),
        life_stages=frozenset(since.get("life_stages") or ()),
        last=frozenset(since.get("last") or ()),
        this=frozenset(since.get("this") or ()),
    )


def _number(reading: Reading, token: str) -> float | None:
    if token in reading.numbers:
        return float(reading.numbers[token])
    try:
        return float(token)
    except ValueError:
        return None


COUNT_WORDS = ("times", "time", "x", "kali")  # "<number> times": the count spans two words


def _count_before(reading: Reading, words: Sequence[str], i: int) -> float | None:
    """The count ending at words[i]: "twice", "3 times", "3x", "2 kali", "once or twice" (averaged)."""
    word = words[i]
    if word in reading.times:
        times: float = reading.times[word]
        if i >= 2 and words[i - 1] in ("or", "to", "atau") and words[i - 2] in reading.times:
            times = (times + reading.times[words[i - 2]]) / 2
        return times
    if word in COUNT_WORDS and i >= 1:
        count = _number(reading, words[i - 1])
        if count is None and words[i - 1] in ("few", "couple", "several", "beberapa"):
            count = 2.0 if words[i - 1] == "couple" else 3.0
        first = _number(reading, words[i - 3]) if i >= 3 and words[i - 2] in ("or", "to", "-") else None
        if count is not None and first:
            count = (count + first) / 2
        return count
    glued = re.match(r"^(\d+)x$", word)
    if glued:
        return float(glued.group(1))
    return None


def frequency(reading: Reading, clauses: Sequence[Sequence[str]], negated: Callable[..., bool]) -> float | None:
    """Times per week named in the answer; a counted frequency beats a vague word ("not much, maybe twice a
    week" = 2). `negated(clause, start, end)` tells whether a phrase is negated ("not every day")."""
    counted: list[float] = []
    vague: list[float] = []
    for clause in clauses:
        words = list(clause)
        for i in range(len(words)):
            # "<count> [a|per|every] <period>" and Malay "<count> kali seminggu" / "seminggu sekali"
            count = _count_before(reading, words, i)
            if count is not None:
                for j in range(i + 1, min(i + 4, len(words))):
                    if words[j] in reading.periods:
                        counted.append(count * reading.periods[words[j]])
                        break
                    if words[j] not in reading.per:
                        break
                # the period before the count: "seminggu sekali", "seminggu dua kali", "a week 3x"
                start = i - 1 if words[i] in COUNT_WORDS else i
                if start >= 1 and words[start - 1] in reading.periods:
                    counted.append(count * reading.periods[words[start - 1]])
            # "<N> days a week"
            days = _number(reading, words[i - 1]) if words[i] in ("days", "nights", "hari") and i >= 1 else None
            if days is not None:
                rest = words[i + 1 : i + 4]
                if any(w in ("week", "minggu", "seminggu") for w in rest):
                    counted.append(days)
            # "every [other] <period>" ("almost every <period>" is a vague phrase, below)
            if words[i] in reading.every and not (i and words[i - 1] in reading.almost):
                j = i + 1
                every_n = _number(reading, words[j]) if j < len(words) else None  # "every two months"
                if every_n and j + 1 < len(words) and words[j + 1].rstrip("s") in reading.periods:
                    counted.append(reading.periods[words[j + 1].rstrip("s")] / every_n)
                    continue
                other = j < len(words) and words[j] in ("other", "second", "alternate", "2nd")
                j += other
                # "not every day" could be anything from 0 to 6 days: no reading, the caller re-asks
                if j < len(words) and words[j] in reading.periods and not negated(words, i, j + 1):
                    counted.append(reading.periods[words[j]] / (2 if other else 1))
        for start, end, rate in _vague(reading, words):
            vague.append(_dampen(rate) if negated(words, start, end) else rate)
    if counted:
        return max(counted)
    return max(vague) if vague else None


def _vague(reading: Reading, words: Sequence[str]) -> list[tuple[int, int, float]]:
    """(start, end, times per week) of the vague frequencies in one clause: the content's phrases, and "almost
    every <period>" as a share of the period's rate. A phrase inside a longer one is left out: "almost daily"
    is not also "daily"."""
    found = []
    for tokens, rate in reading.phrases:  # longest first
        n = len(tokens)
        found += [(i, i + n, rate) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == tokens]
    for i in range(1, len(words) - 1):
        if words[i - 1] in reading.almost and words[i] in reading.every and words[i + 1] in reading.periods:
            found.append((i - 1, i + 2, reading.periods[words[i + 1]] * reading.almost_share))
    kept: list[tuple[int, int, float]] = []
    for start, end, rate in sorted(found, key=lambda f: f[0] - f[1]):  # longest first; ties keep the phrase
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, rate))
    return kept


def vague_spans(reading: Reading, clauses: Sequence[Sequence[str]]) -> list[tuple[int, int, int]]:
    """(clause, start, end) of each vague frequency: an option word inside one ("daily" in "almost daily") is
    part of the frequency, not an answer by itself."""
    return [(c, start, end) for c, clause in enumerate(clauses) for start, end, _ in _vague(reading, list(clause))]


def _dampen(rate: float) -> float:
    """A negated frequency: "not every day" is some days, "not often" is rarely."""
    return 2.0 if rate >= 5 else min(rate, 0.25)


def hours(reading: Reading, words: Sequence[str]) -> float | None:
    """Hours named ("5 hours", "6-7 hrs", "five hours", "5h"); a range gives its middle."""
    for i, word in enumerate(words):
        glued = re.match(r"^(\d+(?:\.\d+)?)(h|hr|hrs|hours|jam)$", word)
        if glued:
            return float(glued.group(1))
        if word in reading.hour_units and i >= 1:
            last = _number(reading, words[i - 1])
            if last is None:
                continue
            first = _number(reading, words[i - 3]) if i >= 3 and words[i - 2] in ("to", "or", "-") else None
            if first is not None:
                return (last + first) / 2
            before = _number(reading, words[i - 2]) if i >= 2 else None
            if before is not None:  # "6 7 hours" from "6-7 hours"
                return (last + before) / 2
            return last
    return None


def since_days(reading: Reading, words: Sequence[str], today: date) -> float | None:
    """Days since a point named after "since"/"sejak": a year, last/this year or month, a month name, or a life
    stage ("since I was a kid", "since secondary school"). A year or month is taken at its middle."""
    for i, word in enumerate(words):
        if word not in reading.since_words:
            continue
        rest = list(words[i + 1 : i + 6])
        if any(w in reading.life_stages for w in rest):
            return 3650.0
        for k, w in enumerate(rest):
            if w in reading.last and k + 1 < len(rest) and rest[k + 1] in ("year", "tahun"):
                return float((today - date(today.year - 1, 7, 1)).days)
            if w in ("year", "tahun") and k + 1 < len(rest) and rest[k + 1] in reading.last:  # "tahun lepas"
                return float((today - date(today.year - 1, 7, 1)).days)
            if w in reading.this and k + 1 < len(rest) and rest[k + 1] in ("year", "tahun"):
                return float((today - date(today.year, 1, 1)).days)
            if w in ("year", "tahun") and k + 1 < len(rest) and rest[k + 1] in reading.this:
                return float((today - date(today.year, 1, 1)).days)
            if w.isdigit() and 1900 < int(w) <= today.year:
                return float(max((today - date(int(w), 7, 1)).days, 30))
            if w in _MONTH_WORDS and not (w == "may" and k + 1 < len(rest)):  # "may" is usually the verb
                month = _MONTH_WORDS[w]
                year = today.year if month <= today.month else today.year - 1
                if k + 1 < len(rest) and rest[k + 1].isdigit() and 1900 < int(rest[k + 1]) <= today.year:
                    year = int(rest[k + 1])
                return float(max((today - date(year, month, 15)).days, 1))
    return None


def validate(config: dict[Any, Any], check: Checker) -> None:
    freq = check.get(config, "frequency", "language", dict)
    for key in ("phrases", "periods", "times"):
        for word, number in check.get(freq, key, "language.frequency", dict).items():
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                check.fail(f"language.frequency.{key}.{word}", "must be a number (times per week)")
    for key in ("every", "between"):
        check.strings(check.get(freq, key, "language.frequency"), f"language.frequency.{key}")
    almost = check.get(freq, "almost", "language.frequency", dict)
    check.strings(check.get(almost, "words", "language.frequency.almost"), "language.frequency.almost.words")
    share = check.get(almost, "share", "language.frequency.almost")
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 < share < 1:
        check.fail("language.frequency.almost.share", "must be a number between 0 and 1 (of the period's rate)")
    check.strings(check.get(config, "hour_units", "language"), "language.hour_units")
    since = check.get(config, "since", "language", dict)
    for key in ("words", "life_stages", "last", "this"):
        check.strings(check.get(since, key, "language.since"), f"language.since.{key}")
