"""The self-assessment's actions, run as the action server runs them (CollectingDispatcher + Tracker)."""

import pytest

from actions.ask_assessment import ASK_ACTIONS, ASSESSMENT_SLOTS, AskQuestion
from actions.guidance import ActionGiveGuidance
from actions.runtime import content
from actions.validate_assessment import ValidateSkinAssessmentForm
from skincheck import questions
from tests.actions.helpers import form_turn, load_domain, run, slot_events, texts

FORM = "skin_assessment_form"
NO_RED_FLAGS = {**{s: "no" for s in ASSESSMENT_SLOTS if s.startswith("rf_")}, "age_group": "adult"}


def validate(slots, requested, text, value=None, **kwargs):
    tracker = form_turn(slots, requested, text, value, form=FORM, **kwargs)
    return run(ValidateSkinAssessmentForm(), tracker)


def test_assessment_slots_match_domain_form_and_content():
    domain = load_domain()
    assert list(ASSESSMENT_SLOTS) == domain["forms"][FORM]["required_slots"]
    assert set(ASSESSMENT_SLOTS) == set(content().questions["questions"])
    for slot in ASSESSMENT_SLOTS:
        assert f"action_ask_{slot}" in domain["actions"]


def test_every_question_has_an_ask_action_with_its_prompt_and_buttons():
    registered = {cls.slot: cls for cls in AskQuestion.__subclasses__()}
    assert registered == ASK_ACTIONS
    assert set(registered) == set(ASSESSMENT_SLOTS)
    messages, _ = run(registered["diet_sugar"](), form_turn({}, "diet_sugar", ""))
    assert messages[0]["text"].endswith(questions.prompt(content(), "diet_sugar"))
    assert messages[0]["text"].startswith("Question 1 of ")
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/inform{"choice":"daily"}' in payloads
    assert '/inform{"choice":"skip"}' in payloads  # skippable


def test_red_flag_questions_offer_no_skip_button():
    cls = next(c for c in AskQuestion.__subclasses__() if c.slot == "rf_swelling_breathing")
    messages, _ = run(cls(), form_turn({}, "rf_swelling_breathing", ""))
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/inform{"choice":"yes"}', '/inform{"choice":"no"}']


def test_button_answer_is_accepted_and_next_question_requested():
    messages, events = validate({}, "rf_swelling_breathing", '/inform{"choice":"no"}', value="no")
    slots = slot_events(events)
    assert slots["rf_swelling_breathing"] == "no"
    assert slots["requested_slot"] == "rf_emergency_signs"
    assert messages == []


def test_everyday_words_map_to_a_concern():
    _, events = validate(NO_RED_FLAGS, "concern", "got pimples on my face lah")
    assert slot_events(events)["concern"] == "acne"


def test_red_flag_yes_ends_the_form_and_guidance_is_urgent():
    _, events = validate({}, "rf_swelling_breathing", "yes")
    slots = slot_events(events)
    assert slots["rf_swelling_breathing"] == "yes"
    assert slots["requested_slot"] is None
    tracker = form_turn({"rf_swelling_breathing": "yes"}, "rf_fever_unwell", "")
    messages, events = run(ActionGiveGuidance(), tracker)
    joined = " ".join(texts(messages))
    assert "999" in joined
    assert "fibre" not in joined.lower()
    assert slot_events(events)["urgency"] == "emergency"


def test_red_flag_language_in_any_answer_stops_the_form_with_urgent_advice():
    messages, events = validate(
        NO_RED_FLAGS, "diet_sugar", "my lips are swelling and I can't breathe", intent="report_red_flag"
    )
    slots = slot_events(events)
    assert "999" in " ".join(texts(messages))
    assert slots["flow_stopped"] is True and slots["red_flag"] is True
    assert slots["urgency"] == "emergency"
    assert slots["requested_slot"] is None


def test_a_red_flag_denied_at_another_question_is_asked_again_without_urgent_advice():
    messages, events = validate(NO_RED_FLAGS, "age_group", "no blisters", intent="report_red_flag")
    slots = slot_events(events)
    assert "999" not in " ".join(texts(messages))
    assert not slots.get("flow_stopped") and not slots.get("red_flag")
    assert slots["age_group"] is None and slots["requested_slot"] == "age_group"  # asked again
    # a sign reported beside a denial still stops the check
    messages, events = validate(
        NO_RED_FLAGS, "age_group", "no blisters but I'm bleeding a lot", intent="report_red_flag"
    )
    assert "999" in " ".join(texts(messages)) and slot_events(events)["flow_stopped"] is True


def test_self_harm_language_gets_crisis_support():
    messages, events = validate(NO_RED_FLAGS, "stress_upset", "sometimes I want to kill myself", intent="self_harm")
    joined = " ".join(texts(messages))
    assert "15555" in joined and "03-7627 2929" in joined and "999" in joined
    assert slot_events(events)["requested_slot"] is None


def test_faq_during_the_form_is_answered_and_the_question_stays_pending():
    messages, events = validate(NO_RED_FLAGS, "concern", "what are probiotics ah?", intent="faq_probiotics")
    assert messages[0].get("response") == "utter_faq_probiotics"
    slots = slot_events(events)
    assert slots["concern"] is None
    assert slots["requested_slot"] == "concern"


def test_a_valid_answer_wins_over_a_misread_intent():
    _, events = validate(NO_RED_FLAGS, "concern", "eczema", intent="faq_conditions_difference")
    assert slot_events(events)["concern"] == "eczema"


def test_skip_is_recorded_and_announced():
    slots = dict(NO_RED_FLAGS, concern="acne")
    messages, events = validate(slots, "duration", "skip")
    assert slot_events(events)["duration"] == "skipped"
    assert messages and messages[0]["text"]


def test_red_flag_questions_cannot_be_skipped():
    messages, events = validate({}, "rf_fever_unwell", "skip")
    assert slot_events(events)["rf_fever_unwell"] is None
    assert "safety" in messages[0]["text"].lower()


def test_correction_changes_an_earlier_answer_during_the_form():
    slots = dict(NO_RED_FLAGS, concern="acne", duration="3_to_12_months", body_area="face", probiotic_use="none")
    messages, events = validate(slots, "stress_upset", "sorry I meant eczema", intent="correct_answer")
    updated = slot_events(events)
    assert updated["concern"] == "eczema"
    assert "updated" in messages[0]["text"].lower()
    # Eczema questions now come next, before the pending stress question.
    assert updated["requested_slot"].startswith("ec_")


def test_unclear_answer_is_reasked_with_the_choices():
    messages, events = validate(NO_RED_FLAGS, "concern", "blorp", intent="nlu_fallback", confidence=0.2)
    assert messages == []  # the ask action asks again, with the choices spelled out
    assert slot_events(events)["requested_slot"] == "concern"
    assert slot_events(events)["answer_tries"] == "concern:1"
    ask = ASK_ACTIONS["concern"]()
    messages, _ = run(ask, form_turn(dict(NO_RED_FLAGS, answer_tries="concern:1"), "concern", ""))
    assert messages[0]["text"].endswith(questions.reask(content(), "concern"))


def test_stop_ends_the_form_without_guidance():
    messages, events = validate(NO_RED_FLAGS, "concern", "stop", intent="stop")
    assert messages[0].get("response") == "utter_stopped"
    slots = slot_events(events)
    assert slots["flow_stopped"] is True and slots["requested_slot"] is None
    tracker = form_turn(dict(NO_RED_FLAGS, flow_stopped=True), "concern", "")
    guidance, _ = run(ActionGiveGuidance(), tracker)
    assert guidance == []


@pytest.mark.parametrize("concern", ["eczema", "acne"])
def test_complete_answers_give_a_band_factors_and_a_doctor_note(concern):
    answers = dict(NO_RED_FLAGS, concern=concern)
    remaining = questions.next_questions(content(), answers)
    for slot in remaining:
        answers[slot] = questions.buttons(content(), slot)[-1][1]  # last option of each
    messages, events = run(ActionGiveGuidance(), form_turn(answers, "relaxation", ""))
    slots = slot_events(events)
    assert slots["assessment_done"] is True
    assert slots["severity_band"]
    assert messages and all(m["text"] for m in messages)


def test_a_typed_fever_with_spreading_redness_mid_form_gets_emergency_advice():
    messages, events = validate(
        NO_RED_FLAGS, "diet_fibre", "I have a fever and the red patch is spreading fast", intent="report_red_flag"
    )
    slots = slot_events(events)
    assert texts(messages) == [content().safety["messages"]["fever_spreading"]["en"]]
    assert slots["urgency"] == "emergency" and slots["flow_stopped"] is True


def test_typed_spreading_redness_combines_with_an_earlier_yes_to_fever():
    answered = {
        "rf_swelling_breathing": "no",
        "rf_emergency_signs": "no",
        "age_group": "adult",
        "rf_fever_unwell": "yes",
    }
    messages, events = validate(answered, "rf_spreading_redness", "yes and it is spreading quickly")
    assert slot_events(events)["urgency"] == "emergency"
    assert content().safety["messages"]["fever_spreading"]["en"] in texts(messages)


def test_a_changing_mole_gets_routine_advice_and_the_answer_still_counts():
    messages, events = validate(NO_RED_FLAGS, "concern", "acne, and also my mole is bleeding")
    slots = slot_events(events)
    assert texts(messages)[0] == content().safety["messages"]["mole"]["en"]
    assert slots["concern"] == "acne" and "flow_stopped" not in slots


def test_a_doctor_today_yes_asks_the_rest_of_the_screen_then_gives_its_advice():
    answered = {"rf_swelling_breathing": "no", "rf_emergency_signs": "no", "age_group": "adult"}
    _, events = validate(answered, "rf_fever_unwell", '/inform{"choice":"yes"}', value="yes")
    assert slot_events(events)["requested_slot"] == "rf_spreading_redness"
    done = dict(NO_RED_FLAGS, rf_fever_unwell="yes")
    messages, events = run(ActionGiveGuidance(), form_turn(done, None, ""))
    assert texts(messages) == [content().safety["messages"]["fever_unwell"]["en"]]
    assert slot_events(events)["urgency"] == "see_doctor_today"


def test_during_the_screen_a_typed_symptom_answers_its_question_and_the_screen_goes_on():
    answered = {"rf_swelling_breathing": "no", "rf_emergency_signs": "no", "age_group": "adult"}
    messages, events = validate(answered, "rf_fever_unwell", "no fever, but I'm on chemo")
    slots = slot_events(events)
    assert (slots["rf_fever_unwell"], slots["rf_weak_immunity"]) == ("no", "yes")
    assert slots["requested_slot"] == "rf_spreading_redness" and messages == []
    messages, events = validate(answered, "rf_fever_unwell", "yes I have a fever")
    assert slot_events(events)["rf_fever_unwell"] == "yes"
    assert slot_events(events)["requested_slot"] == "rf_spreading_redness"


def confirm_text(label):
    return content().texts.say("messages", "assessment.confirm_concern", concern=label)


def test_a_concern_guessed_from_symptom_words_is_confirmed_before_it_is_used():
    messages, events = validate(NO_RED_FLAGS, "concern", "very itchy skin")
    slots = slot_events(events)
    assert slots["concern"] is None and slots["concern_guess"] == "eczema"
    assert texts(messages) == [confirm_text("eczema")]
    assert slots["requested_slot"] == "concern"  # asked again, with the buttons
    _, events = validate(dict(NO_RED_FLAGS, concern_guess="eczema"), "concern", "yes")
    assert (slot_events(events)["concern"], slot_events(events)["concern_guess"]) == ("eczema", None)


def test_a_guess_the_person_declines_is_dropped_and_the_question_asked_again():
    messages, events = validate(dict(NO_RED_FLAGS, concern_guess="eczema"), "concern", "no")
    slots = slot_events(events)
    assert slots["concern"] is None and slots["concern_guess"] is None and slots["requested_slot"] == "concern"
    assert texts(messages) == [content().texts.say("messages", "assessment.concern_not_confirmed")]


@pytest.mark.parametrize(
    "text,concern",
    [
        ("eczema", "eczema"),
        ("I have eczema on my arms", "eczema"),
        ("gatal, eksema kot", "eczema"),
        ("got pimples on my face lah", "acne"),
        ('/inform{"choice":"eczema"}', "eczema"),
    ],
)
def test_a_named_concern_or_a_button_needs_no_confirmation(text, concern):
    messages, events = validate(NO_RED_FLAGS, "concern", text, value=concern if text.startswith("/") else None)
    assert slot_events(events)["concern"] == concern and messages == []


def test_a_different_choice_replaces_the_guess():
    _, events = validate(
        dict(NO_RED_FLAGS, concern_guess="eczema"), "concern", '/inform{"choice":"unsure"}', value="unsure"
    )
    assert (slot_events(events)["concern"], slot_events(events)["concern_guess"]) == ("unsure", None)
