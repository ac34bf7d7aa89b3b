"""The clinically agreed thresholds and lists, written out by hand.

test_content_boundaries.py follows whatever content/scoring.yml says; these tests say what it must say.
Changing one of these values is a clinical decision: change the content and this file together.
(scripts/mutate_content.py checks that every threshold and listed value is pinned here or elsewhere.)"""

from pathlib import Path

import pytest

from skincheck.assess import assess
from skincheck.loader import load_content

CONTENT = load_content(Path(__file__).resolve().parents[2] / "content")
SCREEN = {
    "rf_swelling_breathing": "no",
    "rf_emergency_signs": "no",
    "age_group": "adult",
    "rf_fever_unwell": "no",
    "rf_spreading_redness": "no",
    "rf_blisters_sores": "no",
    "rf_weak_immunity": "no",
    "rf_mole": "no",
}
ECZEMA_ITEMS = ["ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"]


def run(**answers):
    return assess(CONTENT, dict(SCREEN, **answers))


def stress(upset, control, confident, on_top):
    return {"stress_upset": upset, "stress_control": control, "stress_confident": confident, "stress_on_top": on_top}


# --------------------------------------------------------------------------------------------- stress
@pytest.mark.parametrize(
    "answers, score, high",
    [
        (stress("sometimes", "sometimes", "sometimes", "sometimes"), 8, True),  # 2 + 2 + (4-2) + (4-2)
        (stress("almost_never", "sometimes", "sometimes", "sometimes"), 7, False),
        (stress("very_often", "very_often", "never", "never"), 16, True),
        (stress("never", "never", "very_often", "very_often"), 0, False),
        (stress("fairly_often", "fairly_often", "fairly_often", "very_often"), 7, False),  # 3 + 3 + 1 + 0
    ],
)
def test_high_stress_starts_at_8_of_16(answers, score, high):
    result = run(concern="acne", **answers)
    assert result.stress_score == score
    assert ("high_stress" in result.factors) is high


# -------------------------------------------------------------------------------------------- eczema
def eczema(*days):
    return dict(zip(ECZEMA_ITEMS, days, strict=True), concern="eczema")


@pytest.mark.parametrize(
    "days, score, band",
    [
        (("days_0",) * 7, 0, "clear"),
        (("days_1_2", "days_1_2", "days_0", "days_0", "days_0", "days_0", "days_0"), 2, "clear"),
        (("days_1_2", "days_1_2", "days_1_2", "days_0", "days_0", "days_0", "days_0"), 3, "mild"),
        (("days_7", "days_5_6", "days_0", "days_0", "days_0", "days_0", "days_0"), 7, "mild"),
        (("days_7", "days_7", "days_0", "days_0", "days_0", "days_0", "days_0"), 8, "moderate"),
        (("days_7", "days_7", "days_7", "days_7", "days_0", "days_0", "days_0"), 16, "moderate"),
        (("days_7", "days_7", "days_7", "days_7", "days_1_2", "days_0", "days_0"), 17, "severe"),
        (("days_7", "days_7", "days_7", "days_7", "days_7", "days_7", "days_0"), 24, "severe"),
        (("days_7", "days_7", "days_7", "days_7", "days_7", "days_7", "days_1_2"), 25, "very_severe"),
        (("days_3_4",) * 7, 14, "moderate"),
        (("days_5_6",) * 7, 21, "severe"),
    ],
)
def test_eczema_scores_and_bands(days, score, band):
    result = run(**eczema(*days))
    assert (result.score, result.score_max, result.band) == (score, 28, band)


def test_one_skipped_item_still_bands_two_do_not():
    one = run(**eczema("days_7", "days_7", "days_0", "days_0", "days_0", "days_0", "skipped"))
    assert (one.band, one.partial) == ("moderate", True)
    two = run(**eczema("days_7", "days_7", "days_0", "days_0", "days_0", "skipped", "skipped"))
    assert two.band is None


@pytest.mark.parametrize("concern", ["dermatitis", "unsure"])
def test_only_eczema_chosen_by_the_person_is_scored(concern):
    assert run(**dict(eczema(*("days_7",) * 7), concern=concern)).score is None


# ---------------------------------------------------------------------------------------------- acne
@pytest.mark.parametrize(
    "lesions, extent, scarring, band",
    [
        ("comedones", "face_only", "no", "mild"),
        ("inflamed", "face_only", "no", "moderate"),
        ("comedones", "face_and_body", "no", "moderate"),
        ("comedones", "body_only", "no", "moderate"),
        ("nodules", "face_only", "no", "severe"),
        ("comedones", "face_only", "yes", "severe"),
    ],
)
def test_acne_bands(lesions, extent, scarring, band):
    assert run(concern="acne", acne_lesions=lesions, acne_extent=extent, acne_scarring=scarring).band == band


# ------------------------------------------------------------------------------------------- factors
@pytest.mark.parametrize(
    "answers, factor, expected",
    [
        ({"diet_fibre": "some_days"}, "low_fibre", True),
        ({"diet_fibre": "rarely"}, "low_fibre", True),
        ({"diet_fibre": "daily"}, "low_fibre", False),
        ({"diet_fermented": "rarely"}, "low_fermented", True),
        ({"diet_fermented": "sometimes"}, "low_fermented", False),
        ({"diet_sugar": "daily"}, "high_sugar", True),
        ({"diet_sugar": "few_times_week"}, "high_sugar", False),
        ({"diet_dairy": "daily", "concern": "acne"}, "frequent_dairy", True),
        ({"diet_dairy": "daily", "concern": "eczema"}, "frequent_dairy", False),
        ({"diet_dairy": "few_times_week", "concern": "acne"}, "frequent_dairy", False),
        ({"diet_triggers": "yes"}, "possible_trigger_foods", True),
        ({"diet_triggers": "not_sure"}, "possible_trigger_foods", False),
        ({"sleep_quality": "poor"}, "poor_sleep", True),
        ({"sleep_quality": "fair"}, "poor_sleep", False),
        ({"relaxation": "no"}, "no_relaxation", True),
        ({"relaxation": "sometimes"}, "no_relaxation", False),
    ],
)
def test_lifestyle_factors(answers, factor, expected):
    answers = {"concern": "acne", **answers}
    assert (factor in run(**answers).factors) is expected


# ---------------------------------------------------------------------------------- see a doctor
@pytest.mark.parametrize(
    "answers, reason, expected",
    [
        # every listed value, not only the lowest (content mutation found these unpinned)
        (eczema("days_7", "days_7", "days_7", "days_7", "days_1_2", "days_0", "days_0"), "severe_band", True),  # 17
        (eczema("days_7", "days_7", "days_7", "days_7", "days_0", "days_0", "days_0"), "severe_band", False),  # 16
        (eczema("days_0", "days_0", "days_5_6", "days_0", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (eczema("days_0", "days_0", "days_7", "days_0", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (eczema("days_0", "days_0", "days_0", "days_5_6", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (eczema("days_0", "days_0", "days_0", "days_7", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (eczema("days_0", "days_7", "days_0", "days_0", "days_0", "days_0", "days_0"), "sleep_disturbed", True),
        (eczema(*("days_7",) * 7), "severe_band", True),
        (eczema("days_0", "days_0", "days_3_4", "days_0", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (
            eczema("days_0", "days_0", "days_1_2", "days_1_2", "days_0", "days_0", "days_0"),
            "bleeding_or_weeping",
            False,
        ),
        (eczema("days_0", "days_0", "days_0", "days_3_4", "days_0", "days_0", "days_0"), "bleeding_or_weeping", True),
        (eczema("days_0", "days_5_6", "days_0", "days_0", "days_0", "days_0", "days_0"), "sleep_disturbed", True),
        (eczema("days_0", "days_3_4", "days_0", "days_0", "days_0", "days_0", "days_0"), "sleep_disturbed", False),
        ({"concern": "acne", "acne_lesions": "nodules"}, "nodules_or_scarring", True),
        ({"concern": "acne", "acne_scarring": "yes", "acne_lesions": "comedones"}, "nodules_or_scarring", True),
        ({"concern": "acne", "acne_mood": "a_lot", "acne_lesions": "comedones"}, "acne_affects_mood", True),
        ({"concern": "acne", "acne_mood": "a_little", "acne_lesions": "comedones"}, "acne_affects_mood", False),
        ({"concern": "acne", "acne_lesions": "comedones", "duration": "3_to_12_months"}, "long_duration", True),
        ({"concern": "acne", "acne_lesions": "comedones", "duration": "2_weeks_to_3_months"}, "long_duration", False),
        # long duration: both long answers and every band but clear (content mutation found these unpinned)
        ({"concern": "acne", "acne_lesions": "comedones", "duration": "over_1_year"}, "long_duration", True),  # mild
        ({"concern": "acne", "acne_lesions": "inflamed", "duration": "over_1_year"}, "long_duration", True),  # moderate
        ({"concern": "acne", "acne_lesions": "nodules", "duration": "3_to_12_months"}, "long_duration", True),  # severe
        (dict(eczema(*("days_7",) * 7), duration="over_1_year"), "long_duration", True),  # very severe, 28
        (dict(eczema(*("days_0",) * 7), duration="over_1_year"), "long_duration", False),  # clear
        ({"concern": "acne", "body_area": "genitals"}, "widespread_or_sensitive_area", True),
        ({"concern": "acne", "body_area": "face,widespread"}, "widespread_or_sensitive_area", True),
        ({"concern": "acne", "body_area": "face"}, "widespread_or_sensitive_area", False),
    ],
)
def test_reasons_to_see_a_doctor(answers, reason, expected):
    result = run(**answers)
    assert (reason in result.see_doctor) is expected
    if expected:
        assert result.urgency == "routine"


# ---------------------------------------------------------------------------------- the red-flag screen
@pytest.mark.parametrize(
    "answers, urgency, advice",
    [
        ({"rf_swelling_breathing": "yes"}, "emergency", "emergency"),
        ({"rf_emergency_signs": "yes"}, "emergency", "emergency_signs"),
        ({"rf_fever_unwell": "yes"}, "see_doctor_today", "fever_unwell"),
        ({"rf_spreading_redness": "yes"}, "see_doctor_today", "spreading_redness"),
        ({"rf_blisters_sores": "yes"}, "see_doctor_today", "blisters_sores"),
        ({"rf_weak_immunity": "yes"}, "see_doctor_today", "weak_immunity"),
        ({"rf_mole": "yes"}, "routine", "mole"),
        ({"rf_fever_unwell": "yes", "rf_spreading_redness": "yes"}, "emergency", "fever_spreading"),
        ({"rf_fever_unwell": "yes", "age_group": "baby"}, "emergency", "fever_baby"),
        ({"rf_fever_unwell": "yes", "rf_weak_immunity": "yes"}, "emergency", "fever_weak_immunity"),
        ({"rf_fever_unwell": "yes", "age_group": "child"}, "see_doctor_today", "fever_child"),
    ],
)
def test_screen_answers_give_the_agreed_urgency(answers, urgency, advice):
    result = run(**answers)
    assert result.urgency == urgency
    assert advice in result.advice


def test_fever_in_a_child_replaces_the_adult_fever_advice():
    assert "fever_unwell" not in run(rf_fever_unwell="yes", age_group="child").advice


def test_looks_good_overall_needs_8_lifestyle_answers():
    seven = {
        "diet_fibre": "daily",
        "diet_fermented": "often",
        "diet_sugar": "rarely",
        "diet_dairy": "rarely",
        "diet_triggers": "no",
        "sleep_quality": "good",
        "relaxation": "regularly",
    }
    assert run(concern="acne", **seven).lifestyle_enough is False
    assert run(concern="acne", **seven, stress_upset="never").lifestyle_enough is True
