"""Conversations enter the staff Inbox: a request for a human, two misunderstandings in a row, a
red flag or a crisis reply. rasa-sdk's CollectingDispatcher and Tracker, a real SQLite table."""

import sqlalchemy as sa

from actions import handoff
from actions.branch_info import ActionHumanHandoff
from actions.fallback import ActionDefaultFallback
from actions.guidance import ActionGiveGuidance
from actions.safety import ActionCrisisSupport, ActionHandleRedFlag
from actions.validate_assessment import ValidateSkinAssessmentForm
from storage.handoffs import handoff_requests
from tests.actions.helpers import form_turn, make_tracker, run, texts


def inbox():
    with handoff.engine().connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(handoff_requests))]


def user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


def test_asking_for_a_human_puts_the_conversation_in_the_inbox_and_tells_the_person():
    tracker = make_tracker(
        {"branch_id": "pj"},
        text="talk to a human",
        intent="ask_human",
        sender_id="web:abc",
        events=[{"event": "user", "text": "talk to a human", "input_channel": "webchat"}],
    )
    messages, _ = run(ActionHumanHandoff(), tracker)
    assert "asked the NextMed Clinic team to join this chat" in texts(messages)[0]
    assert messages[0]["custom"] == {"handoff": "requested"}  # the widget starts looking for replies
    [row] = inbox()
    assert (row["sender_id"], row["reason"], row["branch_id"], row["language"], row["status"], row["channel"]) == (
        "web:abc",
        "human",
        "pj",
        "en",
        "open",
        "webchat",
    )
    run(ActionHumanHandoff(), tracker)  # asking again while waiting: still one entry
    assert len(inbox()) == 1


def test_without_a_database_the_person_still_gets_the_branch_contacts(monkeypatch):
    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(handoff, "engine", broken)
    messages, _ = run(ActionHumanHandoff(), make_tracker(text="human", intent="ask_human"))
    assert messages and not any("join this chat" in t for t in texts(messages))


def test_one_misunderstanding_is_not_enough_two_in_a_row_are():
    once = make_tracker(events=[user("hi", "greet"), user("durian heaty?", "nlu_fallback")], intent="nlu_fallback")
    run(ActionDefaultFallback(), once)
    assert inbox() == []
    twice = make_tracker(
        events=[
            user("durian heaty?", "nlu_fallback"),
            user("/out_of_scope", "out_of_scope"),
            user("is durian heaty", "nlu_fallback"),
        ],
        intent="nlu_fallback",
    )
    run(ActionDefaultFallback(), twice)
    assert [r["reason"] for r in inbox()] == ["fallback"]
    assert handoff.misunderstood_in_a_row(make_tracker(events=[user("x", "nlu_fallback"), user("y", "greet")])) == 2


def test_red_flag_and_crisis_replies_are_followed_up_and_crisis_outranks_a_waiting_request():
    run(
        ActionHandleRedFlag(),
        make_tracker(text="my lips are swelling and I can't breathe", intent="report_red_flag", sender_id="wa:60123"),
    )
    assert [(r["sender_id"], r["reason"]) for r in inbox()] == [("wa:60123", "red_flag")]
    run(ActionCrisisSupport(), make_tracker(text="I want to end it all", intent="self_harm", sender_id="wa:60123"))
    assert [(r["sender_id"], r["reason"]) for r in inbox()] == [("wa:60123", "crisis")]


def test_red_flag_answered_in_the_form_and_in_guidance_enter_the_inbox():
    messages, _ = run(
        ValidateSkinAssessmentForm(),
        form_turn(
            {},
            "concern",
            "my face is swelling and I cannot breathe",
            form="skin_assessment_form",
            intent="report_red_flag",
            sender_id="web:form",
        ),
    )
    assert messages
    assert [r["reason"] for r in inbox()] == ["red_flag"]
    slots = {
        "rf_swelling_breathing": "yes",
        "rf_fever_unwell": "no",
        "rf_spreading_redness": "no",
        "rf_blisters_sores": "no",
    }
    run(ActionGiveGuidance(), make_tracker(slots, sender_id="web:guidance"))
    assert {r["sender_id"] for r in inbox()} == {"web:form", "web:guidance"}


def test_a_denied_red_flag_outside_a_question_gets_no_999_advice_and_no_inbox_entry():
    for text in ("no blisters", "tak demam", "not spreading", "no sores in my mouth"):
        messages, events = run(ActionHandleRedFlag(), make_tracker(text=text, intent="report_red_flag"))
        assert [m.get("response") for m in messages] == ["utter_inform_out_of_context", "utter_menu"], text
        assert events == []
    assert inbox() == []


def test_a_red_flag_named_and_another_denied_still_gets_urgent_advice():
    for text in ("no blisters but my lips are swollen", "no fever but I feel confused", "I have blisters"):
        messages, _ = run(ActionHandleRedFlag(), make_tracker(text=text, intent="report_red_flag"))
        assert "999" in " ".join(texts(messages)), text
