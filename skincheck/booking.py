"""Booking-request answers checked one by one, and the booking flow's sentences.

Each validator returns a Check: the clean value, or an error key whose sentence lives in
content/booking.yml under `errors.<key>` (error_message fills it in). Nothing here reads the
clock: `today` (and optionally `now`) come from the caller, in Malaysia time.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers

from skincheck.branches import TEXT_FILE, Branch, format_sessions, format_time, hours_on, next_open_day
from skincheck.content import Checker, read_yaml_mapping
from skincheck.dates import MALAYSIA_TZ, parse_date, parse_time
from skincheck.texts import Texts

MAX_DAYS_AHEAD = 30
NAME_MIN, NAME_MAX, NAME_MAX_WORDS = 2, 60, 8
BUTTON_LIMIT = 20  # WhatsApp reply buttons cut titles at 20 characters
_SLOT_MINUTES = 30  # a part-of-day wish ("pagi") becomes the first half-hour slot in it

# Every sentence of the branch finder and booking flow, with the placeholders each may use.
TEXT_KEYS: dict[str, tuple[str, ...]] = {
    "location.ask": (),
    "location.share_button": (),
    "location.not_found": (),
    "location.nearest": ("branch", "distance_km", "place"),
    "location.nearest_gps": ("branch", "distance_km"),
    "location.outside_klang_valley": ("place", "branch", "distance_km"),
    "location.outside_klang_valley_gps": ("branch", "distance_km"),
    "location.alternatives_intro": (),
    "location.alternative": ("branch", "distance_km"),
    "location.choose_branch": (),
    "hours.today_open": ("hours",),
    "hours.today_closed": (),
    "hours.today_holiday": ("holiday",),
    "hours.unconfirmed": (),
    "hours.closed": (),
    "hours.range": ("open", "close"),
    "hours.joiner": (),
    "hours.day_span": ("first", "last"),
    "hours.week_line": ("days", "hours"),
    "contact.phone": ("phone",),
    "contact.whatsapp": ("whatsapp",),
    "contact.booking_link": ("booking_link",),
    "contact.address": ("address",),
    "booking.offer": (),
    "booking.button_find_branch": (),
    "booking.prompt": ("branch",),
    "booking.button_book": ("branch",),
    "booking.button_other_branch": (),
    "booking.button_not_now": (),
    "booking.not_now": (),
    "booking.ask_name": ("branch",),
    "booking.ask_phone": (),
    "booking.ask_date": ("branch", "max_days"),
    "booking.ask_time": ("branch", "date", "hours"),
    "booking.review": ("branch", "name", "phone", "date", "time"),
    "booking.button_confirm": (),
    "booking.button_use_number": ("phone",),
    "booking.not_understood": (),
    "booking.button_change": (),
    "booking.confirmed": ("reference", "branch", "name", "date", "time"),
    "booking.duplicate": ("reference", "branch", "date", "time"),
    "booking.save_failed": (),
    "booking.urgent_note": (),
    "cancel.ask": ("reference", "branch", "date"),
    "cancel.button_yes": (),
    "cancel.button_no": (),
    "cancel.done": ("reference", "branch", "date"),
    "cancel.kept": (),
    "cancel.nothing": (),
    "handoff.intro": (),
    "handoff.no_contacts": (),
    "handoff.unavailable": (),
    "branches.list_intro": ("count",),
    "branches.list_item": ("branch", "locality"),
    "format.date": ("weekday", "day", "month", "year"),
    "errors.name_too_short": (),
    "errors.name_too_long": ("max_chars",),
    "errors.name_invalid": (),
    "errors.name_looks_like_phone": (),
    "errors.phone_invalid": (),
    "errors.phone_not_malaysian": (),
    "errors.phone_not_mobile": (),
    "errors.date_unclear": (),
    "errors.date_past": (),
    "errors.date_too_far": ("max_days", "last_date"),
    "errors.date_closed": ("branch", "date", "next_open"),
    "errors.date_holiday": ("branch", "date", "holiday", "next_open"),
    "errors.no_open_days": ("branch", "max_days"),
    "errors.time_unclear": ("hours",),
    "errors.time_outside_hours": ("branch", "date", "hours"),
    "errors.time_past": (),
}
BUTTON_KEYS = (
    "location.share_button",
    "booking.button_book",
    "booking.button_other_branch",
    "booking.button_not_now",
    "booking.button_confirm",
    "booking.button_change",
    "booking.button_use_number",
    "booking.button_find_branch",
    "cancel.button_yes",
    "cancel.button_no",
)
WORD_LISTS = {"weekdays": 7, "weekdays_short": 7, "months": 12}


# ------------------------------------------------------------------------------------------ texts
BOOKING = TEXT_FILE  # "booking", the file name in the text API: texts.say(BOOKING, "location.ask", lang)


def format_date(texts: Texts, day: dt.date, lang: str = "en") -> str:
    return texts.say(
        BOOKING,
        "format.date",
        lang,
        weekday=texts.words(BOOKING, "words.weekdays", lang)[day.weekday()],
        day=day.day,
        month=texts.words(BOOKING, "words.months", lang)[day.month - 1],
        year=day.year,
    )


def display(texts: Texts, value: Any, lang: str = "en") -> Any:
    """A parameter as shown to users: dates and times in the user's language, sessions as hours."""
    if isinstance(value, dt.date):
        return format_date(texts, value, lang)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, tuple) and all(isinstance(s, tuple) for s in value):
        return format_sessions(texts, value, lang)
    return value


def error_message(texts: Texts, check: Check, lang: str = "en") -> str:
    values = {k: display(texts, v, lang) for k, v in check.params.items()}
    return texts.say(BOOKING, f"errors.{check.error}", lang, **values)


def format_distance(km: float) -> str:
    """What users read after "about": 1 decimal below 10 km, whole km above."""
    return f"{km:.1f}" if km < 10 else f"{math.floor(km + 0.5)}"


def load_booking_texts(path: str | Path, branches: Sequence[Branch] = ()) -> Texts:
    """Read and validate content/booking.yml (and, given branches, that every button fits)."""
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    for key, placeholders in TEXT_KEYS.items():
        section, name = key.split(".")
        block = check.get(data, section, "", dict)
        # A title with a placeholder is checked once filled in (button_book: per branch, below).
        limit = BUTTON_LIMIT if key in BUTTON_KEYS and not placeholders else None
        check.text(check.get(block, name, section), key, placeholders, limit=limit)
    words = check.get(data, "words", "", dict)
    for key, size in WORD_LISTS.items():
        entry = check.get(words, key, "words", dict)
        for lang, values in entry.items():
            check.strings(values, f"words.{key}.{lang}")
            if len(values) != size:
                check.fail(f"words.{key}.{lang}", f"must list {size} names, got {len(values)}")
        check.get(entry, "en", f"words.{key}", list)
    result = Texts({BOOKING: data}, {BOOKING: file})
    result.check_languages()
    for branch in branches:
        for lang in result.entry(BOOKING, "booking.button_book"):
            title = result.say(BOOKING, "booking.button_book", lang, branch=branch.short_name)
            if len(title) > BUTTON_LIMIT:
                check.fail(
                    f"booking.button_book.{lang}",
                    f"{title!r} is longer than {BUTTON_LIMIT} characters for branch {branch.id}",
                )
    return result


# ------------------------------------------------------------------------------------- validators
@dataclass(frozen=True)
class Check:
    value: Any = None
    error: str | None = None  # key under `errors.` in content/booking.yml
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


def _fail(error: str, **params: Any) -> Check:
    return Check(error=error, params=params)


_NAME_EXTRA_CHARS = set(" '\u2019-./@")  # O'Neil, Siti Nur-Aisyah, Muthu a/l Rajan, Mohd. Ali


def validate_name(text: str) -> Check:
    """A person's name: 2-60 characters, mostly letters in any script, no digits."""
    if not isinstance(text, str):
        return _fail("name_invalid")
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if name.lower() in _INTRODUCTIONS:  # "my name is" and nothing after it
        return _fail("name_invalid")
    name = _without_introduction(name)
    digits = sum(ch.isdigit() for ch in name)
    if digits >= 7:
        return _fail("name_looks_like_phone")
    if digits:
        return _fail("name_invalid")
    letters = sum(unicodedata.category(ch).startswith("L") for ch in name)
    if len(name) < NAME_MIN:
        return _fail("name_too_short")
    if letters < NAME_MIN:
        return _fail("name_invalid")
    if len(name) > NAME_MAX or len(name.split()) > NAME_MAX_WORDS:
        return _fail("name_too_long", max_chars=NAME_MAX)
    for ch in name:
        if not (unicodedata.category(ch)[0] in "LM" or ch in _NAME_EXTRA_CHARS):
            return _fail("name_invalid")
    return Check(value=name)


# "my name is Siti" -> "Siti": the name alone goes to the clinic. Longest first; never a bare "im" ("Im Ji-hoon").
_INTRODUCTIONS = (
    "my name is",
    "my name's",
    "nama saya ialah",
    "nama saya",
    "saya ialah",
    "name is",
    "this is",
    "i am",
    "i'm",
    "it's",
)


def _without_introduction(name: str) -> str:
    lowered = name.lower()
    for intro in _INTRODUCTIONS:
        if lowered.startswith(intro + " "):
            return name[len(intro) + 1 :]
    return name


_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE,)


def validate_phone(text: str) -> Check:
    """A Malaysian mobile number, returned in E.164 ("+60123456789"); landlines and other countries refused."""
    if not isinstance(text, str) or not text.strip():
        return _fail("phone_invalid")
    text = text[:100]
    match = next(iter(phonenumbers.PhoneNumberMatcher(text, "MY")), None)
    number = match.number if match else None
    if number is None:
        try:
            number = phonenumbers.parse(text, "MY")
        except phonenumbers.NumberParseException:
            return _fail("phone_invalid")
    if number.country_code != 60:
        return _fail("phone_not_malaysian")
    if not phonenumbers.is_valid_number(number):
        return _fail("phone_invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return _fail("phone_not_mobile")
    return Check(value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def validate_date(text: str, today: dt.date, branch: Branch, max_days: int = MAX_DAYS_AHEAD) -> Check:
    """A day from today to `max_days` ahead on which the branch is open."""
    day = parse_date(text, today)
    if day is None:
        return _fail("date_unclear")
    last = today + dt.timedelta(days=max_days)
    if day < today:
        return _fail("date_past")
    if day > last:
        return _fail("date_too_far", max_days=max_days, last_date=last)
    info = hours_on(branch, day)
    if not info.open:
        alternative = next_open_day(branch, day, within_days=(last - day).days) or next_open_day(
            branch, today - dt.timedelta(days=1), within_days=max_days + 1
        )
        if alternative is None:
            return _fail("no_open_days", branch=branch.name, max_days=max_days)
        if info.holiday:
            return _fail("date_holiday", branch=branch.name, date=day, holiday=info.holiday, next_open=alternative)
        return _fail("date_closed", branch=branch.name, date=day, next_open=alternative)
    return Check(value=day)


def validate_time(text: str, day: dt.date, branch: Branch, now: dt.datetime | None = None) -> Check:
    """A time within the branch's hours on `day`, as "HH:MM". A part of the day ("pagi") becomes its
    first open half-hour. With `now`, a time already past today is refused."""
    sessions = hours_on(branch, day).sessions
    wish = parse_time(text)
    if wish is None:
        return _fail("time_unclear", hours=sessions)
    earliest = None
    if now is not None:
        local = (now if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)).astimezone(MALAYSIA_TZ)
        if local.date() == day:
            earliest = local.time().replace(tzinfo=None)
    if wish.exact is not None:
        if not any(start <= wish.exact < end for start, end in sessions):
            return _fail("time_outside_hours", branch=branch.name, date=day, hours=sessions)
        if earliest is not None and wish.exact <= earliest:
            return _fail("time_past")
        return Check(value=wish.exact.strftime("%H:%M"))
    assert wish.window is not None  # parse_time gives an exact time or a window
    from_, to = wish.window
    for start, end in sessions:
        candidate = max(from_, start)
        if earliest is not None and candidate <= earliest:
            candidate = _round_up(earliest)
        if candidate < min(to, end):
            return Check(value=candidate.strftime("%H:%M"))
    if earliest is not None and any(start < to and from_ < end for start, end in sessions):
        return _fail("time_past")
    return _fail("time_outside_hours", branch=branch.name, date=day, hours=sessions)


def _round_up(value: dt.time) -> dt.time:
    minutes = value.hour * 60 + value.minute + 1
    minutes = -(-minutes // _SLOT_MINUTES) * _SLOT_MINUTES
    return dt.time(23, 59) if minutes >= 24 * 60 else dt.time(minutes // 60, minutes % 60)
