"""The assessment the actions store and the guidance is built from: factors, urgency, reasons to see a doctor."""

from pathlib import Path

import pytest

from skincheck.assess import assess
from skincheck.guidance import guidance_messages
from skincheck.loader import load_content
from tests.support.scopes import content_scope

RED_FLAGS = [
    "rf_swelling_breathing",
    "rf_emergency_signs",
    "rf_fever_unwell",
    "rf_spreading_redness",
    "rf_blisters_sores",
    "rf_weak_immunity",
    "rf_mole",
]
HEALTHY = {
    "diet_fibre": "daily",
    "diet_fermented": "often",
    "diet_sugar": "rarely",
    "diet_dairy": "rarely",
    "diet_triggers": "no",
    "probiotic_use": "supplement",
    "probiotic_freq": "daily",
    "stress_upset": "almost_never",
    "stress_control": "never",
    "stress_confident": "very_often",
    "stress_on_top": "fairly_often",
    "sleep_quality": "good",
    "relaxation": "regularly",
}
MILD_ECZEMA = {
    "concern": "eczema",
    "duration": "under_2_weeks",
    "body_area": "hands",
    "ec_itch": "days_3_4",
    "ec_sleep": "days_0",
    "ec_bleeding": "days_0",
    "ec_weeping": "days_0",
    "ec_cracking": "days_1_2",
    "ec_flaking": "days_1_2",
    "ec_dryness": "days_0",
}


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def answers(**changes):
    return {**dict.fromkeys(RED_FLAGS, "no"), **MILD_ECZEMA, **HEALTHY, **changes}


def test_healthy_mild_case_has_no_factors_and_no_urgency(content):
    result = assess(content, answers())
    assert (result.band, result.score, result.factors, result.see_doctor, result.urgency) == ("mild", 4, [], [], "none")


@pytest.mark.parametrize(
    "change,factor",
    [
        ({"diet_fibre": "rarely"}, "low_fibre"),
        ({"diet_fibre": "some_days"}, "low_fibre"),
        ({"diet_fermented": "rarely"}, "low_fermented"),
        ({"probiotic_use": "none", "probiotic_freq": None}, None),  # not a factor: an option to discuss instead
        ({"diet_sugar": "daily"}, "high_sugar"),
        ({"diet_dairy": "daily"}, None),  # the dairy link is for acne (test_guidance)
        ({"diet_triggers": "yes"}, "possible_trigger_foods"),
        (
            {
                "stress_upset": "fairly_often",
                "stress_control": "sometimes",
                "stress_confident": "almost_never",
                "stress_on_top": "sometimes",
            },
            "high_stress",
        ),
        ({"sleep_quality": "poor"}, "poor_sleep"),
        ({"relaxation": "no"}, "no_relaxation"),
    ],
)
def test_each_lifestyle_factor(content, change, factor):
    assert assess(content, answers(**change)).factors == ([factor] if factor else [])


def test_skipped_lifestyle_answers_raise_no_factor(content):
    skipped = dict.fromkeys(HEALTHY, "skipped")
    assert assess(content, answers(**skipped)).factors == []


def test_stress_just_below_threshold_is_not_high(content):
    result = assess(
        content,
        answers(
            stress_upset="sometimes",
            stress_control="sometimes",
            stress_confident="sometimes",
            stress_on_top="fairly_often",
        ),
    )
    assert result.stress_score == 7 and "high_stress" not in result.factors


def test_factors_keep_the_content_order(content):
    result = assess(content, answers(relaxation="no", diet_sugar="daily", diet_fibre="rarely"))
    assert result.factors == ["low_fibre", "high_sugar", "no_relaxation"]


@pytest.mark.parametrize(
    "flag,urgency,advice",
    [
        ("rf_swelling_breathing", "emergency", ["emergency"]),
        ("rf_fever_unwell", "see_doctor_today", ["fever_unwell"]),
        ("rf_spreading_redness", "see_doctor_today", ["spreading_redness"]),
        ("rf_blisters_sores", "see_doctor_today", ["blisters_sores"]),
        ("rf_emergency_signs", "emergency", ["emergency_signs"]),
        ("rf_weak_immunity", "see_doctor_today", ["weak_immunity"]),
    ],
)
def test_red_flag_urgency(content, flag, urgency, advice):
    result = assess(content, {flag: "yes"})
    assert (result.urgency, result.red_flags, result.advice) == (urgency, [flag], advice)
    assert result.band is None and result.factors == [] and result.see_doctor == []


def test_red_flag_wins_over_everything_else_and_most_urgent_advice_comes_first(content):
    result = assess(content, answers(rf_fever_unwell="yes", rf_swelling_breathing="yes", diet_sugar="daily"))
    assert result.urgency == "emergency"
    assert result.advice == ["emergency"]  # "see a doctor today" never sits beside "call 999"
    assert result.factors == [] and result.band is None


@pytest.mark.parametrize(
    "change,reason",
    [
        (
            {
                "ec_itch": "days_7",
                "ec_sleep": "days_3_4",
                "ec_cracking": "days_7",
                "ec_flaking": "days_7",
                "ec_dryness": "days_7",
            },
            "severe_band",
        ),
        ({"ec_bleeding": "days_3_4"}, "bleeding_or_weeping"),
        ({"ec_weeping": "days_7"}, "bleeding_or_weeping"),
        ({"ec_sleep": "days_5_6"}, "sleep_disturbed"),
        ({"duration": "over_1_year"}, "long_duration"),
        ({"body_area": "face,genitals"}, "widespread_or_sensitive_area"),
        ({"body_area": "widespread"}, "widespread_or_sensitive_area"),
    ],
)
def test_routine_doctor_reasons_for_eczema(content, change, reason):
    result = assess(content, answers(**change))
    assert reason in result.see_doctor and result.urgency == "routine"


def test_long_duration_alone_is_no_reason_when_skin_is_clear(content):
    clear = {slot: "days_0" for slot in MILD_ECZEMA if slot.startswith("ec_")}
    result = assess(content, answers(duration="over_1_year", **clear))
    assert result.band == "clear" and result.see_doctor == [] and result.urgency == "none"


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"acne_lesions": "nodules"}, "nodules_or_scarring"),
        ({"acne_scarring": "yes"}, "nodules_or_scarring"),
        ({"acne_mood": "a_lot"}, "acne_affects_mood"),
    ],
)
def test_routine_doctor_reasons_for_acne(content, change, reason):
    acne = {
        "concern": "acne",
        "acne_lesions": "comedones",
        "acne_extent": "face_only",
        "acne_scarring": "no",
        "acne_mood": "a_little",
    }
    result = assess(content, answers(**dict(acne, **change)))
    assert reason in result.see_doctor and result.urgency == "routine"


def test_answers_from_a_corrected_concern_are_ignored(content):
    """Eczema answers given before "sorry I meant acne" must not score or raise eczema reasons."""
    result = assess(
        content,
        answers(
            concern="acne",
            ec_bleeding="days_7",
            acne_lesions="comedones",
            acne_extent="face_only",
            acne_scarring="no",
            acne_mood="not_at_all",
        ),
    )
    assert result.band == "mild" and result.score is None and result.see_doctor == []


def test_summary_for_booking(content):
    summary = assess(content, answers(diet_sugar="daily")).summary()
    assert summary == {"concern": "eczema", "band": "mild", "urgency": "none", "factors": ["high_sugar"]}


def test_no_answers_at_all_does_not_crash(content):
    result = assess(content, {})
    assert (result.concern, result.band, result.urgency, result.factors) == (None, None, "none", [])


ACNE = {"concern": "acne", "acne_lesions": "inflamed", "acne_extent": "face_only", "acne_scarring": "no"}
PARTIAL_NOTE = "You skipped"  # guidance.yml summary.partial: "You skipped {skipped} of the symptom questions..."


def test_acne_with_every_symptom_answered_is_not_partial(content):
    result = assess(content, answers(**ACNE))
    assert (result.band, result.partial, result.skipped_items) == ("moderate", False, 0)
    assert PARTIAL_NOTE not in guidance_messages(content, result, "en")[0]


def test_acne_with_one_symptom_skipped_says_one_was_skipped(content):
    result = assess(content, answers(**dict(ACNE, acne_scarring="skipped")))
    assert (result.band, result.partial, result.skipped_items) == ("moderate", True, 1)
    assert "You skipped 1 of the symptom questions" in guidance_messages(content, result, "en")[0]


def test_an_unscored_concern_is_never_called_partial(content):
    """Dermatitis has no symptom score, so there is nothing to have skipped."""
    result = assess(content, answers(concern="dermatitis"))
    summary = guidance_messages(content, result, "en")[0]
    assert result.partial is False
    assert summary.startswith("Thank you! The symptom scoring I use has only been checked for eczema and acne")
    assert PARTIAL_NOTE not in summary


def test_an_emergency_still_tells_staff_the_concern(content):
    """The booking request and the console show the concern even when a red flag cut the questions short."""
    result = assess(content, answers(rf_swelling_breathing="yes"))
    assert result.summary() == {"concern": "eczema", "band": None, "urgency": "emergency", "factors": []}


@pytest.mark.parametrize("concern", ["skipped", ""])
def test_a_skipped_or_cleared_concern_names_no_concern(content, concern):
    """The concern question cannot be skipped and a correction may clear it: either way no concern is named
    (guidance has no label for "skipped") and the person still gets the general advice."""
    result = assess(content, {"concern": concern})
    assert result.summary()["concern"] is None
    assert guidance_messages(content, result, "en")[0].startswith("Thank you! The symptom scoring I use")
