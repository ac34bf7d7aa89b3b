"""Branch finder and booking actions with rasa-sdk's CollectingDispatcher and a Tracker."""

import datetime as dt
import json

import pytest

from actions import booking as booking_actions
from actions.booking import ActionCancelBooking, ActionSubmitBooking, ValidateBookingForm
from actions.branches import ActionShowNearestBranch, ValidateLocationForm
from actions.runtime import branches
from actions.runtime import texts as all_texts
from skincheck.branches import branch_by_id, next_open_day
from storage import bookings
from tests.actions.helpers import form_turn, make_tracker, run, slot_events, texts


@pytest.fixture
def temp_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DB_DIALECT", "sqlite")
    monkeypatch.setenv("DB_NAME", str(tmp_path / "bookings.sqlite3"))
    booking_actions.engine.cache_clear()
    yield
    booking_actions.engine.cache_clear()


def location_turn(text, **kwargs):
    return run(ValidateLocationForm(), form_turn({}, "location_text", text, form="location_form", **kwargs))


@pytest.mark.parametrize("text, branch_id", [("Klang", "setia_alam"), ("chras", "cheras"), ("47301", "pj")])
def test_a_place_or_postcode_resolves_and_the_nearest_branch_is_offered(text, branch_id):
    _, events = location_turn(text)
    slots = slot_events(events)
    assert slots["location_text"] and slots["user_lat"] is not None
    messages, _ = run(ActionShowNearestBranch(), make_tracker(slots, text=text))
    expected = branch_by_id(branches(), branch_id)
    assert expected.name in messages[0]["text"]
    payloads = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert f'/book_appointment{{"branch_id":"{branch_id}"}}' in payloads
    assert '/book_appointment{"branch_id":"any"}' in payloads and "/deny" in payloads
    assert not any("TO_FILL" in t for t in texts(messages))


def test_an_unknown_place_is_reasked_with_examples():
    messages, events = location_turn("Narnia", intent="inform")
    assert texts(messages) == [all_texts().say("booking", "location.not_found")]
    assert slot_events(events)["location_text"] is None  # so the form asks again


def test_a_shared_gps_position_is_used_as_is():
    entities = [{"entity": "latitude", "value": 3.11}, {"entity": "longitude", "value": 101.46}]
    messages, _ = run(
        ActionShowNearestBranch(), make_tracker({}, text="/share_location", entities=entities, intent="share_location")
    )
    assert branch_by_id(branches(), "setia_alam").name in messages[0]["text"]


def booking_slots(branch_id="pj"):
    branch = branch_by_id(branches(), branch_id)
    day = next_open_day(branch, dt.date.today())
    return (
        branch,
        day,
        {
            "branch_id": branch_id,
            "booking_name": "Siti",
            "booking_phone": "+60123456789",
            "booking_date": day.isoformat(),
            "booking_time": "11:00",
            "booking_confirm": "confirm",
            "concern": "eczema",
            "severity_band": "moderate",
            "urgency": "routine",
        },
    )


def test_phone_is_normalised_and_a_landline_is_refused():
    _, events = run(
        ValidateBookingForm(), form_turn({"branch_id": "pj"}, "booking_phone", "012-345 6789", form="booking_form")
    )
    assert slot_events(events)["booking_phone"] == "+60123456789"
    messages, events = run(
        ValidateBookingForm(), form_turn({"branch_id": "pj"}, "booking_phone", "03-7960 1234", form="booking_form")
    )
    assert slot_events(events)["booking_phone"] is None
    assert texts(messages) == [all_texts().say("booking", "errors.phone_not_mobile")]


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("ya, hantar", "inform", "confirm"),  # Malay yes read by NLU as something else
        ("yes send it", "nlu_fallback", "confirm"),
        ("confirm", "affirm", "confirm"),
        ("tak, nak tukar", "inform", None),  # a typed no starts the details again
        ("no", "deny", None),
        ("hmm not sure", "inform", "unanswered"),
    ],
)
def test_the_booking_review_takes_a_typed_yes_or_no_in_either_language(text, intent, expected):
    slots = {"branch_id": "pj", "booking_name": "Siti", "booking_phone": "+60123456789"}
    messages, events = run(
        ValidateBookingForm(),
        form_turn(slots, "booking_confirm", text, form="booking_form", intent=intent),
    )
    filled = slot_events(events)
    if expected == "unanswered":
        assert filled["booking_confirm"] is None and "booking_name" not in filled
        assert texts(messages) == [all_texts().say("booking", "booking.not_understood")]
    elif expected == "confirm":
        assert filled["booking_confirm"] == "confirm"
    else:
        assert filled["booking_name"] is None and filled["booking_confirm"] is None


def test_a_faq_is_not_taken_as_a_name():
    messages, events = run(
        ValidateBookingForm(),
        form_turn(
            {"branch_id": "pj"}, "booking_name", "what are probiotics", form="booking_form", intent="faq_probiotics"
        ),
    )
    assert slot_events(events)["booking_name"] is None
    assert messages[0]["response"] == "utter_faq_probiotics"


def test_submission_is_stored_once_and_can_be_cancelled(temp_db):
    _branch, _day, slots = booking_slots()
    first, events = run(ActionSubmitBooking(), make_tracker(slots, sender_id="s1"))
    reference = slot_events(events)["booking_reference"]
    assert reference.startswith("NM-") and reference in first[0]["text"]
    again, events = run(ActionSubmitBooking(), make_tracker(slots, sender_id="s1"))
    assert slot_events(events)["booking_reference"] == reference
    assert reference in again[0]["text"] and "already" in again[0]["text"]
    cancelled = cancel_with_confirmation("s1", reference)
    assert reference in cancelled[0]["text"]
    nothing, _ = run(ActionCancelBooking(), make_tracker({}, sender_id="s1"))
    assert texts(nothing) == [all_texts().say("booking", "cancel.nothing")]


def _press(sender_id: str, payload: str):
    intent, _, entities = payload[1:].partition("{")
    choice = json.loads("{" + entities)["choice"]
    return run(
        ActionCancelBooking(),
        make_tracker(
            {}, sender_id=sender_id, text=payload, intent=intent, entities=[{"entity": "choice", "value": choice}]
        ),
    )


def cancel_with_confirmation(sender_id: str, reference: str):
    """'cancel my booking' -> the request is named and a question asked -> 'Yes, cancel it'."""
    asked, events = run(ActionCancelBooking(), make_tracker({}, sender_id=sender_id, intent="cancel_booking"))
    assert events == []  # nothing is cancelled by the question
    assert reference in asked[0]["text"] and "?" in asked[0]["text"]
    yes, _keep = asked[0]["buttons"]
    assert reference in yes["payload"]
    cancelled, events = _press(sender_id, yes["payload"])
    return cancelled


def test_cancelling_asks_first_and_keep_keeps_it(temp_db):
    _, _, slots = booking_slots()
    _, events = run(ActionSubmitBooking(), make_tracker(slots, sender_id="wa:60123456789"))
    reference = slot_events(events)["booking_reference"]
    asked, _ = run(ActionCancelBooking(), make_tracker({}, sender_id="wa:60123456789", intent="cancel_booking"))
    kept, _ = _press("wa:60123456789", asked[0]["buttons"][1]["payload"])
    assert texts(kept) == [all_texts().say("booking", "cancel.kept")]
    assert bookings.get_by_reference(booking_actions.engine(), reference).status == "new"


def test_only_the_conversation_that_made_a_request_can_cancel_it(temp_db):
    _, _, slots = booking_slots()
    _, events = run(ActionSubmitBooking(), make_tracker(slots, sender_id="wa:60123456789"))
    reference = slot_events(events)["booking_reference"]
    # Another conversation (any channel) pressing a forged "yes" with that reference, or asking.
    for other in ("rest:wa:60123456789", "web:60123456789", "wa:60199999999"):
        forged, _ = _press(other, f'/cancel_booking{{"choice":"cancel:{reference}"}}')
        assert texts(forged) == [all_texts().say("booking", "cancel.nothing")]
    assert bookings.get_by_reference(booking_actions.engine(), reference).status == "new"
    assert reference in cancel_with_confirmation("wa:60123456789", reference)[0]["text"]
    assert bookings.get_by_reference(booking_actions.engine(), reference).status == "cancelled"


def test_a_database_failure_is_reported_not_crashed(monkeypatch):
    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(booking_actions, "engine", broken)
    _, _, slots = booking_slots()
    messages, events = run(ActionSubmitBooking(), make_tracker(slots))
    assert texts(messages) == [all_texts().say("booking", "booking.save_failed")]
    assert events == []


def test_junk_coordinates_get_the_reask_not_a_crash():
    entities = [{"entity": "latitude", "value": "abc"}, {"entity": "longitude", "value": "101.5"}]
    messages, _ = run(
        ActionShowNearestBranch(),
        make_tracker(
            {"user_lat": "abc", "user_lon": "101.5"}, text="/share_location", entities=entities, intent="share_location"
        ),
    )
    assert texts(messages) == [all_texts().say("booking", "location.not_found")]
