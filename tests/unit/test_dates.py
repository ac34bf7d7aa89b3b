import datetime as dt

import pytest

from skincheck.dates import malaysia_today, parse_date, parse_time

WED = dt.date(2026, 11, 25)  # a Wednesday
SAT = dt.date(2026, 11, 28)
SUN = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", WED),
        ("hari ini", WED),
        ("hari ni", WED),  # the everyday spelling
        ("malam ni", WED),
        ("Today please", WED),
        ("tomorrow", dt.date(2026, 11, 26)),
        ("esok", dt.date(2026, 11, 26)),
        ("tmr 10am", dt.date(2026, 11, 26)),
        ("lusa", dt.date(2026, 11, 27)),
        ("day after tomorrow", dt.date(2026, 11, 27)),
        ("this Saturday", SAT),
        ("Sabtu ini", SAT),
        ("saturday", SAT),
        ("Friday", dt.date(2026, 11, 27)),
        ("Jumaat", dt.date(2026, 11, 27)),
        ("wednesday", WED),
        ("Khamis", dt.date(2026, 11, 26)),
        # "next <day>" = that day in the following Monday-Sunday week.
        ("next Monday", dt.date(2026, 11, 30)),
        ("Isnin depan", dt.date(2026, 11, 30)),
        ("next Friday", dt.date(2026, 12, 4)),
        ("Jumaat minggu depan", dt.date(2026, 12, 4)),
        ("3/12", dt.date(2026, 12, 3)),  # day/month, Malaysian order
        ("3-12", dt.date(2026, 12, 3)),
        ("03/12/2026", dt.date(2026, 12, 3)),
        ("3 Dec", dt.date(2026, 12, 3)),
        ("3rd December", dt.date(2026, 12, 3)),
        ("Dec 3", dt.date(2026, 12, 3)),
        ("3 Disember", dt.date(2026, 12, 3)),
        ("2026-12-03", dt.date(2026, 12, 3)),
        ("1/1", dt.date(2027, 1, 1)),  # already past this year -> next year
        ("the 15th", dt.date(2026, 12, 15)),
        ("26th", dt.date(2026, 11, 26)),
        ("15hb Disember", dt.date(2026, 12, 15)),
        ("last Monday", dt.date(2026, 11, 23)),
        ("Isnin lepas", dt.date(2026, 11, 23)),  # past: the validator says so
        ("in 3 days", dt.date(2026, 11, 28)),
        ("dalam 2 hari", dt.date(2026, 11, 27)),  # dateparser fallback
    ],
)
def test_dates(text, expected):
    assert parse_date(text, WED) == expected


def test_next_monday_said_on_sunday_is_the_next_day():
    assert parse_date("next monday", SUN) == dt.date(2026, 11, 30)
    assert parse_date("this saturday", SAT) == SAT


@pytest.mark.parametrize("text", ["", "hello", "next week", "minggu depan", "weekend", "31/2", "soon", None])
def test_vague_or_impossible_dates_are_none(text):
    assert parse_date(text, WED) is None


@pytest.mark.parametrize(
    "text, hour, minute",
    [
        ("10am", 10, 0),
        ("10 am", 10, 0),
        ("2.30pm", 14, 30),
        ("2:30 PM", 14, 30),
        ("14:00", 14, 0),
        ("12pm", 12, 0),
        ("12 noon", 12, 0),
        ("3 petang", 15, 0),
        ("10 pagi", 10, 0),
        ("at 9:30", 9, 30),
        ("2", 14, 0),
        ("10", 10, 0),
        ("around 11", 11, 0),
        ("tomorrow at 10.30am", 10, 30),
    ],
)
def test_exact_times(text, hour, minute):
    assert parse_time(text).exact == dt.time(hour, minute)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("pagi", 8, 12),
        ("morning", 8, 12),
        ("in the afternoon", 12, 17),
        ("petang", 14, 19),
        ("evening", 17, 22),
        ("after lunch", 14, 17),  # not "lunch time"
        ("lepas lunch", 14, 17),
    ],
)
def test_parts_of_day(text, start, end):
    wish = parse_time(text)
    assert wish.exact is None and wish.window == (dt.time(start), dt.time(end))


@pytest.mark.parametrize("text", ["", "hello", "I am free", "13pm", "25:00", None])
def test_no_time(text):
    assert parse_time(text) is None


def test_malaysia_today_crosses_midnight_before_utc():
    # 16:30 UTC is 00:30 the next day in Malaysia (UTC+8).
    assert malaysia_today(dt.datetime(2026, 11, 25, 16, 30, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 26)
    assert malaysia_today(dt.datetime(2026, 11, 25, 15, 59)) == dt.date(2026, 11, 25)  # naive = UTC
