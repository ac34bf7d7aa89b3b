"""Whole conversations against the real Rasa and action servers over HTTP (REST channel)."""

import os
import urllib.parse

import pytest

from actions.runtime import content, texts
from skincheck import privacy, questions
from skincheck.assess import assess
from skincheck.guidance import guidance_messages
from tests.e2e.chat import Chat, answer_assessment

pytestmark = pytest.mark.e2e

NO = {
    "rf_swelling_breathing": "no",
    "rf_emergency_signs": "no",
    "age_group": "adult",
    "rf_fever_unwell": "no",
    "rf_spreading_redness": "no",
    "rf_blisters_sores": "no",
    "rf_weak_immunity": "no",
    "rf_mole": "no",
}
SCREEN_REPLIES = ("no", "no", "for me", "no", "no", "no", "no", "no")  # typed answers to the whole screen

TYPED_ECZEMA = {
    "rf_swelling_breathing": "no",
    "rf_emergency_signs": "none of those",
    "age_group": "myself",
    "rf_fever_unwell": "nope",
    "rf_spreading_redness": "tak",
    "rf_blisters_sores": "no lah",
    "rf_weak_immunity": "no",
    "rf_mole": "takde",
    "concern": "eczema lah, my skin very dry and red",
    "duration": "about 3 months",
    "body_area": "arms and neck",
    "ec_itch": "every day",
    "ec_sleep": "3 days",
    "ec_bleeding": "none",
    "ec_weeping": "never",
    "ec_cracking": "once or twice",
    "ec_flaking": "most days",
    "ec_dryness": "everyday",
    "diet_fibre": "rarely",
    "diet_fermented": "rarely",
    "diet_sugar": "every day",
    "diet_dairy": "rarely",
    "diet_triggers": "not sure",
    "probiotic_use": "none",
    "stress_upset": "fairly often",
    "stress_control": "very often",
    "stress_confident": "almost never",
    "stress_on_top": "almost never",
    "sleep_quality": "poor",
    "relaxation": "no",
}

BUTTONS_ACNE = {
    **NO,
    "concern": "acne",
    "duration": "over_1_year",
    "body_area": "face",
    "acne_lesions": "inflamed",
    "acne_extent": "face_only",
    "acne_scarring": "no",
    "acne_mood": "a_little",
    "diet_fibre": "daily",
    "diet_fermented": "sometimes",
    "diet_sugar": "few_times_week",
    "diet_dairy": "daily",
    "diet_triggers": "no",
    "probiotic_use": "supplement",
    "probiotic_freq": "daily",
    "stress_upset": "sometimes",
    "stress_control": "sometimes",
    "stress_confident": "fairly_often",
    "stress_on_top": "fairly_often",
    "sleep_quality": "good",
    "relaxation": "regularly",
}


@pytest.fixture
def chat(live_stack):
    return Chat(live_stack)


def consent_notice():
    return privacy.notice(content(), privacy.retention_days_from(os.environ))


def start_assessment(chat):
    chat.start_with_consent()
    chat.send("/start_assessment")
    assert questions.prompt(content(), "rf_swelling_breathing") in chat.texts


def test_greeting_gives_disclaimer_and_asks_consent_before_any_health_question(chat):
    chat.send("hello")
    assert consent_notice() in chat.texts
    assert "not a diagnosis" in chat.joined.lower() and "999" in chat.texts[0]
    # and the switch to Bahasa Melayu, on the first question everyone sees
    assert {b["payload"] for b in chat.buttons} == {
        "/consent_agree",
        "/consent_decline",
        '/choose_language{"language":"ms"}',
    }
    chat.press("agree")
    assert texts().say("messages", "consent.recorded") in chat.texts
    assert any(b["payload"] == "/start_assessment" for b in chat.buttons)


def test_declined_consent_still_gets_general_information_but_no_health_questions(chat):
    chat.send("hi")
    chat.press("no")
    assert texts().say("messages", "consent.declined") in chat.texts
    chat.send("what is the gut skin axis?")
    assert "gut-skin axis" in chat.joined
    chat.send("I want to check my skin")
    assert texts().say("messages", "consent.required") in chat.texts
    assert questions.prompt(content(), "rf_swelling_breathing") not in chat.texts


def test_full_assessment_with_free_text_only(chat):
    chat.send("hi there")
    chat.send("ok I agree")
    chat.send("can check my skin?")
    answers = answer_assessment(chat, content(), TYPED_ECZEMA, typed=True)
    expected = guidance_messages(content(), assess(content(), answers))
    for text in expected:
        assert text in chat.texts
    assert any(b["payload"] == "/find_branch" for b in chat.buttons)


def test_full_assessment_with_buttons_only(chat):
    chat.send("/greet")
    chat.press("agree")
    chat.press("skin check")
    answers = answer_assessment(chat, content(), BUTTONS_ACNE, typed=False)
    result = assess(content(), answers)
    assert result.band
    for text in guidance_messages(content(), result):
        assert text in chat.texts


def test_red_flag_in_screening_gives_urgent_advice_and_no_diet_tips(chat):
    start_assessment(chat)
    chat.send("yes")
    assert "999" in chat.joined
    assert "fibre" not in chat.joined.lower()
    assert not any(b["payload"] == "/find_branch" for b in chat.buttons)


def test_red_flag_language_anywhere_in_the_form(chat):
    start_assessment(chat)
    chat.send("no")
    chat.send("my lips are swelling and I cannot breathe properly")
    assert "999" in chat.joined
    chat.send("hi")  # the form is over: greeting again, no pending health question
    assert questions.prompt(content(), "rf_spreading_redness") not in chat.texts


def urgent(key):
    return content().safety["messages"][key]["en"]


def test_yes_to_both_fever_and_spreading_redness_gives_emergency_advice(chat):
    start_assessment(chat)
    for reply in ("no", "no", "Adult or teen (16+)", "yes"):
        chat.send(reply)
    assert questions.prompt(content(), "rf_spreading_redness") in chat.texts  # the screen goes on after a "yes"
    chat.send("yes")
    assert urgent("fever_spreading") in chat.texts
    assert urgent("fever_unwell") not in chat.texts  # not watered down to "see a doctor today"
    assert "fibre" not in chat.joined.lower()
    assert not any(b["payload"] == "/find_branch" for b in chat.buttons)


def test_typed_fever_with_a_spreading_red_patch_gets_emergency_advice(chat):
    chat.start_with_consent()
    chat.send("fever and the red patch is spreading fast")
    assert urgent("fever_spreading") in chat.texts


def test_a_parent_of_a_feverish_two_month_old_gets_emergency_advice(chat):
    start_assessment(chat)
    chat.send("no")
    chat.send("no")
    assert questions.prompt(content(), "age_group") in chat.texts
    chat.send("my baby is 2 months old")
    assert questions.prompt(content(), "rf_fever_unwell") in chat.texts
    chat.send("yes she has a fever")
    assert urgent("fever_baby") in chat.texts
    assert questions.prompt(content(), "rf_spreading_redness") not in chat.texts  # 999 level: stops at once


def test_a_doctor_today_answer_asks_the_rest_of_the_screen_then_gives_that_advice(chat):
    start_assessment(chat)
    for reply in ("no", "no", "for me", "no", "no", "yes", "no"):
        chat.send(reply)
    assert questions.prompt(content(), "rf_mole") in chat.texts
    chat.send("no")
    assert urgent("blisters_sores") in chat.texts
    assert questions.prompt(content(), "concern") not in chat.texts


def test_self_harm_language_gets_crisis_support(chat):
    start_assessment(chat)
    chat.send("I want to kill myself")
    assert "15555" in chat.joined and "03-7627 2929" in chat.joined and "999" in chat.joined


def test_faq_inside_the_form_is_answered_and_the_question_resumes(chat):
    start_assessment(chat)
    for reply in SCREEN_REPLIES:
        chat.send(reply)
    assert questions.prompt(content(), "concern") in chat.texts
    chat.send("is this a diagnosis?")
    assert "does not diagnose" in chat.joined
    assert questions.prompt(content(), "concern") in chat.texts


def test_change_an_earlier_answer_and_skip_a_question(chat):
    start_assessment(chat)
    for reply in SCREEN_REPLIES + ("pimples",):
        chat.send(reply)
    assert questions.prompt(content(), "duration") in chat.texts
    chat.send("skip")
    assert texts().say("messages", "assessment.skipped") in chat.texts
    assert questions.prompt(content(), "body_area") in chat.texts
    chat.send("sorry I meant eczema")
    assert "updated" in chat.joined.lower()
    chat.send("face")
    assert questions.prompt(content(), "ec_itch") in chat.texts


def test_stop_in_the_middle(chat):
    start_assessment(chat)
    chat.send("no")
    chat.send("stop")
    assert "stopped" in chat.joined.lower()
    chat.send("menu")
    assert any(b["payload"] == "/start_assessment" for b in chat.buttons)


def test_ask_for_a_human(chat):
    chat.send("can I talk to a real person?")
    # Every contact in content/branches.yml is still a placeholder: the hand-off says so plainly.
    assert texts().say("booking", "handoff.no_contacts") in chat.texts
    assert "TO_FILL" not in chat.joined


# Keyboard mashes. Which of them the model of the day finds unclear varies between trainings (several unknown
# words can look like a name, i.e. inform), so the fallback test takes two it finds unclear, and every one of
# them must get a clear reply either way.
GIBBERISH = ["asdkjh qwpoeiru zzzz", "qqqq wwww eeee", "lkjsdf sdfkj", "zzzzz", "hjkl", "xcvb qwer", "pppp oooo"]


def unclear_to_the_model(stack, candidates):
    """The candidates the running model classifies as nlu_fallback (Rasa's HTTP API, /model/parse)."""
    token = urllib.parse.quote(stack.env["RASA_API_TOKEN"])
    return [
        t
        for t in candidates
        if stack.post(f"/model/parse?token={token}", {"text": t})["intent"]["name"] == "nlu_fallback"
    ]


def test_keyboard_mashing_always_gets_a_clear_reply(chat):
    chat.start_with_consent()
    for text in GIBBERISH:
        chat.send(text)
        assert chat.texts and all(t.strip() for t in chat.texts), (text, chat.last)


def test_unclear_message_gets_did_you_mean_then_gives_up_politely(chat, live_stack):
    unclear = unclear_to_the_model(live_stack, GIBBERISH)
    assert len(unclear) >= 2, f"the model is confident about nearly every keyboard mash: {unclear}"
    first, second = unclear[:2]
    chat.send("hi")
    chat.send(first)
    assert texts().say("fallback", "did_you_mean") in chat.texts
    assert any(b["payload"] == "/out_of_scope" for b in chat.buttons)
    chat.press("something else")
    assert texts().say("fallback", "ask_rephrase") in chat.texts
    chat.send(second)  # the rephrase is unclear too: one more "did you mean"
    assert texts().say("fallback", "did_you_mean") in chat.texts
    chat.press("something else")
    assert texts().say("fallback", "give_up") in chat.texts
    assert {b["payload"] for b in chat.buttons} == {"/show_menu", "/ask_human"}


def test_restart_asks_for_consent_again(chat):
    start_assessment(chat)
    chat.send("/restart")
    assert consent_notice() in chat.texts
    chat.send("/start_assessment")
    assert questions.prompt(content(), "rf_swelling_breathing") not in chat.texts
    assert texts().say("messages", "consent.required") in chat.texts


def test_a_plain_yes_after_starting_over_is_consent(chat):
    chat.start_with_consent()
    chat.send("/restart")
    chat.send("yes")
    assert texts().say("messages", "consent.recorded") in chat.texts


def test_a_bare_skin_concern_first_asks_consent_then_starts_the_check(chat):
    chat.send("jerawat")
    assert texts().say("messages", "consent.required") in chat.texts
    chat.press("agree")
    assert questions.prompt(content(), "rf_swelling_breathing") in chat.texts


def test_privacy_question_gets_the_filled_in_privacy_answer(chat):
    chat.send("hi")
    chat.send("what do you do with my data?")
    answer = privacy.faq(content(), privacy.retention_days_from(os.environ))
    assert answer in chat.texts and "TO_FILL" not in chat.joined


def test_a_concern_guessed_from_itch_is_confirmed_before_the_eczema_questions(chat):
    start_assessment(chat)
    for reply in SCREEN_REPLIES:
        chat.send(reply)
    chat.send("very itchy skin")
    assert texts().say("messages", "assessment.confirm_concern", concern="eczema") in chat.texts
    assert questions.prompt(content(), "duration") not in chat.texts
    chat.send("yes")
    assert questions.prompt(content(), "duration") in chat.texts
