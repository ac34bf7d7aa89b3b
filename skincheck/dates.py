"""Preferred date and time of day from free text, in English and Malay.

dateparser 1.2.0 (pinned by Rasa) reads absolute dates well but misses what people actually type in a
chat here: "next Monday", "Isnin depan", "lusa", "this Saturday". Those rules come first; dateparser
is the fallback. `today` is always passed in (Malaysian date) so results never depend on the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

# Malaysia has kept UTC+8 without daylight saving since 1982, so a fixed offset is exact and needs
# no tz database on the machine.
MALAYSIA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Kuala_Lumpur")

_WEEKDAYS = {
    0: ("monday", "mon", "isnin"),
    1: ("tuesday", "tue", "tues", "selasa"),
    2: ("wednesday", "wed", "rabu"),
    3: ("thursday", "thu", "thur", "thurs", "khamis"),
    4: ("friday", "fri", "jumaat", "jumat", "jummat"),
    5: ("saturday", "sat", "sabtu"),
    6: ("sunday", "sun", "ahad"),
}
_WEEKDAY_WORD = {word: n for n, words in _WEEKDAYS.items() for word in words}
_MONTHS = {
    1: ("jan", "january", "januari"),
    2: ("feb", "february", "februari"),
    3: ("mar", "march", "mac"),
    4: ("apr", "april"),
    5: ("may", "mei"),
    6: ("jun", "june"),
    7: ("jul", "july", "julai"),
    8: ("aug", "august", "ogos"),
    9: ("sep", "sept", "september"),
    10: ("oct", "october", "oktober"),
    11: ("nov", "november"),
    12: ("dec", "december", "disember"),
}
_MONTH_WORD = {word: n for n, words in _MONTHS.items() for word in words}
_MONTH_RE = "|".join(sorted(_MONTH_WORD, key=len, reverse=True))

# Relative days, longest phrases first so "day after tomorrow" is not read as "tomorrow".
_RELATIVE = (
    (("day after tomorrow", "the day after tomorrow", "lusa"), 2),
    (("tomorrow", "tmr", "tmrw", "tomoro", "tommorow", "tomorow", "esok", "besok", "esk"), 1),
    (("today", "hari ini", "hari ni", "harini", "tonight", "malam ini", "malam ni", "later today"), 0),
)
_NEXT_WORDS = ("next", "depan", "hadapan", "minggu depan", "next week")
_LAST_WORDS = ("last", "lepas", "lalu", "previous", "minggu lepas", "last week")
# A week or a weekend is not a day: ask again rather than pick one for the patient.
_VAGUE = (
    "next week",
    "this week",
    "minggu depan",
    "minggu ini",
    "weekend",
    "hujung minggu",
    "next month",
    "bulan depan",
    "anytime",
    "any day",
    "any time",
    "bila bila",
)

_RECENT_PAST_DAYS = 60

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH_NUM = re.compile(r"(?<![\d.:])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?(?![\d/:-])")
_DAY_MONTH_WORD = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|hb)?\s*(?:of\s+)?({_MONTH_RE})\b\.?(?:\s*,?\s*(\d{{4}}))?")
_ORDINAL_DAY = re.compile(r"(?<![\d/.:-])(\d{1,2})(?:st|nd|rd|th|hb)\b")
_MONTH_WORD_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?")


def malaysia_today(now: dt.datetime) -> dt.date:
    """The calendar date in Malaysia for an aware datetime (naive values are taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(MALAYSIA_TZ).date()


def _clean(text: str) -> str:
    text = str(text).lower().replace("\u2019", "'")
    text = re.sub(r"[^\w/:.\-' ]+", " ", text)
    return " " + re.sub(r"\s+", " ", text).strip() + " "


def _has(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_month(today: dt.date, day: int, month: int, year: str | None) -> dt.date | None:
    """Day and month without a year mean the next such date (3/1 said in December is next January),
    except a date of the last few weeks, which is a slip the user should hear about ("that day has passed")."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _safe_date(full, month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and (today - found).days > _RECENT_PAST_DAYS:
        found = _safe_date(today.year + 1, month, day)
    return found


def _day_of_month(today: dt.date, day: int) -> dt.date | None:
    """ "the 15th": this month's 15th, or next month's once it has passed."""
    found = _safe_date(today.year, today.month, day)
    if found is None or found < today:
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        found = _safe_date(year, month, day)
    return found


def _weekday(text: str, today: dt.date) -> dt.date | None:
    words = text.split()
    for word in words:
        target = _WEEKDAY_WORD.get(word)
        if target is None:
            continue
        if word in ("sun", "sat", "wed", "mon") and len(words) > 3:
            continue  # short forms only when the answer is short: "sun" and "sat" are also words
        if any(_has(text, w) for w in _LAST_WORDS):
            return today - dt.timedelta(days=(today.weekday() - target) % 7 or 7)  # a past day: caller says so
        if any(_has(text, w) for w in _NEXT_WORDS):
            # "next Monday" / "Isnin depan": that weekday in the following Monday-Sunday week.
            start_next_week = today + dt.timedelta(days=7 - today.weekday())
            return start_next_week + dt.timedelta(days=target)
        return today + dt.timedelta(days=(target - today.weekday()) % 7)  # upcoming, today included
    return None


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """The day the user means, or None if there is none or it is too vague ("next week")."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = _clean(text[:200])
    match = _ISO.search(text)
    if match:
        return _safe_date(*(int(g) for g in match.groups()))
    match = _DAY_MONTH_NUM.search(text)
    if match:
        return _day_month(today, int(match.group(1)), int(match.group(2)), match.group(3))
    match = _DAY_MONTH_WORD.search(text)
    if match:
        return _day_month(today, int(match.group(1)), _MONTH_WORD[match.group(2)], match.group(3))
    match = _MONTH_WORD_DAY.search(text)
    if match:
        return _day_month(today, int(match.group(2)), _MONTH_WORD[match.group(1)], match.group(3))
    match = _ORDINAL_DAY.search(text)
    if match:
        return _day_of_month(today, int(match.group(1)))
    for phrases, offset in _RELATIVE:
        if any(_has(text, p) for p in phrases):
            return today + dt.timedelta(days=offset)
    found = _weekday(text, today)
    if found is not None:
        return found
    if any(_has(text, p) for p in _VAGUE):
        return None
    return _dateparser_fallback(text.strip(), today)


def _dateparser_fallback(text: str, today: dt.date) -> dt.date | None:
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "REQUIRE_PARTS": ["day", "month"],
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12, 0)),
    }
    try:
        parsed = dateparser.parse(text, languages=["en", "ms"], settings=settings)
    except Exception:  # dateparser can raise on odd input; unknown is the honest answer
        return None
    return parsed.date() if parsed else None


# ------------------------------------------------------------------------------------------- time
@dataclass(frozen=True)
class TimeWish:
    """Either an exact time ("2.30pm") or a part of the day ("pagi" = 08:00-12:00)."""

    exact: dt.time | None = None
    window: tuple[dt.time, dt.time] | None = None


_PARTS_OF_DAY = (  # longest phrases first
    (("after lunch", "lepas lunch", "selepas makan tengah hari", "lepas makan tengah hari"), (14, 0), (17, 0)),
    (("tengah hari", "tgh hari", "noon", "midday", "lunch time", "lunchtime"), (12, 0), (14, 0)),
    (("morning", "pagi"), (8, 0), (12, 0)),
    (("afternoon",), (12, 0), (17, 0)),
    (("petang", "ptg"), (14, 0), (19, 0)),
    (("evening", "night", "malam"), (17, 0), (22, 0)),
)
_AM = ("am", "a.m.", "a.m", "pagi")
_PM = ("pm", "p.m.", "p.m", "petang", "ptg", "malam", "tengah hari", "tgh hari", "noon")
_SUFFIX = "|".join(re.escape(s) for s in sorted(_AM + _PM, key=len, reverse=True))
_CLOCK_WITH_SUFFIX = re.compile(rf"(?<![\d.:])(\d{{1,2}})(?:[:.](\d{{2}}))?\s*({_SUFFIX})(?![a-z])")
_CLOCK_24 = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])[:.h]([0-5]\d)(?![\d/])")
_BARE_HOUR = re.compile(r"^\s*(?:at|around|about|pukul|jam|pkl|kul)?\s*(\d{1,2})\s*(?:o'?clock|oclock)?\s*$")
_LATEST_MORNING_HOUR = 7  # a bare "2" or "2:30" at a clinic means afternoon; "8" to "11" mean morning


def _hour_guess(hour: int) -> int:
    return hour + 12 if 1 <= hour <= _LATEST_MORNING_HOUR else hour


def parse_time(text: str) -> TimeWish | None:
    """ "10am", "2.30pm", "14:00", "3 petang", "pagi", "afternoon" -> TimeWish; None if no time."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = _clean(text[:200])
    match = _CLOCK_WITH_SUFFIX.search(text)
    if match:
        hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        if suffix in _PM and hour != 12:
            hour += 12
        elif suffix in _AM and hour == 12:
            hour = 0
        return TimeWish(exact=dt.time(hour, minute))
    match = _CLOCK_24.search(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        return TimeWish(exact=dt.time(_hour_guess(hour), minute))
    match = _BARE_HOUR.match(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return TimeWish(exact=dt.time(_hour_guess(int(match.group(1))), 0))
    for words, start, end in _PARTS_OF_DAY:
        if any(_has(text, w) for w in words):
            return TimeWish(window=(dt.time(*start), dt.time(*end)))
    return None
