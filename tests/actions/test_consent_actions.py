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
