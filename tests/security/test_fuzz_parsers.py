"""Property-based fuzzing (issue 12, item 11): the engine's parsers and every channel's payload
parsing take at least 1,000 generated inputs each without an unhandled exception, and keep their
promises (a parsed answer is one of the question's values, a location is in range and rounded,
a sender id is accepted only when it is a version 4 UUID...)."""

import datetime as dt
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions import runtime
from channels.webchat import clean_metadata, is_valid_sender_id, visible_transcript
from channels.whatsapp.cloud_inbound import parse_cloud_payload, signature_valid
from channels.whatsapp.shared_inbound import location_payload, resolve_numbered
from channels.whatsapp.shared_render import Option
from channels.whatsapp.twilio_inbound import parse_twilio_form, wa_id_from_address
from rasa_hardening.webhook_guard import body_problem
from skincheck import booking, dates, questions, safety
from skincheck.gazetteer import resolve_location
from storage.conversation_ids import address_of

CASES = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
# Anything a person can type, including control characters, emoji, other scripts and lone surrogates.
TEXT = st.text(max_size=80)
WORDY = st.text(alphabet=string.ascii_letters + string.digits + " ,.-:/+()'", max_size=60)
ANY_TEXT = st.one_of(
    TEXT,
    WORDY,
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\ud800",
            "0",
            "-1",
            "1e309",
            "NaN",
            "yes no",
            "12/13/2025",
            "31 feb",
            "25:61",
            "tomorrow 3pm",
            "+6012 345 6789",
        ]
    ),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
TODAY = dt.date(2026, 11, 30)


def _slots():
    return list(runtime.content().questions["questions"])


@CASES
@given(slot=st.sampled_from(_slots()), text=ANY_TEXT)
def test_typed_answers(slot, text):
    answer = questions.parse_answer(runtime.content(), slot, text, today=TODAY)
    assert answer is not None


@CASES
@given(text=ANY_TEXT)
def test_safety_screen(text):
    safety.screen_text(runtime.content(), text)


@CASES
@given(text=ANY_TEXT)
def test_booking_name_and_phone(text):
    for check in (booking.validate_name(text), booking.validate_phone(text)):
        assert check.ok in (True, False)
        if check.ok and check is booking.validate_phone(text):
            assert str(check.value).startswith("+60")


@CASES
@given(text=ANY_TEXT, branch=st.sampled_from(["cheras", "pj", "setia_alam"]))
def test_booking_date_and_time(text, branch):
    from skincheck.branches import branch_by_id

    place = branch_by_id(runtime.branches(), branch)
    booking.validate_date(text, TODAY, place)
    booking.validate_time(
        text, TODAY + dt.timedelta(days=1), place, now=dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)
    )
    dates.parse_date(text, TODAY)
    dates.parse_time(text)


@CASES
@given(text=ANY_TEXT)
def test_places(text):
    resolve_location(runtime.gazetteer(), text)


@CASES
@given(payload=JSON, phone_number_id=st.one_of(st.none(), TEXT))
def test_whatsapp_cloud_payloads(payload, phone_number_id):
    for message in parse_cloud_payload(payload, phone_number_id):
        assert message.message_id and message.wa_id


MESSAGE = st.fixed_dictionaries(
    {},
    optional={
        "from": st.one_of(TEXT, st.integers()),
        "id": st.one_of(TEXT, st.integers()),
        "type": st.sampled_from(["text", "interactive", "button", "location", "image", "reaction", "x"]) | TEXT,
        "text": JSON,
        "interactive": JSON,
        "button": JSON,
        "location": JSON,
    },
)


@CASES
@given(messages=st.lists(MESSAGE, max_size=3), contacts=JSON)
def test_whatsapp_cloud_messages_of_every_type(messages, contacts):
    payload = {"entry": [{"changes": [{"value": {"messages": messages, "contacts": contacts}}]}]}
    parse_cloud_payload(payload, None)


@CASES
@given(latitude=JSON, longitude=JSON)
def test_locations(latitude, longitude):
    payload = location_payload(latitude, longitude)
    if payload is not None:
        values = json.loads(payload[len("/share_location") :])
        assert -90 <= values["latitude"] <= 90 and -180 <= values["longitude"] <= 180
        assert round(values["latitude"], 3) == values["latitude"]


@CASES
@given(text=ANY_TEXT, titles=st.lists(WORDY, max_size=12))
def test_numbered_replies(text, titles):
    options = [Option(title or "x", f"/p{i}") for i, title in enumerate(titles)]
    result = resolve_numbered(text, options)
    assert result is None or isinstance(result, str)


@CASES
@given(
    form=st.dictionaries(
        st.sampled_from(
            [
                "MessageSid",
                "SmsMessageSid",
                "From",
                "WaId",
                "Body",
                "NumMedia",
                "Latitude",
                "Longitude",
                "ButtonPayload",
                "ProfileName",
            ]
        ),
        TEXT,
    )
)
def test_twilio_forms(form):
    inbound = parse_twilio_form(form)
    if inbound is not None:
        assert inbound.message_id and inbound.wa_id
    wa_id_from_address(form.get("From", ""))


@CASES
@given(metadata=JSON, sender=st.one_of(JSON, st.uuids().map(str)))
def test_webchat_fields(metadata, sender):
    cleaned = clean_metadata(metadata)
    assert cleaned is None or set(cleaned) <= {"page_url", "language"}
    if is_valid_sender_id(sender):
        assert address_of(f"web:{sender}").address == sender


@CASES
@given(events=st.lists(JSON, max_size=8))
def test_webchat_history(events):
    visible_transcript([e for e in events if isinstance(e, dict)])


@CASES
@given(
    raw=st.binary(max_size=300),
    content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "", "text/xml"]),
    secret=WORDY,
    header=st.one_of(st.none(), TEXT),
)
def test_raw_bodies(raw, content_type, secret, header):
    assert body_problem(raw, content_type) in (None, "invalid_characters", "invalid_body")
    signature_valid(raw, header, secret)
