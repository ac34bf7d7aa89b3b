"""Issue 10 in the actions: a typed answer wins over an FAQ look-alike, failed tries change how the question is
asked, progress follows the branch, the concern from the first message is not asked again, self-harm words
from the NLU alone get a check-in, and a person coming back is offered to continue or start over."""

from actions.ask_assessment import ASK_ACTIONS, ASSESSMENT_SLOTS
from actions.runtime import content
from actions.safety import ActionCrisisSupport
from actions.session import ActionSessionStart
from actions.validate_assessment import ValidateSkinAssessmentForm
from skincheck import questions
from tests.actions.helpers import form_turn, make_tracker, run, slot_events, texts

FORM = "skin_assessment_form"
NO_RED_FLAGS = {**{s: "no" for s in ASSESSMENT_SLOTS if s.startswith("rf_")}, "age_group": "adult"}
BEFORE_STRESS = dict(
    NO_RED_FLAGS,
    concern="acne",
    duration="over_1_year",
    body_area="face",
    acne_lesions="inflamed",
    acne_extent="face_only",
    acne_scarring="no",
    acne_mood="a_little",
    diet_fibre="daily",
    diet_fermented="rarely",
    diet_sugar="daily",
    diet_dairy="rarely",
    diet_triggers="no",
)


def validate(slots, requested, text, value=None, **kwargs):
    tracker = form_turn(slots, requested, text, value, form=FORM, **kwargs)
    return run(ValidateSkinAssessmentForm(), tracker)


def ask(slot, slots):
    return run(ASK_ACTIONS[slot](), form_turn(slots, slot, ""))[0]


def test_a_typed_yes_with_a_detail_is_not_hijacked_by_the_probiotics_faq():
    messages, events = validate(
        BEFORE_STRESS, "probiotic_use", "yes, I take one every day", intent="faq_probiotics", confidence=0.93
    )
    slots = slot_events(events)
    assert (slots["probiotic_use"], slots["probiotic_freq"]) == ("supplement", "daily")
    assert slots["requested_slot"] == "stress_upset"  # the frequency is not asked again
    assert messages == []


def test_hours_of_sleep_and_weekends_are_answers_not_opening_hours():
    slots = dict(
        BEFORE_STRESS,
        probiotic_use="none",
        stress_upset="never",
        stress_control="never",
        stress_confident="often",
        stress_on_top="often",
    )
    messages, events = validate(slots, "sleep_quality", "about 5 hours of sleep", intent="faq_branches_hours")
    assert slot_events(events)["sleep_quality"] == "poor" and messages == []
    messages, events = validate(
        dict(slots, sleep_quality="good"), "relaxation", "I go running on weekends", intent="faq_branches_hours"
    )
    assert slot_events(events)["relaxation"] == "regularly" and messages == []


def test_a_clear_question_gets_the_faq_and_the_question_stays_open():
    messages, events = validate(BEFORE_STRESS, "diet_fermented", "is yogurt good for the skin?", intent="faq_fermented")
    assert messages[0].get("response") == "utter_faq_fermented"
    assert slot_events(events)["diet_fermented"] is None
    assert slot_events(events)["requested_slot"] == "diet_fermented"


def test_an_faq_look_alike_that_is_not_a_question_is_a_failed_try_not_an_faq():
    messages, events = validate(BEFORE_STRESS, "probiotic_use", "probiotics for kids", intent="faq_probiotics")
    assert messages == []
    assert slot_events(events)["answer_tries"] == "probiotic_use:1"


def test_fees_during_the_check_are_answered_with_contacts_not_prices():
    messages, _ = validate(BEFORE_STRESS, "probiotic_use", "how much is a consultation?", intent="faq_fees")
    assert messages[0].get("response") == "utter_faq_fees"
    assert len(messages) >= 2  # the branch contacts or how to reach them


def test_the_same_words_are_never_asked_three_times_in_a_row():
    slot = "diet_sugar"
    shown = [ask(slot, dict(NO_RED_FLAGS, answer_tries=f"{slot}:{n}" if n else None))[0] for n in range(6)]
    bodies = [m["text"].split("\n", 1)[1] for m in shown]
    assert bodies[0] == questions.prompt(content(), slot)
    assert bodies[1] == questions.reask(content(), slot)
    assert "twice a week" in bodies[2] and "Skip" in bodies[2]  # the example and the skip offer
    assert all(len({bodies[i], bodies[i + 1], bodies[i + 2]}) > 1 for i in range(len(bodies) - 2))
    assert any(b["payload"] == '/inform{"choice":"skip"}' for b in shown[2]["buttons"])


def test_a_question_that_cannot_be_skipped_gets_help_without_skip():
    text = ask("concern", dict(NO_RED_FLAGS, answer_tries="concern:2"))[0]["text"]
    assert "pimples on my chin" in text and "Skip" not in text


def counts(text):
    n, total = text.split("\n", 1)[0].removeprefix("Question ").split(" of ")
    return int(n), int(total)


def test_progress_counts_the_branch_actually_taken():
    acne = counts(ask("duration", dict(NO_RED_FLAGS, concern="acne"))[0]["text"])
    eczema = counts(ask("duration", dict(NO_RED_FLAGS, concern="eczema"))[0]["text"])
    assert acne[0] == eczema[0] == len(NO_RED_FLAGS) + 2  # the screen and the concern answered
    assert eczema[1] - acne[1] == 3  # 7 eczema items instead of 4 acne items
    takes = counts(ask("probiotic_freq", dict(BEFORE_STRESS, probiotic_use="supplement"))[0]["text"])
    takes_none = counts(ask("stress_upset", dict(BEFORE_STRESS, probiotic_use="none"))[0]["text"])
    assert takes == (takes_none[0], takes_none[1] + 1)  # "how often" only counts for those who take them
    assert acne[1] == len(questions.next_questions(content(), dict(NO_RED_FLAGS, concern="acne"))) + acne[0] - 1


def test_a_trigger_food_named_as_yes_is_kept_for_the_doctor():
    _, events = validate(dict(BEFORE_STRESS, diet_triggers=None), "diet_triggers", "maybe chocolate")
    slots = slot_events(events)
    assert slots["diet_triggers"] == "yes" and slots["trigger_foods"] == "chocolate"


def test_a_concern_named_before_the_check_is_not_asked_again():
    events = [
        {
            "event": "user",
            "text": "hi, I have eczema on my hands",
            "parse_data": {
                "intent": {"name": "inform"},
                "entities": [{"entity": "condition", "value": "eczema"}, {"entity": "body_area", "value": "hands"}],
            },
        },
        {"event": "active_loop", "name": FORM},
        {"event": "user", "text": "no"},
    ]
    tracker = form_turn({}, "rf_swelling_breathing", "no", form=FORM)
    tracker.events[:0] = events
    _, out = run(ValidateSkinAssessmentForm(), tracker)
    slots = slot_events(out)
    assert slots["concern"] == "eczema" and slots["body_area"] == "hands"


def test_a_concern_only_mentioned_in_an_faq_is_not_taken():
    tracker = form_turn({}, "rf_swelling_breathing", "no", form=FORM)
    tracker.events[:0] = [
        {
            "event": "user",
            "text": "is acne different from eczema?",
            "parse_data": {
                "intent": {"name": "faq_conditions_difference"},
                "entities": [{"entity": "condition", "value": "acne"}],
            },
        }
    ]
    _, out = run(ValidateSkinAssessmentForm(), tracker)
    assert "concern" not in slot_events(out)


def test_self_harm_intent_alone_gets_a_check_in_not_the_crisis_text():
    messages, _ = validate(
        BEFORE_STRESS, "stress_upset", "this rash is killing me lah", intent="self_harm", confidence=0.7
    )
    joined = " ".join(texts(messages))
    assert "15555" not in joined and "understood" in joined
    assert messages[0]["buttons"][0]["payload"] == "/self_harm"
    messages, _ = run(ActionCrisisSupport(), make_tracker(text="I hate everything", intent="self_harm"))
    assert "15555" not in " ".join(texts(messages)) and messages[0]["buttons"]


def test_explicit_words_or_the_support_button_get_the_crisis_text():
    for text in ("I want to kill myself", "/self_harm"):
        messages, _ = run(ActionCrisisSupport(), make_tracker(text=text, intent="self_harm"))
        assert "15555" in " ".join(texts(messages))


def test_coming_back_hours_later_offers_continue_or_start_over():
    tracker = form_turn(BEFORE_STRESS, "probiotic_use", "hello", form=FORM, intent="greet")
    tracker.events[:0] = [{"event": "user", "text": "no", "timestamp": 1_000_000.0}]
    tracker.events[-2]["timestamp"] = 1_000_000.0 + 5 * 3600
    messages, events = run(ValidateSkinAssessmentForm(), tracker)
    assert "Welcome back" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/inform{"choice":"resume"}', "/restart"]
    assert slot_events(events)["requested_slot"] == "probiotic_use"


def test_continue_asks_the_pending_question_again_without_counting_a_failed_try():
    messages, events = validate(BEFORE_STRESS, "probiotic_use", '/inform{"choice":"resume"}', value="resume")
    assert messages == [] and slot_events(events).get("answer_tries") is None


def test_a_new_session_after_a_half_done_check_offers_to_continue():
    tracker = make_tracker(dict(BEFORE_STRESS, requested_slot="probiotic_use"), text="hi", intent="greet")
    messages, events = run(ActionSessionStart(), tracker)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/start_assessment", "/restart"]
    carried = slot_events(events)
    assert carried["concern"] == "acne" and "requested_slot" not in carried
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    messages, _ = run(ActionSessionStart(), make_tracker({"consent_given": False}, text="hi", intent="greet"))
    assert messages == []


def test_are_you_a_bot_mid_check_is_answered_and_the_question_stays_open():
    messages, events = validate(BEFORE_STRESS, "diet_fermented", "are you a bot?", intent="bot_challenge")
    assert messages[0].get("response") == "utter_bot_challenge"
    assert slot_events(events)["diet_fermented"] is None
    assert slot_events(events)["requested_slot"] == "diet_fermented"


def test_a_guessed_concern_is_confirmed_by_a_yes_with_more_words():
    slots = dict(NO_RED_FLAGS, concern_guess="acne")
    _, events = validate(slots, "concern", "yes, that one", intent="affirm")
    assert slot_events(events)["concern"] == "acne"
