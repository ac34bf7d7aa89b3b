"""Recording consent (PDPA 2010): only an explicit agreement is recorded as consent. A typed refusal that the
language model misreads as agreement ("saya tolak" was read as affirm at 0.91) is recorded as a decline."""

import pytest

from actions.consent import ActionRecordConsent
from actions.runtime import texts
from tests.actions.helpers import make_tracker, run, slot_events


@pytest.mark.parametrize(
    "text, intent, lang",
    [
        ("saya tolak", "affirm", "ms"),
        ("tak setuju la", "consent_agree", "ms"),
        ("I don't agree with that", "consent_agree", "en"),
        ("no, I'd rather not", "affirm", "en"),
    ],
)
def test_a_typed_refusal_is_never_recorded_as_consent(text, intent, lang):
    messages, events = run(
        ActionRecordConsent(), make_tracker({"consent_given": False, "language": lang}, text=text, intent=intent)
    )
    assert slot_events(events)["consent_given"] is False
    assert [m["text"] for m in messages] == [texts().say("messages", "consent.declined", lang)]


@pytest.mark.parametrize(
    "text, lang", [("/consent_agree", "en"), ("ya, saya setuju", "ms"), ("ok I agree", "en"), ("setuju", "ms")]
)
def test_an_agreement_is_recorded_with_its_version(text, lang):
    messages, events = run(
        ActionRecordConsent(), make_tracker({"consent_given": False, "language": lang}, text=text, intent="affirm")
    )
    slots = slot_events(events)
    assert slots["consent_given"] is True and slots["consent_version"] and slots["consent_at"]
    assert [m["text"] for m in messages] == [texts().say("messages", "consent.recorded", lang)]


def greeting(text, entities):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "greet"}, "entities": entities}}


ACNE = [{"entity": "condition", "value": "acne"}, {"entity": "body_area", "value": "face"}]


def consent_after(first_message, asked_by):
    events = [
        {"event": "session_started"},
        first_message,
        {"event": "action", "name": "utter_greet"},
        {"event": "action", "name": asked_by},
        {"event": "user", "text": "I agree", "parse_data": {"intent": {"name": "consent_agree"}, "entities": []}},
    ]
    return make_tracker({"consent_given": False}, text="I agree", intent="consent_agree", events=events)


def followups(events):
    return [e["name"] for e in events if e.get("event") == "followup"]


def test_a_greeting_that_named_a_skin_concern_goes_on_to_the_check_after_consent():
    tracker = consent_after(greeting("hi, I have pimples on my chin", ACNE), "action_ask_consent")
    _, events = run(ActionRecordConsent(), tracker)
    assert slot_events(events)["consent_given"] is True
    assert followups(events) == ["skin_assessment_form"]


@pytest.mark.parametrize(
    "first, asked_by",
    [
        (greeting("hello", []), "action_ask_consent"),  # nothing named: the menu, as before
        (greeting("hi, my face", [{"entity": "body_area", "value": "face"}]), "action_ask_consent"),
        (greeting("hi, I have acne, can I book?", ACNE), "action_need_consent_for_booking"),  # on to the booking
        (greeting("hi, acne", ACNE), "action_need_consent"),  # the rules already start the check
    ],
)
def test_otherwise_consent_is_followed_by_what_the_rules_say(first, asked_by):
    _, events = run(ActionRecordConsent(), consent_after(first, asked_by))
    assert followups(events) == []


def test_a_concern_named_in_an_earlier_session_does_not_count():
    tracker = consent_after(greeting("hello", []), "action_ask_consent")
    tracker.events[:0] = [greeting("hi, acne again", ACNE), {"event": "action", "name": "action_ask_consent"}]
    _, events = run(ActionRecordConsent(), tracker)
    assert followups(events) == []
