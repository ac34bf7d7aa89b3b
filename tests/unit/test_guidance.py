"""What the person reads after the questions: summary, factor tips, when to see a doctor, not a diagnosis."""
import re
from pathlib import Path

import pytest

from skincheck.assess import Assessment, assess
from skincheck.loader import load_content
from skincheck.guidance import guidance_messages

RED_FLAGS = ["rf_swelling_breathing", "rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores"]
ALL_FACTORS = ["low_fibre", "low_fermented", "no_probiotics", "high_sugar", "frequent_dairy",
               "possible_trigger_foods", "high_stress", "poor_sleep", "no_relaxation"]
DIET_WORDS = re.compile(r"fibre|yogurt|tempeh|sugar|teh tarik|dairy|probiotic|ulam|journal|meditation|sleep",
                        re.I)


@pytest.fixture(scope="module")
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def eczema(score_items="days_3_4", **more):
    items = ["ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"]
    base = {**{slot: "no" for slot in RED_FLAGS}, "concern": "eczema", **{s: score_items for s in items}}
    return {**base, **more}


def test_summary_names_band_score_and_factors(content):
    result = assess(content, eczema(diet_sugar="daily", sleep_quality="poor"))
    messages = guidance_messages(content, result, "en")
    assert "14 out of 28" in messages[0] and "moderate" in messages[0]
    assert "sugary food or drinks every day and poor sleep" in messages[0]


def test_each_factor_gets_its_explanation_in_order(content):
    result = assess(content, eczema(diet_fibre="rarely", diet_sugar="daily"))
    messages = guidance_messages(content, result, "en")
    assert messages[1].startswith("Fibre") and "ulam" in messages[1] and "papaya" in messages[1]
    assert messages[2].startswith("Sugar") and "teh tarik" in messages[2] and "bubble tea" in messages[2]


def test_every_factor_text_is_filled_and_hedged(content):
    result = Assessment(concern="acne", score=None, score_max=None, band="mild", urgency="none",
                        factors=ALL_FACTORS, stress_score=12, stress_max=16)
    messages = guidance_messages(content, result, "en")
    assert len(messages) == 1 + len(ALL_FACTORS) + 2
    for text in messages:
        assert "{" not in text and "}" not in text
    assert "12 out of 16" in messages[1 + ALL_FACTORS.index("high_stress")]
    for text in messages[1:1 + len(ALL_FACTORS)]:
        assert re.search(r"\bmay\b|\bcan\b|some people", text), text


def test_gut_skin_link_and_article_examples_are_there(content):
    result = Assessment(concern="eczema", score=5, score_max=28, band="mild", urgency="none",
                        factors=["low_fibre", "low_fermented", "possible_trigger_foods", "high_stress"],
                        stress_score=10, stress_max=16)
    text = " ".join(guidance_messages(content, result, "en")).lower()
    for word in ("gut", "yogurt", "tempeh", "tapai", "kimchi", "sauerkraut", "food journal", "elimination diet",
                 "meditation", "yoga", "exercise", "brown rice", "oats", "dhal", "guava"):
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
    assert "skipped 1 of the scored questions" in messages[0]
    few = eczema(**{s: "skipped" for s in ("ec_itch", "ec_sleep", "ec_bleeding")})
    first = guidance_messages(content, assess(content, few), "en")[0]
    assert "can't give a severity level" in first and "None" not in first


def test_acne_summary_has_band_without_score(content):
    answers = {**{slot: "no" for slot in RED_FLAGS}, "concern": "acne", "acne_lesions": "nodules"}
    first = guidance_messages(content, assess(content, answers), "en")[0]
    assert "your acne looks severe" in first and "out of" not in first


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
