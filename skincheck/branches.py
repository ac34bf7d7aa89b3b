"""Branch data from content/branches.yml: opening hours on a date, closed days, contact lines.

The clinic fills in real contact details and hours over time. Until then values are the
placeholder TO_FILL_BY_CLINIC; they are loaded as "unknown" (None) so no message can ever show them.
Sentences come from content/booking.yml through the text API (skincheck.texts.Texts, loaded by
skincheck.booking.load_booking_texts); this module only decides which sentence and which values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers

from skincheck.content import Checker, read_yaml_mapping
from skincheck.geo import valid_coordinates
from skincheck.texts import Texts

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CONTACT_FIELDS = ("phone", "whatsapp", "booking_link", "address")
PLACEHOLDER_MARK = "TO_FILL"
SHORT_NAME_LIMIT = 12  # "Book at " + short name must fit a 20-character WhatsApp button
CLOSED = "closed"
TEXT_FILE = "booking"  # where the hours and contact sentences live: texts.say(TEXT_FILE, key, lang)

_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_ID = re.compile(r"^[a-z0-9_]+$")

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class Branch:
    id: str
    name: str
    short_name: str
    locality: str
    lat: float
    lon: float
    hours: dict[str, tuple[Interval, ...]]  # weekday -> sessions; () when closed that weekday
    hours_confirmed: bool
    closed_dates: dict[dt.date, str]  # date -> reason (holiday name, may be "")
    contact: dict[str, str | None]  # field -> value, None while unknown


@dataclass(frozen=True)
class DayHours:
    """What a message needs to say about one branch on one day."""

    date: dt.date
    open: bool
    sessions: tuple[Interval, ...]
    holiday: str | None  # why a normally open day is closed; None otherwise
    confirmed: bool  # False: the clinic has not confirmed its hours yet


# ---------------------------------------------------------------------------------------- loading
def load_branches(path: str | Path) -> list[Branch]:
    """Read and validate content/branches.yml; errors name the file, the branch and the field."""
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    raw = check.get(data, "branches", "", list)
    if not raw:
        check.fail("branches", "must list at least one branch")
    branches: list[Branch] = []
    for i, entry in enumerate(raw):
        branch = _load_branch(entry, i, check)
        if any(b.id == branch.id for b in branches):
            check.fail(f"branches[{i}].id", f"duplicate id {branch.id!r}")
        branches.append(branch)
    return branches


def _load_branch(entry: Any, index: int, check: Checker) -> Branch:
    branch_id = check.get(entry, "id", f"branches[{index}]", str)
    if not _ID.match(branch_id):
        check.fail(f"branches[{index}].id", f"{branch_id!r} must be lower_snake_case")
    where = f"branches[{branch_id}]"
    name = check.get(entry, "name", where, str).strip()
    short_name = check.get(entry, "short_name", where, str).strip()
    if not short_name or len(short_name) > SHORT_NAME_LIMIT:
        check.fail(f"{where}.short_name", f"{short_name!r} must be 1 to {SHORT_NAME_LIMIT} characters")
    locality = check.get(entry, "locality", where, str).strip()
    lat, lon = check.get(entry, "lat", where, (int, float)), check.get(entry, "lon", where, (int, float))
    if isinstance(lat, bool) or isinstance(lon, bool) or not valid_coordinates(lat, lon):
        check.fail(f"{where}.lat", f"({lat}, {lon}) are not valid coordinates")
    hours_raw = check.get(entry, "hours", where, dict)
    for day in hours_raw:
        if day not in WEEKDAYS:
            check.fail(f"{where}.hours.{day}", f"unknown weekday; use {', '.join(WEEKDAYS)}")
    hours = {
        day: _sessions(check.get(hours_raw, day, f"{where}.hours"), f"{where}.hours.{day}", check) for day in WEEKDAYS
    }
    confirmed = check.get(entry, "hours_confirmed", where, bool)
    closed = _closed_dates(entry.get("closed_dates") or [], f"{where}.closed_dates", check)
    contact_raw = check.get(entry, "contact", where, dict)
    contact = {
        key: _contact_value(contact_raw.get(key), key, f"{where}.contact.{key}", check) for key in CONTACT_FIELDS
    }
    return Branch(branch_id, name, short_name, locality, float(lat), float(lon), hours, confirmed, closed, contact)


def _sessions(value: Any, path: str, check: Checker) -> tuple[Interval, ...]:
    if isinstance(value, str) and value.strip().lower() == CLOSED:
        return ()
    if not isinstance(value, str):
        check.fail(path, f'{value!r} must be quoted text like "09:00-18:00" or closed')
    sessions: list[Interval] = []
    for part in value.split(","):
        match = _INTERVAL.match(part.replace(" ", ""))
        if not match:
            check.fail(path, f"'{value}' is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = dt.time(h1, m1), dt.time(h2, m2)
        if start >= end:
            check.fail(path, f"'{part.strip()}' closes before it opens")
        if sessions and start < sessions[-1][1]:
            check.fail(path, f"'{value}' sessions must be in order and not overlap")
        sessions.append((start, end))
    return tuple(sessions)


def _closed_dates(raw: Any, path: str, check: Checker) -> dict[dt.date, str]:
    if not isinstance(raw, list):
        check.fail(path, "must be a list of {date: YYYY-MM-DD, name: ...}")
    closed: dict[dt.date, str] = {}
    for i, item in enumerate(raw):
        value, reason = (item.get("date"), item.get("name") or "") if isinstance(item, dict) else (item, "")
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                check.fail(f"{path}[{i}]", f"'{value}' is not a date YYYY-MM-DD")
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            check.fail(f"{path}[{i}]", f"{value!r} is not a date YYYY-MM-DD")
        if not isinstance(reason, str):
            check.fail(f"{path}[{i}].name", "must be text")
        closed[value] = reason.strip()
    return closed


def is_placeholder(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value.strip() or PLACEHOLDER_MARK in value.upper()))


def _contact_value(value: Any, key: str, path: str, check: Checker) -> str | None:
    if is_placeholder(value):
        return None  # unknown: never shown
    if not isinstance(value, str):
        check.fail(path, f"{value!r} must be quoted text")
    text: str = value.strip()
    value = text
    if key in ("phone", "whatsapp"):
        try:
            number = phonenumbers.parse(value, "MY")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            check.fail(path, f"'{value}' is not a valid phone number")
    if key == "booking_link" and not value.startswith("https://"):
        check.fail(path, f"'{value}' must start with https://")
    return text


# ---------------------------------------------------------------------------------------- queries
def branch_by_id(branches: Sequence[Branch], branch_id: str) -> Branch | None:
    return next((b for b in branches if b.id == branch_id), None)


def hours_on(branch: Branch, day: dt.date) -> DayHours:
    holiday = branch.closed_dates.get(day)
    weekly = branch.hours[WEEKDAYS[day.weekday()]]
    if holiday is not None:
        return DayHours(day, False, (), holiday if weekly else None, branch.hours_confirmed)
    return DayHours(day, bool(weekly), weekly, None, branch.hours_confirmed)


def is_open_on(branch: Branch, day: dt.date) -> bool:
    return hours_on(branch, day).open


def closed_days(branch: Branch, start: dt.date, days: int) -> list[dt.date]:
    """Dates in [start, start + days) on which the branch is closed (weekly or holiday)."""
    return [d for d in (start + dt.timedelta(n) for n in range(days)) if not is_open_on(branch, d)]


def next_open_day(branch: Branch, after: dt.date, within_days: int = 30) -> dt.date | None:
    """The first open day strictly after `after`, if any within `within_days`."""
    for n in range(1, within_days + 1):
        day = after + dt.timedelta(n)
        if is_open_on(branch, day):
            return day
    return None


def is_within_hours(branch: Branch, day: dt.date, at: dt.time) -> bool:
    """Open at this time: from opening time until (not including) closing time."""
    return any(start <= at < end for start, end in hours_on(branch, day).sessions)


# ------------------------------------------------------------------------------------- formatting
def format_time(value: dt.time) -> str:
    """9:00 -> "9am", 14:30 -> "2:30pm" (the way times are written in Malaysian English and Malay)."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_sessions(texts: Texts, sessions: Sequence[Interval], lang: str = "en") -> str:
    if not sessions:
        return texts.say(TEXT_FILE, "hours.closed", lang)
    return texts.say(TEXT_FILE, "hours.joiner", lang).join(
        texts.say(TEXT_FILE, "hours.range", lang, open=format_time(a), close=format_time(b)) for a, b in sessions
    )


def todays_hours_text(texts: Texts, branch: Branch, today: dt.date, lang: str = "en") -> str:
    """One or two sentences: today's hours (or closed, and why) plus the "please call" note if unconfirmed."""
    info = hours_on(branch, today)
    if info.open:
        line = texts.say(TEXT_FILE, "hours.today_open", lang, hours=format_sessions(texts, info.sessions, lang))
    elif info.holiday:
        line = texts.say(TEXT_FILE, "hours.today_holiday", lang, holiday=info.holiday)
    else:
        line = texts.say(TEXT_FILE, "hours.today_closed", lang)
    return line if branch.hours_confirmed else f"{line} {texts.say(TEXT_FILE, 'hours.unconfirmed', lang)}"


def weekly_hours_lines(texts: Texts, branch: Branch, lang: str = "en") -> list[str]:
    """ "Mon-Fri: 9am-6pm", "Sat: 9am-1pm", "Sun: closed" - consecutive days with equal hours grouped."""
    names = texts.words(TEXT_FILE, "words.weekdays_short", lang)
    lines, start = [], 0
    for i in range(1, len(WEEKDAYS) + 1):
        if i < len(WEEKDAYS) and branch.hours[WEEKDAYS[i]] == branch.hours[WEEKDAYS[start]]:
            continue
        days = (
            names[start]
            if i - 1 == start
            else texts.say(TEXT_FILE, "hours.day_span", lang, first=names[start], last=names[i - 1])
        )
        lines.append(
            texts.say(
                TEXT_FILE,
                "hours.week_line",
                lang,
                days=days,
                hours=format_sessions(texts, branch.hours[WEEKDAYS[start]], lang),
            )
        )
        start = i
    return lines


def contact_lines(texts: Texts, branch: Branch, lang: str = "en") -> list[str]:
    """Known contact details only; a field still TO_FILL_BY_CLINIC is left out entirely."""
    return [
        texts.say(TEXT_FILE, f"contact.{key}", lang, **{key: branch.contact[key]})
        for key in CONTACT_FIELDS
        if branch.contact.get(key)
    ]
