"""What the person reads after the questions: summary, factor tips, when to see a doctor, not a diagnosis."""

import re
from pathlib import Path

import pytest

from skincheck.assess import Assessment, assess
from skincheck.guidance import guidance_messages
from skincheck.loader import load_content
from tests.support.scopes import content_scope

RED_FLAGS = ["rf_swelling_breathing", "rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores"]
ALL_FACTORS = [
    "low_fibre",
    "low_fermented",
    "high_sugar",
    "frequent_dairy",
    "possible_trigger_foods",
    "high_stress",
    "poor_sleep",
    "no_relaxation",
]
DIET_WORDS = re.compile(r"fibre|yogurt|tempeh|sugar|teh tarik|dairy|probiotic|ulam|journal|meditation|sleep", re.I)


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def eczema(score_items="days_3_4", **more):
    items = ["ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"]
    base = {**dict.fromkeys(RED_FLAGS, "no"), "concern": "eczema", **dict.fromkeys(items, score_items)}
    return {**base, **more}


def test_summary_names_band_score_and_factors(content):
    result = assess(content, eczema(diet_sugar="daily", sleep_quality="poor"))
    messages = guidance_messages(content, result, "en")
    assert "14 out of 28" in messages[0] and "moderate" in messages[0]
    assert "sugary food or drinks every day and poor sleep" in messages[0]


def test_each_factor_gets_its_explanation_in_order(content):
    result = assess(content, eczema(diet_fibre="rarely", diet_sugar="daily"))
    messages = guidance_messages(content, result, "en")
    assert messages[1].startswith("Everyday care for eczema")
    assert messages[2].startswith("Fibre") and "ulam" in messages[2] and "papaya" in messages[2]
    assert messages[3].startswith("Sugar") and "teh tarik" in messages[3] and "bubble tea" in messages[3]


def test_every_factor_text_is_filled_and_hedged(content):
    result = Assessment(
        concern="acne",
        score=None,
        score_max=None,
        band="mild",
        urgency="none",
        factors=ALL_FACTORS,
        stress_score=12,
        stress_max=16,
    )
    messages = guidance_messages(content, result, "en")
    assert len(messages) == 2 + len(ALL_FACTORS) + 3  # summary, skin care, factors, probiotics, doctor, disclaimer
    for text in messages:
        assert "{" not in text and "}" not in text
    stress = messages[2 + ALL_FACTORS.index("high_stress")]
    assert stress.startswith("Stress") and not re.search(r"\d", stress)  # no number: not a validated scale
    for text in messages[2 : 2 + len(ALL_FACTORS)]:
        assert re.search(r"\bmay\b|\bcan\b|some people", text), text


def test_gut_skin_link_and_article_examples_are_there(content):
    result = Assessment(
        concern="eczema",
        score=5,
        score_max=28,
        band="mild",
        urgency="none",
        factors=["low_fibre", "low_fermented", "possible_trigger_foods", "high_stress"],
        stress_score=10,
        stress_max=16,
    )
    text = " ".join(guidance_messages(content, result, "en")).lower()
    for word in (
        "gut",
        "yogurt",
        "tempeh",
        "tapai",
        "kimchi",
        "sauerkraut",
        "food journal",
        "elimination diet",
        "meditation",
        "yoga",
        "exercise",
        "brown rice",
        "oats",
        "dhal",
        "guava",
    ):
        assert word in text, word


def test_see_doctor_reasons_are_listed(content):
    result = assess(content, eczema(score_items="days_7", duration="over_1_year"))
    doctor = guidance_messages(content, result, "en")[-2]
    assert doctor.startswith("It would be a good idea to see a doctor")
    assert "very severe range" in doctor and "several months" in doctor and "bleeding" in doctor


def test_without_reasons_general_doctor_advice_and_always_the_disclaimer(content):
    messages = guidance_messages(content, assess(content, eczema(score_items="days_0")), "en")
    assert "clear or almost clear" in messages[0]
    assert "gets worse" in messages[-2]
    assert "not a diagnosis" in messages[-1]


def test_partial_and_unbanded_results_say_so(content):
    partial = eczema(ec_dryness="skipped")
    messages = guidance_messages(content, assess(content, partial), "en")
    assert "skipped 1 of the symptom questions" in messages[0]
    few = eczema(**dict.fromkeys(("ec_itch", "ec_sleep"), "skipped"))
    first = guidance_messages(content, assess(content, few), "en")[0]
    assert "can't suggest a severity level" in first and "None" not in first and "out of" not in first


def test_acne_summary_has_band_without_score(content):
    answers = {**dict.fromkeys(RED_FLAGS, "no"), "concern": "acne", "acne_lesions": "nodules"}
    first = guidance_messages(content, assess(content, answers), "en")[0]
    assert "your answers suggest that your acne may be in the severe range" in first.lower()
    assert "out of" not in first


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_red_flag_guidance_is_urgent_advice_only_without_diet_tips(content, flag):
    answers = eczema(diet_fibre="rarely", diet_sugar="daily", sleep_quality="poor", **{flag: "yes"})
    messages = guidance_messages(content, assess(content, answers), "en")
    assert messages and all(not DIET_WORDS.search(m) for m in messages)
    assert any("999" in m or "today" in m for m in messages)


def test_emergency_advice_says_call_999(content):
    messages = guidance_messages(content, assess(content, {"rf_swelling_breathing": "yes"}), "en")
    assert len(messages) == 1 and "999" in messages[0] and "emergency department" in messages[0]


def test_unsupported_language_falls_back_to_english_and_malay_has_its_own(content):
    result = assess(content, eczema())
    assert guidance_messages(content, result, "zh") == guidance_messages(content, result, "en")
    malay = guidance_messages(content, result, "ms")
    assert len(malay) == len(guidance_messages(content, result, "en")) and malay[0].startswith("Terima kasih!")


def summaries(content):
    return [content.guidance["summary"][k]["en"] for k in ("scored", "banded")]


def test_summaries_say_what_the_answers_suggest_never_a_verdict(content):
    for text in summaries(content):
        assert "answers suggest" in text and " looks " not in text


@pytest.mark.parametrize("concern", ["dermatitis", "unsure"])
def test_dermatitis_and_not_sure_get_advice_without_a_number(content, concern):
    messages = guidance_messages(content, assess(content, eczema(concern=concern, score_items="days_7")), "en")
    assert messages[0].startswith(content.guidance["summary"]["unscored"]["en"])
    assert not re.search(r"\d+ out of \d+|severe|moderate", messages[0])
    assert messages[1] == content.guidance["skin_care"][concern]["en"]


def test_looks_good_overall_only_when_enough_lifestyle_questions_were_answered(content):
    healthy = {
        "diet_fibre": "daily",
        "diet_fermented": "often",
        "diet_sugar": "rarely",
        "diet_dairy": "rarely",
        "diet_triggers": "no",
        "stress_upset": "never",
        "stress_control": "never",
        "stress_confident": "very_often",
        "stress_on_top": "very_often",
        "sleep_quality": "good",
        "relaxation": "regularly",
    }
    minimum = content.scoring["lifestyle"]["min_answered_for_all_clear"]
    good = content.guidance["summary"]["no_factors"]["en"]
    few = content.guidance["summary"]["few_lifestyle_answers"]["en"]
    slots = list(healthy)
    enough = {**healthy, **dict.fromkeys(slots[minimum:], "skipped")}
    assert good in guidance_messages(content, assess(content, eczema(**enough)), "en")[0]
    too_few = {**healthy, **dict.fromkeys(slots[minimum - 1 :], "skipped")}
    first = guidance_messages(content, assess(content, eczema(**too_few)), "en")[0]
    assert good not in first and few in first
    everything_skipped = dict.fromkeys(slots, "skipped")
    assert good not in guidance_messages(content, assess(content, eczema(**everything_skipped)), "en")[0]


def test_fermented_food_is_not_called_a_probiotic_and_probiotics_are_an_option_to_discuss(content):
    fermented = content.guidance["factors"]["low_fermented"]["en"].lower()
    assert "not the same as a probiotic" in fermented and "mould" in fermented and "cooked" in fermented
    assert "tapai" in fermented and "yeast" in fermented
    assert "no_probiotics" not in content.guidance["factors"]
    assert "no_probiotics" not in [f["factor"] for f in content.scoring["factors"]]
    option = content.guidance["probiotics_option"]["en"].lower()
    assert "doctor" in option and "limited" in option
    messages = guidance_messages(content, assess(content, eczema(probiotic_use="none")), "en")
    assert content.guidance["probiotics_option"]["en"] in messages


def test_elimination_diet_has_the_allergy_and_children_caveats(content):
    text = content.guidance["factors"]["possible_trigger_foods"]["en"].lower()
    for words in (
        "hives",
        "swelling",
        "vomiting",
        "within a few hours",
        "show a doctor",
        "never test",
        "child",
        "doctor or dietitian",
    ):
        assert words in text, words


@pytest.mark.parametrize(
    "concern,words",
    [
        ("eczema", ["moistur", "soap substitute", "heat", "sweat"]),
        ("acne", ["gently", "pick", "non-comedogenic", "sunscreen", "sweat"]),
    ],
)
def test_basic_skin_care_per_concern(content, concern, words):
    text = content.guidance["skin_care"][concern]["en"].lower()
    for word in words:
        assert word in text, word


def test_the_dairy_factor_is_for_acne_only(content):
    assert "frequent_dairy" not in assess(content, eczema(diet_dairy="daily")).factors
    acne = {**dict.fromkeys(RED_FLAGS, "no"), "concern": "acne", "acne_lesions": "comedones", "diet_dairy": "daily"}
    assert "frequent_dairy" in assess(content, acne).factors
