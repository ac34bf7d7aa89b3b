"""Which question comes next, and how a typed or tapped answer becomes an option value."""

from pathlib import Path

import pytest

from skincheck.loader import load_content
from skincheck.questions import buttons, next_questions, parse_answer, prompt, reask
from tests.support.scopes import content_scope
from tests.support.screen_oracle import RED_FLAGS, SCREEN

EMERGENCY = ["rf_swelling_breathing", "rf_emergency_signs"]
DOCTOR_TODAY = ["rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores", "rf_weak_immunity"]
ECZEMA_ITEMS = ["ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"]
ACNE_ITEMS = ["acne_lesions", "acne_extent", "acne_scarring", "acne_mood"]


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def no_red_flags(**more):
    return dict(dict.fromkeys(RED_FLAGS, "no"), age_group="adult", **more)


def value(content, slot, text):
    return parse_answer(content, slot, text, "en").value


# ---------------------------------------------------------------- next_questions


def test_the_screen_is_asked_first_then_the_concern(content):
    assert next_questions(content, {})[: len(SCREEN) + 1] == SCREEN + ["concern"]


@pytest.mark.parametrize("flag", EMERGENCY)
def test_a_999_level_yes_ends_the_questions_at_once(content, flag):
    assert next_questions(content, {flag: "yes"}) == []


@pytest.mark.parametrize("flag", DOCTOR_TODAY)
def test_a_doctor_today_yes_still_asks_every_screening_question_then_ends(content, flag):
    answers = {flag: "yes"}
    remaining = next_questions(content, answers)
    assert remaining[: len(SCREEN) - 1] == [slot for slot in SCREEN if slot != flag]
    assert next_questions(content, no_red_flags(**{flag: "yes"})) == []


def test_a_changing_mole_does_not_stop_the_skin_check(content):
    assert next_questions(content, no_red_flags(rf_mole="yes"))[0] == "concern"


@pytest.mark.parametrize("concern", ["eczema", "dermatitis", "unsure"])
def test_eczema_items_follow_an_eczema_like_concern(content, concern):
    remaining = next_questions(content, no_red_flags(concern=concern))
    assert remaining[:2] == ["duration", "body_area"]
    assert remaining[2:9] == ECZEMA_ITEMS
    assert not set(ACNE_ITEMS) & set(remaining)


def test_acne_items_follow_acne(content):
    remaining = next_questions(content, no_red_flags(concern="acne"))
    assert remaining[2:6] == ACNE_ITEMS
    assert not set(ECZEMA_ITEMS) & set(remaining)


def test_condition_questions_wait_for_the_concern(content):
    remaining = next_questions(content, no_red_flags())
    assert remaining[0] == "concern"
    assert not (set(ECZEMA_ITEMS) | set(ACNE_ITEMS)) & set(remaining)


@pytest.mark.parametrize(
    "use,asked", [("supplement", True), ("both", True), ("fermented_food", True), ("none", False), ("skipped", False)]
)
def test_probiotic_frequency_only_when_probiotics_are_taken(content, use, asked):
    assert ("probiotic_freq" in next_questions(content, no_red_flags(concern="acne", probiotic_use=use))) is asked


def test_answered_and_skipped_questions_are_not_asked_again(content):
    answers = no_red_flags(concern="acne", duration="skipped", body_area="face,back", acne_lesions=None)
    remaining = next_questions(content, answers)
    assert remaining[0] == "acne_lesions"
    assert "duration" not in remaining and "body_area" not in remaining


def test_last_question_then_nothing_left(content):
    answers = no_red_flags(concern="acne")
    for slot in list(next_questions(content, answers)):
        answers[slot] = "skipped"
    assert next_questions(content, answers) == []


# ---------------------------------------------------------------- parse_answer


@pytest.mark.parametrize(
    "slot,payload",
    [
        ("ec_itch", "days_7"),
        ("concern", "unsure"),
        ("rf_fever_unwell", "no"),
        ("duration", "2_weeks_to_3_months"),
        ("acne_extent", "face_and_body"),
    ],
)
def test_button_payload_is_the_value(content, slot, payload):
    assert value(content, slot, payload) == payload


def test_body_area_payload_list_is_kept_in_canonical_order(content):
    assert value(content, "body_area", "back,face") == "face,back"


@pytest.mark.parametrize(
    "slot,text,expected",
    [
        ("ec_itch", "Every day", "days_7"),
        ("diet_sugar", "A few times a week", "few_times_week"),
        ("acne_lesions", "Deep painful lumps", "nodules"),
        ("probiotic_freq", "now and then", "occasionally"),
    ],
)
def test_button_titles_typed_out(content, slot, text, expected):
    assert value(content, slot, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("pimples", "acne"),
        ("breakouts on my chin", "acne"),
        ("zits", "acne"),
        ("jerawat", "acne"),
        ("blackheads", "acne"),
        ("itchy dry patches", "eczema"),
        ("my skin very dry and red lah", "eczema"),
        ("eksema", "eczema"),
        ("rash from detergent", "dermatitis"),
        ("rash from my new soap", "dermatitis"),
        ("itchy rash where my jewellery touches", "dermatitis"),
        ("dandruff-like flaky scalp", "dermatitis"),
        ("dunno", "unsure"),
        ("not sure", "unsure"),
        ("tak pasti", "unsure"),
        ("not sure, maybe pimples", "acne"),
        ("not itchy, just pimples", "acne"),
        ("eczma", "eczema"),
        ("pimpels", "acne"),
        ("not itchyy, just pimpels", "acne"),
    ],
)
def test_everyday_words_for_the_concern(content, text, expected):
    assert value(content, "concern", text) == expected


@pytest.mark.parametrize("text", ["acne or eczema", "something else", "hello", "my back", "not itchyy"])
def test_unclear_concern_is_not_guessed(content, text):
    assert value(content, "concern", text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3 days", "days_3_4"),
        ("0", "days_0"),
        ("everyday", "days_7"),
        ("every day lah", "days_7"),
        ("setiap hari", "days_7"),
        ("1-2 days", "days_1_2"),
        ("two days", "days_1_2"),
        ("tiga hari", "days_3_4"),
        ("6", "days_5_6"),
        ("7/7", "days_7"),
        ("never", "days_0"),
        ("tak", "days_0"),
        ("sometimes lah", "days_3_4"),
        ("almost every day", "days_5_6"),
        ("once", "days_1_2"),
        ("evryday", "days_7"),
    ],
)
def test_number_of_days(content, text, expected):
    assert value(content, "ec_itch", text) == expected


@pytest.mark.parametrize("text", ["10 days", "2-3 days", "not every day", "maybe", "-"])
def test_impossible_or_unclear_day_counts_are_reasked(content, text):
    assert value(content, "ec_sleep", text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3 days", "under_2_weeks"),
        ("a week", "under_2_weeks"),
        ("2 weeks", "2_weeks_to_3_months"),
        ("a few weeks", "2_weeks_to_3_months"),
        ("3 months", "2_weeks_to_3_months"),
        ("6mths", "3_to_12_months"),
        ("about 8 months", "3_to_12_months"),
        ("1 year", "3_to_12_months"),
        ("2 years", "over_1_year"),
        ("since young", "over_1_year"),
        ("since I was young lah", "over_1_year"),
        ("bertahun-tahun", "over_1_year"),
        ("sebulan", "2_weeks_to_3_months"),
        ("since 2015", "over_1_year"),
        ("for years", "over_1_year"),
        ("Over 1 year", "over_1_year"),
    ],
)
def test_durations(content, text, expected):
    assert value(content, "duration", text) == expected


@pytest.mark.parametrize("text", ["3", "long", "since"])
def test_unclear_durations_are_reasked(content, text):
    assert value(content, "duration", text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("face and back", "face,back"),
        ("Face", "face"),
        ("muka dan leher", "face,neck"),
        ("on my face, chest & back", "face,chest,back"),
        ("behind my knees and inside elbows", "skin_folds"),
        ("all over", "widespread"),
        ("face but not back", "face"),
        ("hands and feet", "hands,feet"),
    ],
)
def test_body_areas(content, text, expected):
    assert value(content, "body_area", text) == expected


@pytest.mark.parametrize(
    "slot,text,expected",
    [
        ("rf_fever_unwell", "ya", "yes"),
        ("rf_fever_unwell", "tak", "no"),
        ("rf_fever_unwell", "takde", "no"),
        ("rf_fever_unwell", "no fever", "no"),
        ("rf_fever_unwell", "tak demam", "no"),
        ("rf_fever_unwell", "demam with rash", "yes"),
        ("rf_swelling_breathing", "no swelling", "no"),
        ("rf_swelling_breathing", "Yes, my lips", "yes"),
        ("acne_scarring", "no scars", "no"),
        ("diet_sugar", "sometimes lah", "few_times_week"),
        ("diet_fibre", "rarley", "rarely"),
        ("stress_upset", "kadang-kadang", "sometimes"),
        ("stress_upset", "almost never", "almost_never"),
        ("probiotic_use", "yakult", "fermented_food"),
        ("sleep_quality", "susah tidur", "poor"),
        ("relaxation", "no time lah", "no"),
        ("diet_triggers", "not sure", "not_sure"),
        ("acne_lesions", "blackheads and some red pimples", "inflamed"),  # the most severe kind present
        ("acne_lesions", "whiteheads and jerawat batu", "nodules"),
        ("probiotic_use", "both yakult and pills", "both"),
        ("diet_fibre", "3 times a week", "some_days"),
        ("sleep_quality", "ok la", "good"),
    ],
)
def test_free_text_answers(content, slot, text, expected):
    assert value(content, slot, text) == expected


@pytest.mark.parametrize(
    "slot,text",
    [
        ("rf_swelling_breathing", "i have no idea"),
        ("rf_fever_unwell", "what do you mean"),
        ("probiotic_use", "i do take probiotics"),
        ("diet_fibre", "banana"),
        ("stress_upset", ""),
        ("diet_fibre", "i eat vegetables"),
        ("probiotic_use", "take"),
    ],
)
def test_unclear_answers_give_none_so_the_question_is_asked_again(content, slot, text):
    answer = parse_answer(content, slot, text, "en")
    assert answer.value is None and not answer.skipped


@pytest.mark.parametrize("text", ["skip", "Skip this", "pass", "langkau", "skip lah", "skipped"])
def test_skip_on_a_skippable_question(content, text):
    answer = parse_answer(content, "diet_dairy", text, "en")
    assert answer.skipped and answer.value is None and not answer.skip_refused


@pytest.mark.parametrize("slot", RED_FLAGS + ["concern"])
def test_red_flags_and_concern_cannot_be_skipped(content, slot):
    answer = parse_answer(content, slot, "skip", "en")
    assert not answer.skipped and answer.skip_refused and answer.value is None


def test_unknown_language_falls_back_to_english(content):
    assert value(content, "concern", "Acne / pimples") == "acne"
    assert parse_answer(content, "concern", "Not sure", "ms").value == "unsure"
    assert prompt(content, "concern", "zh") == prompt(content, "concern", "en")  # not a supported language
    assert prompt(content, "concern", "ms").startswith("Terima kasih.")  # Bahasa Melayu has its own


def test_reask_lists_the_choices(content):
    for slot in content.questions["questions"]:
        text = reask(content, slot).lower()
        titles = [title.lower() for title, _ in buttons(content, slot)]
        if slot != "body_area":
            assert all(t.split(" ")[0].split("/")[0] in text for t in titles), slot


def test_buttons_carry_the_values(content):
    assert buttons(content, "acne_mood") == [("Not at all", "not_at_all"), ("A little", "a_little"), ("A lot", "a_lot")]
