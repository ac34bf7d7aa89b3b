"""Answers that depend on today's date, with the clock frozen (time-machine) and the expected dates,
days and sentences written out here: nothing is worked out from the engine or the real clock."""

import datetime as dt

import pytest
import time_machine

from actions.booking import ValidateBookingForm
from actions.branches import ActionShowNearestBranch
from actions.runtime import content
from skincheck.questions import parse_answer
from tests.actions.helpers import form_turn, make_tracker, run, slot_events, texts

UTC = dt.timezone.utc
FRIDAY_0930_MYT = dt.datetime(2026, 11, 27, 1, 30, tzinfo=UTC)  # Friday 27 November 2026, 09:30 in KL
SATURDAY_0030_MYT = dt.datetime(2026, 11, 27, 16, 30, tzinfo=UTC)  # still Friday in UTC, Saturday in KL
SUNDAY_1000_MYT = dt.datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def booking_date(text: str):
    return run(ValidateBookingForm(), form_turn({"branch_id": "pj"}, "booking_date", text, form="booking_form"))


def booking_time(day: str, text: str):
    return run(
        ValidateBookingForm(),
        form_turn({"branch_id": "pj", "booking_date": day}, "booking_time", text, form="booking_form"),
    )


@time_machine.travel(FRIDAY_0930_MYT, tick=False)
def test_tomorrow_is_the_malaysian_tomorrow():
    messages, events = booking_date("tomorrow")
    assert slot_events(events)["booking_date"] == "2026-11-28"
    assert texts(messages) == []


@time_machine.travel(SATURDAY_0030_MYT, tick=False)
def test_after_midnight_in_kl_today_is_already_saturday():
    _, events = booking_date("today")
    assert slot_events(events)["booking_date"] == "2026-11-28"


@time_machine.travel(FRIDAY_0930_MYT, tick=False)
def test_a_closed_sunday_is_refused_with_the_next_open_day():
    messages, events = booking_date("Sunday")
    assert slot_events(events)["booking_date"] is None
    assert texts(messages) == [
        "NextMed Clinic Petaling Jaya is closed on Sunday, 29 November. "
        "Please choose another day, for example Monday, 30 November."
    ]


@time_machine.travel(FRIDAY_0930_MYT, tick=False)
def test_yesterday_has_passed():
    messages, events = booking_date("26/11/2026")
    assert slot_events(events)["booking_date"] is None
    assert texts(messages) == ["That day has already passed. Which day from today would you prefer?"]


@time_machine.travel(FRIDAY_0930_MYT, tick=False)
def test_a_time_already_past_today_is_refused_and_a_later_one_kept():
    messages, events = booking_time("2026-11-27", "9am")
    assert slot_events(events)["booking_time"] is None
    assert texts(messages) == ["That time has already passed today. Please choose a later time, or another day."]
    _, events = booking_time("2026-11-27", "11am")
    assert slot_events(events)["booking_time"] == "11:00"
    _, events = booking_time("2026-11-28", "9am")  # tomorrow morning is fine
    assert slot_events(events)["booking_time"] == "09:00"


def nearest_card_for_pj() -> str:
    entities = [{"entity": "latitude", "value": 3.11}, {"entity": "longitude", "value": 101.61}]
    messages, _ = run(
        ActionShowNearestBranch(), make_tracker({}, text="/share_location", entities=entities, intent="share_location")
    )
    return texts(messages)[0]


@pytest.mark.parametrize(
    "frozen, line",
    [
        (SUNDAY_1000_MYT, "Closed today."),
        (FRIDAY_0930_MYT, "Open today: 9am-6pm."),
        (SATURDAY_0030_MYT, "Open today: 9am-1pm."),
    ],
)
def test_the_nearest_branch_card_gives_todays_hours_for_the_malaysian_day(frozen, line):
    with time_machine.travel(frozen, tick=False):
        card = nearest_card_for_pj()
    assert "NextMed Clinic Petaling Jaya" in card
    assert line in card


@pytest.mark.parametrize(
    "frozen, text, expected",
    [
        (dt.datetime(2026, 11, 30, 4, tzinfo=UTC), "since 2026", "3_to_12_months"),  # 152 days since 1 July
        (dt.datetime(2026, 11, 30, 4, tzinfo=UTC), "since 2025", "over_1_year"),  # 517 days
        (dt.datetime(2026, 2, 1, 4, tzinfo=UTC), "since 2025", "3_to_12_months"),  # 215 days
        (dt.datetime(2026, 2, 1, 4, tzinfo=UTC), "since last year", "3_to_12_months"),
        (dt.datetime(2026, 11, 30, 4, tzinfo=UTC), "since last year", "over_1_year"),
    ],
)
def test_since_a_year_counts_from_the_frozen_today(frozen, text, expected):
    with time_machine.travel(frozen, tick=False):
        assert parse_answer(content(), "duration", text).value == expected
