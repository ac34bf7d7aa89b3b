"""Nearest branch and booking request over HTTP, against the real servers and database."""

import datetime as dt

import pytest
from sqlalchemy import create_engine, func, select

from actions.runtime import branches, gazetteer, texts
from skincheck.booking import format_distance
from skincheck.branches import branch_by_id, hours_on, next_open_day
from skincheck.dates import malaysia_today
from skincheck.gazetteer import resolve_location
from skincheck.geo import haversine_km, nearest_branches
from storage.bookings import booking_requests
from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


@pytest.fixture
def chat(live_stack):
    return Chat(live_stack)


def nearest_name(text: str) -> str:
    place = resolve_location(gazetteer(), text)
    return nearest_branches(branches(), place.lat, place.lon)[0][0].name


def db(live_stack):
    return create_engine(live_stack.env["DB_URL"])


def test_typed_place_in_the_question(chat):
    chat.send("nearest branch to Klang?")
    assert "Setia Alam" in chat.texts[0]
    assert nearest_name("Klang") in chat.joined
    titles = [b["title"] for b in chat.buttons]
    assert any(t.startswith("Book at") for t in titles) and "Another branch" in titles and "Not now" in titles


def test_postcode(chat):
    chat.send("where is your clinic")
    assert texts().say("booking", "location.ask") in chat.texts
    chat.send("47301")
    assert nearest_name("47301") in chat.texts[0]


def test_gps_payload(chat):
    cheras = branch_by_id(branches(), "cheras")
    chat.send(f'/share_location{{"latitude":{cheras.lat + 0.01},"longitude":{cheras.lon}}}')
    assert cheras.name in chat.texts[0]
    km = haversine_km(cheras.lat + 0.01, cheras.lon, cheras.lat, cheras.lon)
    assert f"about {format_distance(km)} km" in chat.texts[0]


def test_unknown_place_is_reasked_with_examples(chat):
    chat.send("/find_branch")
    chat.send("Narnia castle")
    assert texts().say("booking", "location.not_found") in chat.texts


def test_place_outside_the_klang_valley_gets_an_honest_answer(chat):
    chat.send("/find_branch")
    chat.send("Penang")
    assert "outside the Klang Valley" in chat.joined
    assert nearest_name("Penang") in chat.joined


def book(chat, branch_id="pj"):
    """Consent, then the booking form through to the review step. Returns (date, time) chosen."""
    branch = branch_by_id(branches(), branch_id)
    today = malaysia_today(dt.datetime.now(dt.timezone.utc))
    day = next_open_day(branch, today)
    start = hours_on(branch, day).sessions[0][0]
    at = dt.time(start.hour + 1, 0)
    chat.start_with_consent()
    chat.send(f'/book_appointment{{"branch_id":"{branch_id}"}}')
    assert branch.name in chat.joined
    chat.send("Siti Aminah")
    chat.send("012-345 6789")
    chat.send(f"{day.day}/{day.month}")
    chat.send(at.strftime("%H:%M"))
    assert "Siti Aminah" in chat.joined and "+60123456789" in chat.joined
    return day, at


def test_complete_booking_gets_a_reference_and_is_stored_for_staff(chat, live_stack):
    day, at = book(chat)
    chat.press("Send request")
    assert "reference is NM-" in chat.joined
    reference = chat.joined.split("reference is ")[1][:9]
    with db(live_stack).connect() as conn:
        row = conn.execute(select(booking_requests).where(booking_requests.c.reference == reference)).one()
    assert row.status == "new" and row.branch_id == "pj" and row.phone_e164 == "+60123456789"
    assert row.preferred_date == day and row.preferred_time == at.strftime("%H:%M")
    assert row.sender_id == chat.conversation_id


def test_duplicate_submission_creates_no_second_request(chat, live_stack):
    book(chat)
    chat.press("Send request")
    first = chat.joined.split("reference is ")[1][:9]
    book(chat)
    chat.press("Send request")
    assert first in chat.joined and "already" in chat.joined
    with db(live_stack).connect() as conn:
        count = conn.execute(
            select(func.count())
            .select_from(booking_requests)
            .where(booking_requests.c.sender_id == chat.conversation_id)
        ).scalar()
    assert count == 1


def test_cancel_my_booking(chat, live_stack):
    book(chat)
    chat.press("Send request")
    reference = chat.joined.split("reference is ")[1][:9]
    chat.send("cancel my booking")
    assert reference in chat.joined and "?" in chat.joined  # named and asked, not yet cancelled
    with db(live_stack).connect() as conn:
        assert (
            conn.execute(select(booking_requests.c.status).where(booking_requests.c.reference == reference)).scalar()
            == "new"
        )
    chat.press(texts().say("booking", "cancel.button_yes"))
    assert reference in chat.joined and "cancelled" in chat.joined
    with db(live_stack).connect() as conn:
        status = conn.execute(
            select(booking_requests.c.status).where(booking_requests.c.reference == reference)
        ).scalar()
    assert status == "cancelled"
    chat.send("cancel my booking")
    assert texts().say("booking", "cancel.nothing") in chat.texts


def test_booking_asks_for_consent_first_then_continues_with_the_booking(chat):
    chat.send('/book_appointment{"branch_id":"cheras"}')
    ask_name = texts().say("booking", "booking.ask_name", branch=branch_by_id(branches(), "cheras").name)
    assert ask_name not in chat.texts  # the consent notice itself mentions names: look for the question
    assert any(b["payload"] == "/consent_agree" for b in chat.buttons)
    chat.press("agree")
    assert texts().say("booking", "booking.ask_name", branch=branch_by_id(branches(), "cheras").name) in chat.texts
