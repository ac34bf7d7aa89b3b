import datetime as dt
import re
from pathlib import Path

import pytest

from skincheck import booking
from skincheck.booking import (
    TEXT_KEYS,
    error_message,
    format_date,
    format_distance,
    load_booking_texts,
    validate_date,
    validate_name,
    validate_phone,
    validate_time,
)
from skincheck.branches import load_branches
from skincheck.content import ContentError
from tests.support.scopes import content_scope

WED = dt.date(2026, 11, 25)
SAT, SUN = dt.date(2026, 11, 28), dt.date(2026, 11, 29)
MYT = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope=content_scope)
def branches():
    return {b.id: b for b in load_branches("content/branches.yml")}


@pytest.fixture(scope=content_scope)
def texts(branches):
    return load_booking_texts("content/booking.yml", list(branches.values()))


@pytest.fixture(scope=content_scope)
def pj(branches):
    return branches["pj"]


# ------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize(
    "text, value",
    [
        ("Aisyah", "Aisyah"),
        ("  Tan   Mei Ling ", "Tan Mei Ling"),
        ("Muthu a/l Rajan", "Muthu a/l Rajan"),
        ("Siti Nur-Aisyah binti Abdullah", "Siti Nur-Aisyah binti Abdullah"),
        ("O'Neil", "O'Neil"),
        ("陈伟", "陈伟"),
        ("முத்து", "முத்து"),
        ("my name is Siti", "Siti"),  # the clinic gets the name, not the sentence
        ("Nama saya Ahmad bin Ali", "Ahmad bin Ali"),
        ("I'm Tan Mei Ling", "Tan Mei Ling"),
        ("Im Ji Hoon", "Im Ji Hoon"),  # a surname, never an introduction
    ],
)
def test_valid_names(text, value):
    assert validate_name(text).value == value


@pytest.mark.parametrize(
    "text, error",
    [
        ("A", "name_too_short"),
        ("", "name_too_short"),
        ("x" * 61, "name_too_long"),
        ("one two three four five six seven eight nine", "name_too_long"),
        ("012-345 6789", "name_looks_like_phone"),
        ("+60123456789", "name_looks_like_phone"),
        ("Ali 2", "name_invalid"),
        ("😀😀", "name_invalid"),
        ("<script>", "name_invalid"),
        ("my name is", "name_invalid"),  # the introduction alone: asked again, never stored as a name
        ("  Nama   saya ", "name_invalid"),
        (None, "name_invalid"),
    ],
)
def test_invalid_names(text, error):
    check = validate_name(text)
    assert not check.ok and check.error == error


# ----------------------------------------------------------------------------------------- phones
@pytest.mark.parametrize(
    "text", ["012-345 6789", "0123456789", "+60 12-345 6789", "60123456789", "my number is 012 345 6789 thanks"]
)
def test_malaysian_mobile_normalised_to_e164(text):
    assert validate_phone(text).value == "+60123456789"


def test_eleven_digit_mobile():
    assert validate_phone("011-2345 6789").value == "+601123456789"


@pytest.mark.parametrize(
    "text, error",
    [
        ("03-7956 1234", "phone_not_mobile"),  # KL landline
        ("+60 3-7956 1234", "phone_not_mobile"),
        ("1-300-88-1234", "phone_not_mobile"),
        ("+65 9123 4567", "phone_not_malaysian"),
        ("+44 7911 123456", "phone_not_malaysian"),
        ("12345", "phone_invalid"),
        ("hello", "phone_invalid"),
        ("", "phone_invalid"),
        (None, "phone_invalid"),
    ],
)
def test_rejected_phones(text, error):
    assert validate_phone(text).error == error


# ------------------------------------------------------------------------------------------ dates
def test_date_on_open_day(pj):
    assert validate_date("tomorrow", WED, pj).value == dt.date(2026, 11, 26)
    assert validate_date("today", WED, pj).value == WED


def test_date_on_weekly_closed_day_suggests_next_open_day(pj, texts):
    check = validate_date("Sunday", WED, pj)
    assert check.error == "date_closed"
    assert check.params["next_open"] == dt.date(2026, 11, 30)
    assert error_message(texts, check) == (
        "NextMed Clinic Petaling Jaya is closed on Sunday, 29 November. "
        "Please choose another day, for example Monday, 30 November."
    )


def test_date_on_public_holiday_names_it(pj, texts):
    check = validate_date("25/12", WED, pj)
    assert check.error == "date_holiday"
    assert "(Christmas Day)" in error_message(texts, check)


def test_date_limits(pj, texts):
    for past in ("24/11", "yesterday", "semalam", "last Monday"):
        assert validate_date(past, WED, pj).error == "date_past", past
    check = validate_date("28/12", WED, pj)  # 33 days ahead
    assert check.error == "date_too_far"
    assert "30 days" in error_message(texts, check)
    assert validate_date("24/12", WED, pj).ok  # day 29: still inside
    assert validate_date("sometime", WED, pj).error == "date_unclear"


# ------------------------------------------------------------------------------------------ times
@pytest.mark.parametrize(
    "text, value",
    [
        ("10am", "10:00"),
        ("9", "09:00"),
        ("12.30pm", "12:30"),
        ("pagi", "09:00"),
        ("morning", "09:00"),
        ("12:59", "12:59"),
    ],
)
def test_times_within_saturday_hours(pj, text, value):
    assert validate_time(text, SAT, pj).value == value


@pytest.mark.parametrize("text", ["2pm", "1pm", "8am", "petang", "evening"])
def test_times_outside_saturday_hours(pj, texts, text):
    check = validate_time(text, SAT, pj)
    assert check.error == "time_outside_hours"
    assert error_message(texts, check) == (
        "NextMed Clinic Petaling Jaya is open 9am-1pm on Saturday, 28 November. "
        "Please choose a time within those hours."
    )


def test_afternoon_on_a_weekday(pj):
    assert validate_time("afternoon", WED, pj).value == "12:00"
    assert validate_time("petang", WED, pj).value == "14:00"


def test_time_already_past_today(pj):
    now = dt.datetime(2026, 11, 28, 11, 10, tzinfo=MYT)
    assert validate_time("11am", SAT, pj, now=now).error == "time_past"
    assert validate_time("12pm", SAT, pj, now=now).value == "12:00"
    assert validate_time("pagi", SAT, pj, now=now).value == "11:30"  # next half hour
    late = dt.datetime(2026, 11, 28, 5, 0, tzinfo=dt.timezone.utc)  # 1pm in Malaysia
    assert validate_time("morning", SAT, pj, now=late).error == "time_past"
    # Another day is not affected by the current time.
    assert validate_time("9am", dt.date(2026, 11, 30), pj, now=now).value == "09:00"


def test_unclear_time_mentions_hours(pj, texts):
    check = validate_time("whenever", SAT, pj)
    assert check.error == "time_unclear"
    assert "9am-1pm" in error_message(texts, check)


# ------------------------------------------------------------------------------------------ texts
def test_every_error_a_validator_can_return_has_a_text():
    source = Path(booking.__file__).read_text()
    errors = set(re.findall(r'_fail\("([a-z_]+)"', source))
    assert errors and all(f"errors.{e}" in TEXT_KEYS for e in errors)


def test_buttons_fit_whatsapp_limits(texts, branches):
    for b in branches.values():
        assert len(texts.say("booking", "booking.button_book", branch=b.short_name)) <= 20
    assert texts.say("booking", "booking.button_book", branch="PJ") == "Book at PJ"
    assert texts.say("booking", "booking.button_other_branch") == "Another branch"
    assert texts.say("booking", "booking.button_not_now") == "Not now"


def test_confirmation_has_reference_and_next_step(texts):
    text = texts.say(
        "booking",
        "booking.confirmed",
        reference="NM-7K3Q9P",
        branch="NextMed Clinic Cheras",
        name="Aisyah",
        date=format_date(texts, dt.date(2026, 12, 3)),
        time="10am",
    )
    assert "NM-7K3Q9P" in text and "Thursday, 3 December" in text and "contact you" in text


def test_format_distance():
    assert format_distance(3.04) == "3.0"
    assert format_distance(12.5) == "13"
    assert format_distance(291.2) == "291"


def test_missing_text_and_unknown_placeholder_are_named(tmp_path):
    original = Path("content/booking.yml").read_text()
    bad = tmp_path / "booking.yml"
    bad.write_text(original.replace('  prompt:\n    en: "Would you like', '  prompt_x:\n    en: "Would you like'))
    with pytest.raises(ContentError, match=r"booking.yml: booking.prompt: missing"):
        load_booking_texts(bad)
    bad.write_text(
        original.replace("{reference} for", "{ref} for", 1).replace(
            "request for {branch} on {date} around {time} has", "request {ref} for {branch} on {date} around {time} has"
        )
    )
    with pytest.raises(ContentError, match=r"booking.confirmed.en: unknown placeholder \{ref\}"):
        load_booking_texts(bad)


def test_long_button_title_for_a_branch_is_rejected(tmp_path, branches):
    original = Path("content/booking.yml").read_text()
    bad = tmp_path / "booking.yml"
    bad.write_text(original.replace('"Book at {branch}"', '"Request a visit at {branch}"'))
    with pytest.raises(ContentError, match=r"booking.button_book.en: .* longer than 20 characters"):
        load_booking_texts(bad, list(branches.values()))
