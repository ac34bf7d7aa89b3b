"""Typed answers to the assessment questions: the held-out set (tests/data/typed_answers.yml, written apart from
the word lists in content/questions.yml) must be understood at least 95% of the time, plus the reading rules
that set is built to exercise, each pinned by its own examples."""

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml

from skincheck.answer_parsing import _duration_days, build_index, leading_polarity, payload_value
from skincheck.answer_parsing import read as read_answer
from skincheck.loader import load_content
from skincheck.options import options_of
from skincheck.questions import parse_answer
from tests.support.scopes import content_scope

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "tests" / "data" / "typed_answers.yml"
TODAY = date(2026, 11, 30)
MIN_ACCURACY = 0.95


@pytest.fixture(scope=content_scope)
def content():
    return load_content(ROOT / "content")


def held_out_cases():
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    for slot, cases in data["cases"].items():
        for case in cases:
            if isinstance(case, dict):
                yield slot, case["text"], case["value"], case.get("also") or {}
            else:
                yield slot, case[0], case[1], {}


def read(content, slot, text, today=TODAY):
    return parse_answer(content, slot, text, "en", today=today)


def test_held_out_typed_answers_are_understood(content):
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    today = data["today"]
    cases = list(held_out_cases())
    wrong = []
    for slot, text, expected, also in cases:
        answer = read(content, slot, text, today)
        if answer.value != expected or any(answer.also.get(k) != v for k, v in also.items()):
            wrong.append(f"{slot}: {text!r} -> {answer.value} {answer.also or ''} (want {expected} {also or ''})")
    accuracy = 1 - len(wrong) / len(cases)
    print(f"held-out typed answers: {len(cases) - len(wrong)}/{len(cases)} = {accuracy:.1%}")
    assert accuracy >= MIN_ACCURACY, "\n".join(wrong)


def test_held_out_set_covers_every_question_with_300_cases(content):
    cases = list(held_out_cases())
    assert len(cases) >= 300
    assert {slot for slot, *_ in cases} == set(content.index["questions"].questions)


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("diet_fibre", "maybe twice a week only", "some_days"),
        ("diet_fibre", "veg every lunch", "daily"),
        ("diet_sugar", "3x a week", "few_times_week"),
        ("diet_sugar", "2 kali seminggu", "few_times_week"),
        ("diet_dairy", "once every two months or so", "rarely"),
        ("diet_fermented", "tapai about once a month", "rarely"),
        ("probiotic_freq", "every other day", "weekly"),
        ("probiotic_freq", "seminggu sekali", "weekly"),
        ("relaxation", "I run every sunday", "regularly"),
        ("stress_upset", "not often", "almost_never"),
        ("ec_itch", "itchy most nights", "days_5_6"),
        ("ec_itch", "a few days", "days_3_4"),
    ],
)
def test_frequencies_in_words_and_numbers(content, slot, text, expected):
    assert read(content, slot, text).value == expected


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("since last year", date(2026, 11, 30), "over_1_year"),
        ("since last year", date(2026, 2, 1), "3_to_12_months"),
        ("since March", date(2026, 11, 30), "3_to_12_months"),
        ("since October", date(2026, 11, 30), "2_weeks_to_3_months"),
        ("since 2025", date(2026, 11, 30), "over_1_year"),
        ("since i was small", date(2026, 11, 30), "over_1_year"),
        ("since uni", date(2026, 11, 30), "over_1_year"),
        ("a year and a half", date(2026, 11, 30), "over_1_year"),
        ("a couple of weeks", date(2026, 11, 30), "2_weeks_to_3_months"),
        ("7 months", date(2026, 11, 30), "3_to_12_months"),
    ],
)
def test_durations_relative_and_absolute_use_the_given_today(content, text, today, expected):
    assert read(content, "duration", text, today).value == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I get 4 hours", "poor"),
        ("6-7 hrs", "fair"),
        ("9 hours", "good"),
        ("five hours a night", "poor"),
        ("I sleep poorly", "poor"),
    ],
)
def test_sleep_as_hours_or_words(content, text, expected):
    assert read(content, "sleep_quality", text).value == expected


def test_sleep_hours_rule_comes_from_content(content):
    rules = content.questions["questions"]["sleep_quality"]["hours"]
    assert [value for _, value in sorted(rules)] == ["poor", "fair", "good"]


def test_yes_with_a_detail_answers_the_follow_up_too(content):
    answer = read(content, "probiotic_use", "ya, vitagen every morning")
    assert (answer.value, answer.also) == ("fermented_food", {"probiotic_freq": "daily"})
    assert read(content, "probiotic_use", "no, never").also == {}


def test_an_item_for_yes_is_a_yes_and_is_noted(content):
    answer = read(content, "diet_triggers", "perhaps prawns and sambal")
    assert answer.value == "yes"
    assert answer.note == "prawns, sambal"
    assert read(content, "diet_triggers", "no, not chocolate or anything").value == "no"
    # An item of two words is noted as the person wrote it, for the doctor's summary.
    answer = read(content, "diet_triggers", "maybe spicy food and ice cream")
    assert (answer.value, answer.note) == ("yes", "spicy food, ice cream")


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("diet_fermented", "no lah", "rarely"),
        ("probiotic_use", "tak", "none"),
        ("relaxation", "nope", "no"),
        ("rf_fever_unwell", "not really lah", "no"),
        ("acne_scarring", "takde", "no"),
        ("ec_bleeding", "tak berdarah pun", "days_0"),
    ],
)
def test_negations_and_manglish(content, slot, text, expected):
    assert read(content, slot, text).value == expected


def test_a_hedged_answer_to_a_red_flag_question_is_never_read_as_no(content):
    assert read(content, "rf_swelling_breathing", "not sure").value is None
    assert read(content, "rf_fever_unwell", "dunno maybe").value is None
    # A leading "no" followed by a hedge ("no idea") is not a no: the question is asked again.
    for text in ("no idea", "no la dunno", "no, maybe", "no... depends", "no tak pasti"):
        assert read(content, "rf_fever_unwell", text).value is None, text
        assert read(content, "rf_mole", text).value is None, text
    assert read(content, "probiotic_use", "no idea").value is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my cheeks, both hands and the back of my knees", "face,hands,skin_folds"),
        ("scalp and behind my ears and neck", "scalp,neck"),
    ],
)
def test_several_body_areas_in_one_sentence(content, text, expected):
    assert read(content, "body_area", text).value == expected


@pytest.mark.parametrize(
    "slot, text",
    [
        ("rf_fever_unwell", "slight fever"),  # "slight" is one edit from a no-word
        ("rf_fever_unwell", "slight fever yesterday"),
        ("rf_spreading_redness", "slightly red and spreading"),
        ("rf_blisters_sores", "slight blisters near my eye"),
    ],
)
def test_a_red_flag_named_in_the_answer_is_never_turned_into_no_by_a_typo_guess(content, slot, text):
    assert parse_answer(content, slot, text).value == "yes"


@pytest.mark.parametrize("text", ["just me", "only me", "saya je"])
def test_the_person_themselves_is_an_adult_answer(content, text):
    assert parse_answer(content, "age_group", text, "ms" if "saya" in text else "en").value == "adult"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my face and chest", "face_and_body"),
        ("pimples on my cheeks and back", "face_and_body"),
        ("my back and shoulders", "body_only"),
        ("not my face, just my back", "body_only"),
        ("only my face", "face_only"),
    ],
)
def test_where_the_spots_are_is_read_from_the_body_areas_named(content, text, expected):
    """Found by mutation testing: no test typed body areas for the acne extent question."""
    assert read(content, "acne_extent", text).value == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a couple of days", "days_1_2"),
        ("a few days", "days_3_4"),
        ("a few nights", "days_3_4"),
        ("beberapa hari", "days_3_4"),
        ("beberapa malam", "days_3_4"),
        ("banyak hari", "days_5_6"),
        ("a few weeks", None),  # weeks are no count of days: asked again
    ],
)
def test_a_vague_number_of_days_is_read_only_before_days_or_nights(content, text, expected):
    assert read(content, "ec_itch", text).value == expected


def test_a_counted_frequency_outranks_a_vague_word_in_the_same_answer(content):
    assert read(content, "probiotic_freq", "rarely, maybe once a week").value == "weekly"


@pytest.mark.parametrize(
    "text, also",
    [
        ("yes, yakult twice a week", {"probiotic_freq": "weekly"}),
        ("yes, a yakult now and then", {"probiotic_freq": "occasionally"}),
        ("yes yakult but not every day", {}),
    ],
)
def test_how_often_given_with_a_yes_answers_the_follow_up(content, text, also):
    answer = read(content, "probiotic_use", text)
    assert (answer.value, answer.also) == ("fermented_food", also)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("not that I know of", "no"),
        ("honestly not that I noticed", "no"),
        ("not really", "no"),
        ("not at all", "no"),
        ("honestly no", "no"),
        ("well honestly yes", "yes"),
        ("yes", "yes"),
        ("well", None),
        ("not sure", None),
    ],
)
def test_a_leading_yes_or_no_after_discourse_words(content, text, expected):
    """The last resort for a yes/no answer, also used to read the concern question's replies."""
    index = content.index["questions"]
    assert leading_polarity(index, index.language.words(text)) == expected


# Found by mutation testing (mutmut on skincheck/answer_parsing.py, 2026-12-01): each case below tells a mutant of
# the reading rules apart from the real code; the expected values are written out, never computed by the engine.


@pytest.mark.parametrize(
    "text, lang",
    [
        ("no fever yesterday but fever today", "en"),
        ("no fever in the morning, fever at night", "en"),
        ("tak demam semalam tapi hari ni demam", "ms"),
    ],
)
def test_a_red_flag_denied_and_named_in_one_answer_is_asked_again_never_read_as_no(content, text, lang):
    """Bug found by mutation testing: the fever named after a denial was read as a typo of "never", or the
    answer by its leading "no"/"tak": a fever today was recorded as no fever."""
    assert parse_answer(content, "rf_fever_unwell", text, lang, today=TODAY).value is None


@pytest.mark.parametrize(
    "text, lang", [("no swelling but trouble breathing", "en"), ("tak bengkak tapi susah nafas", "ms")]
)
def test_trouble_breathing_after_a_denied_swelling_is_never_read_as_no(content, text, lang):
    """The same bug on the emergency question: both answers were recorded as "no"."""
    assert parse_answer(content, "rf_swelling_breathing", text, lang, today=TODAY).value is None


def test_a_red_flag_answer_with_a_yes_and_the_sign_both_denied_and_named_is_a_yes(content):
    assert read(content, "rf_fever_unwell", "yes, fever yesterday but no fever today").value == "yes"


def test_a_plain_denial_of_red_flags_is_still_a_no(content):
    assert read(content, "rf_emergency_signs", "i dont have any of those").value == "no"


def test_an_ordinary_question_named_both_denied_and_not_is_asked_again(content):
    assert read(content, "ec_itch", "no itch at night but itchy in the day").value is None


@pytest.mark.parametrize(
    "text, lang, also",
    [
        ("yes, yakult sometimes", "en", {"probiotic_freq": "occasionally"}),
        ("yes yakult occasionally", "en", {"probiotic_freq": "occasionally"}),
        ("ya, vitagen kadang kadang", "ms", {"probiotic_freq": "occasionally"}),
        ("ya, yakult sekali sekala", "ms", {"probiotic_freq": "occasionally"}),  # no frequency word: option words
        ("yes, yakult 3 times a week", "en", {"probiotic_freq": "weekly"}),  # a count: the frequency reader
        ("yes, capsules every sunday", "en", {"probiotic_freq": "weekly"}),
        ("yes, yakult most of the time", "en", {"probiotic_freq": "daily"}),  # vague, and no option word
        ("yes, capsules quite often", "en", {"probiotic_freq": "weekly"}),
    ],
)
def test_how_often_given_with_a_yes_is_read_as_the_how_often_question_reads_it(content, text, lang, also):
    """Bug found by mutation testing: "yes, yakult sometimes" recorded the follow-up as weekly (the generic
    frequency of "sometimes", 2 a week), while "sometimes" typed to the how-often question is "now and then"."""
    assert parse_answer(content, "probiotic_use", text, lang, today=TODAY).also == also
    assert parse_answer(content, "probiotic_freq", "sometimes", "en").value == "occasionally"


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("sleep_quality", "5 hours", "poor"),
        ("sleep_quality", "6 hours", "fair"),  # hours: [[0, poor], [6, fair], [7, good]]: a bound is its option's
        ("sleep_quality", "7 hours", "good"),
        ("diet_sugar", "every now and then", "few_times_week"),  # 0.5 a week, few_times_week from 0.5
        ("stress_upset", "from time to time", "sometimes"),  # 0.5 a week, sometimes from 0.5
    ],
)
def test_an_amount_on_an_options_lower_bound_gets_that_option(content, slot, text, expected):
    assert read(content, slot, text).value == expected


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("relaxation", "sometimes I go jogging", "sometimes"),  # a vague word is no count: the option word decides
        ("ec_itch", "few nights only", "days_3_4"),
        ("ec_itch", "a few times most days", "days_5_6"),  # "few" counts times here, not days
    ],
)
def test_vague_amounts_are_read_by_what_they_count(content, slot, text, expected):
    assert read(content, slot, text).value == expected


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("rf_spreading_redness", "it is not spreading", "no"),
        ("ec_dryness", "skin not dry at all", "days_0"),
    ],
)
def test_the_questions_topic_denied_without_a_leading_no_is_a_no(content, slot, text, expected):
    assert read(content, slot, text).value == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("my cheeks and forehead", "en", "face_only"),
        ("my neck and arms", "en", "body_only"),
        ("lengan dan leher", "ms", "body_only"),
    ],
)
def test_spots_on_face_parts_or_body_parts_not_named_as_options(content, text, lang, expected):
    assert parse_answer(content, "acne_extent", text, lang, today=TODAY).value == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("behind the knees", "skin_folds"),  # "the", "his", "her" dropped: "behind knees" is a skin fold
        ("the back of his knees", "skin_folds"),
        ("inside the elbows", "skin_folds"),
        ("under her breasts", "skin_folds"),
        ("my scallp and my chestt", "scalp,chest"),  # a typo in each of two areas: both kept
    ],
)
def test_body_areas_with_determiners_or_typos(content, text, expected):
    assert read(content, "body_area", text).value == expected


@pytest.mark.parametrize(
    "slot, text, lang, expected",
    [
        ("sleep_quality", "cukup tiddur", "ms", "good"),  # a typo in a two-word answer
        ("sleep_quality", "enough sleap", "en", "good"),
        ("ec_itch", "almost evrey day", "en", "days_5_6"),
        ("sleep_quality", "malam nyenyek takde", "ms", None),  # a typo of "nyenyak" denied after it: not good
        ("probiotic_use", "yes I take some", "en", "supplement"),  # a plain yes means the question's yes_value
    ],
)
def test_typos_and_a_plain_yes(content, slot, text, lang, expected):
    assert parse_answer(content, slot, text, lang, today=TODAY).value == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a fortnight or maybe 4 months", "3_to_12_months"),  # the longest duration named
        ("3months or 2 years", "over_1_year"),
        ("a week and a half", "under_2_weeks"),  # 10.5 days
        ("2 months and a half", "2_weeks_to_3_months"),  # 75 days
        ("about 3 months and a half now", "3_to_12_months"),  # 105 days
        ("5 plus months", "3_to_12_months"),
        ("10 more days", "under_2_weeks"),
    ],
)
def test_durations_with_halves_extra_words_and_several_amounts(content, text, expected):
    assert read(content, "duration", text).value == expected


@pytest.mark.parametrize(
    "text, days",
    [
        ("a couple of months and a half", 75.0),
        ("a year and a half", 547.5),
        ("3 more weeks", 21.0),
    ],
)
def test_a_duration_is_read_in_days(content, text, days):
    index = content.index["questions"]
    assert _duration_days(index, index.language.words(text), TODAY) == days


@pytest.mark.parametrize(
    "text, expected",
    [
        ("honestly, ok", "good"),  # "ok" is too short to be found inside an answer: only the whole answer after
        ("well, poor, i think", "poor"),  # an opening clause of discourse words counts; only the first clause
    ],
)
def test_an_opening_clause_of_discourse_words_is_left_out(content, text, expected):
    assert read(content, "sleep_quality", text).value == expected


@pytest.mark.parametrize(
    "slot, payload, expected",
    [
        ("body_area", "face,back", "face,back"),
        ("body_area", "Back, FACE", "face,back"),  # in the question's order, any case
        ("body_area", "face,elbow", None),  # not a payload: read as typed text instead
        ("ec_itch", "days_7", "days_7"),
        ("ec_itch", "DAYS_7,", "days_7"),
        ("ec_itch", "days_1_2,days_7", None),  # two values for a one-choice question
        ("ec_itch", ",", None),
    ],
)
def test_a_button_payload_is_the_option_value_itself(content, slot, payload, expected):
    assert payload_value(content.index["questions"].questions[slot], payload) == expected


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("sleep_quality", "my sleep is so so", "fair"),  # two-word options that open with a short word are
        ("stress_upset", "only at times", "sometimes"),  # found inside a longer answer too
    ],
)
def test_a_two_word_option_opening_with_a_short_word_is_found_inside_an_answer(content, slot, text, expected):
    assert read(content, slot, text).value == expected


def test_the_shortest_word_looked_for_inside_an_answer_is_the_clinics_setting(content):
    """questions.yml `scan_min_chars`: a one-word synonym shorter than it counts only as the whole answer. "bad"
    (3 letters) is found inside "my sleep is bad lately" at the content's 3, not at 4; left out, 3 applies."""
    data = copy.deepcopy(content.questions)

    def sleep(text):
        index = build_index(data, options_of)
        return read_answer(index, index.questions["sleep_quality"], text, TODAY)[0]

    assert sleep("my sleep is bad lately") == "poor"
    data["language"]["scan_min_chars"] = 4
    assert sleep("my sleep is bad lately") is None
    assert sleep("bad") == "poor"  # still the whole answer
    del data["language"]["scan_min_chars"]
    assert sleep("my sleep is bad lately") == "poor"


@pytest.mark.parametrize(
    ("slot", "text", "lang", "expected"),
    [
        ("ec_sleep", "almost every night", "en", "days_5_6"),
        ("ec_itch", "almost daily", "en", "days_5_6"),  # not "daily" = every day
        ("ec_itch", "almost always", "en", "days_5_6"),
        ("ec_dryness", "nearly every morning", "en", "days_5_6"),
        ("ec_sleep", "hampir setiap malam", "ms", "days_5_6"),
        ("ec_itch", "daily", "en", "days_7"),
        ("ec_sleep", "every night", "en", "days_7"),
        ("diet_fibre", "almost daily", "en", "some_days"),  # the same as "almost every day" there
        ("stress_upset", "almost every week", "en", "sometimes"),
    ],
)
def test_almost_every_period_is_a_share_of_it_and_hides_the_option_word_inside(content, slot, text, lang, expected):
    assert parse_answer(content, slot, text, lang, today=TODAY).value == expected


def read_changed(content, change, slot, text):
    """How an answer is read once `change` has edited a copy of questions.yml: the rule comes from content."""
    data = copy.deepcopy(content.questions)
    change(data)
    index = build_index(data, options_of)
    return read_answer(index, index.questions[slot], text, TODAY)[0]


def test_the_almost_share_comes_from_content(content):
    def share(data):  # 6.65 a week: the top option (from 6.5)
        data["language"]["frequency"]["almost"]["share"] = 0.95

    assert read_changed(content, share, "ec_sleep", "almost every night") == "days_7"
    assert read(content, "ec_sleep", "almost every night").value == "days_5_6"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("30", "en", "adult"),
        ("I'm 35", "en", "adult"),
        ("age 16", "en", "adult"),  # the lowest adult age (16 or over)
        ("15", "en", "child"),
        ("he is 10", "en", "child"),
        ("my daughter is 3", "en", "child"),  # 3 months or 3 years: a child either way
        ("umur 42", "ms", "adult"),
        ("anak saya 8", "ms", "child"),
        ("3", "en", "child"),  # the lowest number read in years
        ("umur 3", "ms", "child"),
        ("2", "en", None),  # 2 months is a baby, 2 years a child: asked again
        ("she is 1", "en", None),
        ("3 or 40", "en", None),  # two numbers: asked again
        ("8 weeks", "en", "baby"),  # a unit still decides
        ("20 months", "en", "child"),
    ],
)
def test_an_age_with_no_unit_is_in_years_from_three_up(content, text, lang, expected):
    assert parse_answer(content, "age_group", text, lang, today=TODAY).value == expected


@pytest.mark.parametrize(
    ("slot", "text", "lang", "expected"),
    [
        ("acne_mood", "almost never", "en", "not_at_all"),
        ("acne_mood", "it almost never gets to me", "en", "not_at_all"),
        ("acne_mood", "saya tak pernah rasa sedih", "ms", "not_at_all"),
        ("diet_triggers", "almost never", "en", "no"),
    ],
)
def test_a_never_inside_a_frequency_phrase_answers_a_question_that_is_not_about_how_often(
    content, slot, text, lang, expected
):
    """Only a frequency question reads "almost never" as a rate (and ignores the option word inside it); on any
    other question the "never" in it is still the answer, not something to ask again."""
    assert parse_answer(content, slot, text, lang, today=TODAY).value == expected


def test_the_bare_number_rule_comes_from_content(content):
    def in_months(data):
        data["questions"]["age_group"]["bare_number"] = {"unit": "months", "at_least": 1}

    def without(data):
        del data["questions"]["age_group"]["bare_number"]

    assert read_changed(content, in_months, "age_group", "2") == "baby"  # 2 months
    assert read_changed(content, in_months, "age_group", "30") == "child"  # 30 months
    assert read_changed(content, without, "age_group", "30") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yakult and capsules", "both"),
        ("kefir and a supplement", "both"),
        ("both yakult and capsules", "both"),
        ("yakult", "fermented_food"),
        ("capsules", "supplement"),
    ],
)
def test_naming_a_supplement_and_a_food_is_both(content, text, expected):
    assert read(content, "probiotic_use", text).value == expected


def test_which_options_named_together_mean_both_comes_from_content(content):
    def without(data):
        both = next(o for o in data["questions"]["probiotic_use"]["options"] if o["value"] == "both")
        del both["named_together"]

    assert read_changed(content, without, "probiotic_use", "yakult and capsules") is None  # asked again


@pytest.mark.parametrize(
    ("slot", "text", "lang", "expected"),
    [
        ("sleep_quality", "not great", "en", "fair"),
        ("sleep_quality", "decent", "en", "good"),
        ("sleep_quality", "tidur tak cukup", "ms", "poor"),
        ("acne_mood", "it makes me really self conscious", "en", "a_lot"),
        ("acne_lesions", "red and swollen", "en", "inflamed"),
        ("diet_sugar", "I try to avoid sugar", "en", "rarely"),
        ("diet_dairy", "I try to avoid milk but have cheese twice a week", "en", "few_times_week"),
        ("diet_fermented", "I don't eat those", "en", "rarely"),
        ("diet_triggers", "haven't noticed anything", "en", "not_sure"),  # as "never noticed"
        ("diet_triggers", "I don't think so", "en", "no"),
    ],
)
def test_everyday_wordings_found_missing_in_a_probe(content, slot, text, lang, expected):
    assert parse_answer(content, slot, text, lang, today=TODAY).value == expected
