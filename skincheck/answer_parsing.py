"""Free-text answer matching for one question, built once from questions.yml.

Order of attempts, most to least certain: the option value itself (button payloads), the whole answer equal to a
title or synonym, a number of days or a duration (also "since last year", "since I was a kid"), hours of sleep,
a counted frequency ("twice a week"), body areas for questions that derive from them, a named item for yes
("maybe chocolate"), option words found inside a longer answer (negated ones ignored, e.g. "not every day"),
small typos, the question's topic negated or not ("no fever" -> no, "no bleeding" -> no days), a vague frequency
("hardly ever"), and last a leading yes or no ("nope, breathing fine", "no, I don't take any pills").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from skincheck import typed_reading as tr
from skincheck.content import Checker
from skincheck.textmatch import Language, closest, find_phrases

_NUMBER_WITH_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")  # "3months"


@dataclass(frozen=True)
class Question:
    slot: str
    kind: str
    skippable: bool
    red_flag: bool
    values: tuple[Any, ...]
    ask_when: dict[Any, Any] | None
    exact: dict[Any, Any]  # whole answer (token tuple) -> value
    scan: dict[Any, Any]  # phrase found inside an answer -> value
    fuzzy: tuple[Any, ...]  # (phrase text, value) for typo matching of whole answers
    priority: dict[Any, Any]  # value -> priority when several options are named
    topic: dict[Any, Any]  # topic phrase -> slot
    thresholds: tuple[Any, ...]  # (from, value), ascending, for count and duration questions
    number_max: float | None
    per_week: tuple[Any, ...] = ()  # (times per week from, value), ascending: frequencies in words
    hour_rule: tuple[Any, ...] = ()  # (hours from, value), ascending: "5 hours" of sleep
    yes_value: str | None = None  # the option a plain "yes" means (derived from the "yes" synonym)
    no_value: str | None = None  # the option a plain "no" means
    items: dict[Any, Any] | None = (
        None  # phrase -> item: naming one means yes ("maybe chocolate"), noted for the doctor
    )
    follow_up: str | None = None  # a later question the same answer may also answer ("yes, Yakult daily")
    areas: dict[Any, Any] | None = None  # derive from body areas: {face: v, face_and_other: v, other: v}
    together: tuple[Any, ...] = ()  # (frozenset of values, value): naming all of them means that option ("both")
    bare_number: tuple[float, float] | None = None  # (days per unit, lowest number): "I'm 30" is 30 years old


@dataclass(frozen=True)
class Index:
    language: Language
    skip_words: frozenset[Any]
    questions: dict[Any, Any]  # slot -> Question, in asking order
    numbers: dict[Any, Any]
    quantities: dict[Any, Any]
    units: dict[Any, Any]
    fixed_durations: dict[Any, Any]
    scan_min_chars: int
    fuzzy_edits: tuple[Any, ...]
    reading: tr.Reading
    yes_words: frozenset[Any] = frozenset()  # first words that make an answer a yes / a no
    no_words: frozenset[Any] = frozenset()
    hedges: frozenset[Any] = frozenset()  # "not sure", "maybe", "dont know": never read as a yes or a no
    openers: frozenset[Any] = frozenset()  # "well", "honestly", "i think": skipped before a leading yes or no
    determiners: frozenset[Any] = frozenset()  # "my", "both": dropped when matching body areas


def build_index(data: dict[Any, Any], options_of: Callable[..., Any]) -> Index:
    config = data["language"]
    lang = Language.from_config(config)
    min_chars = int(config.get("scan_min_chars", 3))
    questions = {}
    for slot, q in data["questions"].items():
        exact: dict[Any, Any] = {}
        scan: dict[Any, Any] = {}
        fuzzy: list[Any] = []
        priority: dict[Any, Any] = {}
        thresholds: list[Any] = []
        per_week: list[Any] = []
        together: list[Any] = []
        for option in options_of(data, slot):
            value = option["value"]
            whole = list(option["title"].values()) + option["synonyms"]
            for text in whole:
                phrase = lang.phrase(text)
                if phrase:
                    exact.setdefault(phrase, value)
                    if len(phrase) > 1 or len(phrase[0]) >= min_chars:
                        scan.setdefault(phrase, value)
                    fuzzy.append((" ".join(phrase), value))
            for text in option.get("keywords") or ():
                if lang.phrase(text):
                    scan.setdefault(lang.phrase(text), value)
            priority[value] = option.get("priority", 1)
            if option.get("named_together"):
                together.append((frozenset(option["named_together"]), value))
            if "from" in option:
                thresholds.append((option["from"], value))
            if "per_week" in option:
                per_week.append((float(option["per_week"]), value))
        items = {}
        for text in q.get("yes_items") or ():
            if lang.phrase(text):
                items[lang.phrase(text)] = " ".join(lang.phrase(text))
        questions[slot] = Question(
            slot=slot,
            kind=q.get("kind", "choice"),
            skippable=q["skippable"],
            red_flag=bool(q.get("red_flag")),
            values=tuple(priority),
            ask_when=q.get("ask_when"),
            exact=exact,
            scan=scan,
            fuzzy=tuple(fuzzy),
            priority=priority,
            topic={lang.phrase(t): slot for t in q.get("topic") or () if lang.phrase(t)},
            thresholds=tuple(sorted(thresholds)),
            number_max=q.get("number_max"),
            per_week=tuple(sorted(per_week)),
            hour_rule=tuple(sorted((float(h), v) for h, v in q.get("hours") or ())),
            yes_value=q.get("yes_value") or exact.get(("yes",)),
            no_value=exact.get(("no",)),
            items=items,
            follow_up=q.get("follow_up"),
            areas=q.get("from_areas"),
            together=tuple(together),
            bare_number=_bare_number_rule(q, config.get("duration_units") or {}),
        )
    polarity = config.get("polarity") or {}
    return Index(
        language=lang,
        skip_words=frozenset(lang.phrase(w) for w in data["skip_words"]),
        questions=questions,
        numbers=dict(config.get("number_words", {})),
        quantities=dict(config.get("quantity_words", {})),
        units=dict(config.get("duration_units", {})),
        fixed_durations=dict(config.get("fixed_durations", {})),
        scan_min_chars=min_chars,
        fuzzy_edits=tuple(tuple(r) for r in config.get("fuzzy_edits", ())),
        reading=tr.build(config, config.get("number_words", {}), lang.phrase),
        yes_words=frozenset(polarity.get("yes") or ()),
        no_words=frozenset(polarity.get("no") or ()),
        hedges=frozenset(polarity.get("hedges") or ()),
        openers=frozenset(polarity.get("openers") or ()),
        determiners=frozenset(config.get("determiners") or ()),
    )


def payload_value(question: Question, raw: str) -> str | None:
    """A button payload carries the option value itself ("days_7", or "face,back" for body areas)."""
    parts = [p.strip() for p in raw.lower().split(",") if p.strip()]
    if not parts or not all(p in question.values for p in parts):
        return None
    if question.kind == "multi":
        return ",".join(v for v in question.values if v in parts)
    return parts[0] if len(parts) == 1 else None


def read(index: Index, question: Question, raw: str, today: date | None = None) -> tuple[Any, ...]:
    """(option value or None, note): the note names the item a yes was given with ("chocolate")."""
    today = today or date.today()
    lang = index.language
    raw = _without_opening_clause(index, raw)
    words = lang.words(raw)
    if words in question.exact:
        return question.exact[words], None
    # A number decides a count or duration on its own: "10 days" or "2-3 days" is re-asked, not guessed.
    numbers: dict[str, Callable[[], list[Any]]] = {
        "count": lambda: _numbers(index, words),
        "duration": lambda: [d for d in [_duration_days(index, words, today)] if d is not None],
    }
    if question.kind in numbers:
        found_numbers = numbers[question.kind]()
        if found_numbers:
            return _from_numbers(question, found_numbers), None
        if question.bare_number:
            value = _from_bare_number(index, question, words)
            if value is not None:
                return value, None
    if question.hour_rule:
        slept = tr.hours(index.reading, words)
        if slept is not None:
            return _threshold(question.hour_rule, slept), None
    clauses = lang.clauses(raw)
    rate = tr.frequency(index.reading, clauses, lang.negated) if question.per_week else None
    if rate is not None and _counted(index, clauses):
        return _threshold(question.per_week, rate), None
    if question.areas:
        value = _from_areas(index, question, raw)
        if value:
            return value, None
    if question.items:
        named = [h.key for h in find_phrases(lang, raw, question.items) if not h.negated]
        if named and question.yes_value:
            return question.yes_value, ", ".join(dict.fromkeys(str(n) for n in named))
    scan_text = _without_determiners(index, raw) if question.kind == "multi" else raw
    found = _option_words(index, question, scan_text)
    # A typo guess never outvotes the question's own topic named in the answer: "slight fever" is one edit
    # from a no-word, but it says there is a fever.
    topic = _topic_yes_no(index, question, raw) if question.topic else None
    if topic == "mixed" and question.red_flag:  # "tak demam semalam tapi hari ni demam" is never a no
        found = [v for v in found if v != question.no_value]
    if not found and not topic:
        found = _typo_words(index, question, raw)
    if question.kind == "multi":
        return ",".join(v for v in question.values if v in found) or None, None
    if found:
        return _one(question, set(found)), None
    if topic == "no" and question.no_value:
        return question.no_value, None
    if topic == "yes" and set(question.values) >= {"yes", "no"}:
        return topic, None
    if rate is not None:
        return _threshold(question.per_week, rate), None
    if topic == "mixed":  # "no fever yesterday but fever today": asked again, never read by its leading "no"
        return None, None
    lead = leading_polarity(index, words)
    if lead == "no" and question.no_value:
        return question.no_value, None
    if lead == "yes" and question.yes_value:
        return question.yes_value, None
    if any(ch.isdigit() for ch in raw):  # "10 days" is one typo from "0 days": never fuzz numbers
        return None, None
    return _one(question, closest(" ".join(words), question.fuzzy, index.fuzzy_edits)), None


def follow_up_value(index: Index, question: Question, raw: str) -> str | None:
    """The answer to a follow-up question given in passing ("yes, Yakult daily" -> daily): words that name one
    of its options, or a frequency, but never a whole-answer synonym or a bare yes/no."""
    lang = index.language
    clauses = lang.clauses(raw)
    # In the order read() uses: a counted frequency, then the question's own option words ("sometimes" is "now
    # and then" for probiotics, not the generic 2 a week), then a vague frequency.
    rate = tr.frequency(index.reading, clauses, lang.negated) if question.per_week else None
    if rate is not None and _counted(index, clauses):
        return _threshold(question.per_week, rate)
    found = _option_words(index, question, raw)
    if found:
        return _one(question, set(found))
    return _threshold(question.per_week, rate) if rate is not None else None


def _option_words(index: Index, question: Question, text: str) -> list[Any]:
    """The options whose words the answer names, not negated. On a frequency question an option word inside a
    longer frequency phrase does not count: "almost daily" is 5.5 days a week, not "daily"."""
    lang = index.language
    hits = [h for h in find_phrases(lang, text, question.scan) if not h.negated]
    if question.per_week and hits:
        spans = tr.vague_spans(index.reading, lang.clauses(text))
        hits = [
            h
            for h in hits
            if not any(c == h.clause and s <= h.start and h.end <= e and e - s > h.end - h.start for c, s, e in spans)
        ]
    return [h.key for h in hits]


def _threshold(rules: tuple[Any, ...], amount: float) -> str | None:
    """The option whose lower bound is the highest one not above the amount."""
    return next((value for start, value in reversed(rules) if amount >= start), None)


def _counted(index: Index, clauses: list[Any]) -> bool:
    """True when the answer counts ("twice a week", "every morning") rather than hedges ("hardly ever")."""
    reading = index.reading
    for clause in clauses:
        for i, word in enumerate(clause):
            if word in reading.every or tr._count_before(reading, clause, i) is not None:
                return True
    return False


def _from_areas(index: Index, question: Question, raw: str) -> str | None:
    """ "face, chest and shoulders" -> face_and_body, via the body-area question's words."""
    body = index.questions.get("body_area")
    if body is None:
        return None
    hits = find_phrases(index.language, _without_determiners(index, raw), body.scan)
    areas = {h.key for h in hits if not h.negated}
    if not areas:
        return None
    other = areas - {"face"}
    if question.areas is None:
        return None
    if "face" in areas:
        return question.areas.get("face_and_other") if other else question.areas.get("face")
    return question.areas.get("other")


def _without_opening_clause(index: Index, raw: str) -> str:
    """ "well, poor" -> "poor": a first clause of discourse words only is not part of the answer."""
    head, sep, rest = raw.partition(",")
    if sep and rest.strip() and all(w in index.openers for w in index.language.words(head) or ("-",)):
        return rest
    return raw


def _without_determiners(index: Index, raw: str) -> str:
    return " , ".join(
        " ".join(w for w in clause if w not in index.determiners) for clause in index.language.clauses(raw)
    )


def leading_polarity(index: Index, words: tuple[Any, ...]) -> str | None:
    """ "nope, breathing fine" -> no; "yes I have" -> yes; nothing when the answer hedges ("not sure")."""
    if words[:2] == ("not", "that"):  # "not that I know of", "not that I noticed"
        return "no"
    if not words or any(w in index.hedges for w in words):
        return None
    while len(words) > 1 and words[0] in index.openers:  # "well, no", "honestly no", "I think yes"
        words = words[1:]
    if words[0] in index.no_words or words[:2] in (("not", "really"), ("not", "at"), ("not", "that")):
        return "no"
    if words[0] in index.yes_words:
        return "yes"
    return None


def _one(question: Question, values: set[Any]) -> str | None:
    """The single option meant, using priority when several are named; None if still ambiguous."""
    if not values:
        return None
    for named, value in question.together:  # "yakult and capsules": both
        if named <= values:
            return str(value)
    top = max(question.priority[v] for v in values)
    winners = [v for v in values if question.priority[v] == top]
    return winners[0] if len(winners) == 1 else None


def _topic_yes_no(index: Index, question: Question, raw: str) -> str | None:
    """ "no fever" / "tak demam" -> no; "demam with rash" -> yes; both ("no fever yesterday but fever today")
    -> mixed; not named -> None."""
    hits = find_phrases(index.language, raw, question.topic)
    if not hits:
        return None
    negated = {h.negated for h in hits}
    return "mixed" if len(negated) > 1 else ("no" if negated.pop() else "yes")


def red_flag_topics(index: Index, raw: str) -> list[str]:
    """For each red-flag screening question whose topic the text names: "no" when denied ("no blisters", "tak
    demam"), "yes" when not, "mixed" when both ("no swelling, breathing fine")."""
    answers = (_topic_yes_no(index, q, raw) for q in index.questions.values() if q.red_flag)
    return [answer for answer in answers if answer]


def _typo_words(index: Index, question: Question, raw: str) -> list[Any]:
    """Option words with a small typo ("pimpels"), unless negated like exact words ("not itchyy")."""
    single = [(p[0], v) for p, v in question.scan.items() if len(p) == 1]
    found: list[Any] = []
    for clause in index.language.clauses(raw):
        for i, word in enumerate(clause):
            keys = closest(word, single, index.fuzzy_edits)
            if len(keys) == 1 and not index.language.negated(clause, i, i + 1):
                found += keys
    return found


def _number(index: Index, token: str) -> float | None:
    if token in index.numbers:
        return float(index.numbers[token])
    try:
        return float(token)
    except ValueError:
        return None


def _numbers(index: Index, words: tuple[Any, ...]) -> list[Any]:
    found = [n for n in (_number(index, w) for w in words) if n is not None]
    if found:
        return found
    # "a couple of days", "a few nights": a vague amount right before days or nights
    return [
        float(index.quantities[w])
        for i, w in enumerate(words)
        if w in index.quantities
        and w not in ("a", "an")
        and any(x in ("days", "nights", "hari", "malam") for x in words[i + 1 : i + 3])
    ]


def _bare_number_rule(q: dict[Any, Any], units: dict[Any, Any]) -> tuple[float, float] | None:
    rule = q.get("bare_number")
    return (float(units[rule["unit"]]), float(rule["at_least"])) if rule else None


def _from_bare_number(index: Index, question: Question, words: tuple[Any, ...]) -> str | None:
    """The option for one number given without a unit ("I'm 30"), read in the question's bare_number unit; None
    for several numbers, or one below the rule's lowest (months or years would differ: asked again)."""
    assert question.bare_number is not None
    days_per_unit, at_least = question.bare_number
    amounts = [n for n in (_number(index, w) for w in words) if n is not None]
    if len(amounts) != 1 or amounts[0] < at_least:
        return None
    return _from_numbers(question, [amounts[0] * days_per_unit])


def _from_numbers(question: Question, numbers: list[Any]) -> str | None:
    """The option for the numbers given; None if they point at different options or are out of range."""
    values = set()
    for n in numbers:
        if n < 0 or (question.number_max is not None and n > question.number_max):
            return None
        values.add(next((v for start, v in reversed(question.thresholds) if n >= start), None))
    return values.pop() if len(values) == 1 and None not in values else None


def _duration_days(index: Index, words: tuple[Any, ...], today: date) -> float | None:
    """Longest duration named, in days: "3 months", "a few weeks", "sebulan", "2yrs", "since 2015", "a year and a
    half", "since last year", "since I was a kid"."""
    since = tr.since_days(index.reading, words, today)
    found = [since] if since is not None else []
    for i, word in enumerate(words):
        if word in index.fixed_durations:
            found.append(float(index.fixed_durations[word]))
            continue
        glued = _NUMBER_WITH_UNIT.match(word)
        if glued and glued.group(2) in index.units:
            found.append(float(glued.group(1)) * index.units[glued.group(2)])
            continue
        amount = _number(index, word)
        if amount is None and word in index.quantities:
            amount = float(index.quantities[word])
        unit = _unit_after(index, words, i)
        if amount is not None and unit:
            half = tuple(words[i + 2 : i + 6])
            if half[:3] == ("and", "a", "half") or half[1:4] == ("and", "a", "half"):
                amount += 0.5
            found.append(amount * unit)
    return max(found) if found else None


def _unit_after(index: Index, words: tuple[Any, ...], i: int) -> float | None:
    for j in (i + 1, i + 2):  # allow one word between: "3 more weeks", "a few months"
        if j < len(words) and words[j] in index.units:
            return float(index.units[words[j]])
        if j < len(words) and words[j] not in index.quantities and words[j] not in ("more", "over", "plus", "of"):
            return None
    return None


def validate_language(config: dict[Any, Any], check: Checker) -> None:
    tr.validate(config, check)
    polarity = check.get(config, "polarity", "language", dict)
    for key in ("yes", "no", "hedges", "openers"):
        check.strings(check.get(polarity, key, "language.polarity"), f"language.polarity.{key}")
    check.strings(check.get(config, "determiners", "language"), "language.determiners")
    cues = check.get(config, "question_cues", "language", dict)
    for key in ("starts", "ends"):
        check.strings(check.get(cues, key, "language.question_cues"), f"language.question_cues.{key}")
    for key in ("fillers", "clause_breakers", "negations_before", "negations_after"):
        check.strings(check.get(config, key, "language"), f"language.{key}")
    for key in ("number_words", "quantity_words", "duration_units", "fixed_durations"):
        for word, number in check.get(config, key, "language", dict).items():
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                check.fail(f"language.{key}.{word}", "must be a number")
    rules = check.get(config, "fuzzy_edits", "language", list)
    for i, rule in enumerate(rules):
        if not (isinstance(rule, list) and len(rule) == 2 and all(isinstance(n, int) for n in rule)):
            check.fail(f"language.fuzzy_edits[{i}]", "must be [min_length, edits]")
