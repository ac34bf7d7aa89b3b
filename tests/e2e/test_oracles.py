"""Whole conversations whose expected results are written here by hand, never worked out by the engine under
test: the question order, the score, band, factors, the reason to see a doctor and the nearest branch. A
wrong parser, scorer or branch finder therefore fails here even if it agrees with itself."""

import pytest

from actions.runtime import content
from skincheck import questions
from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e

# (question asked, what the person types, the answer it must be read as)
TYPED_ECZEMA = [
    ("rf_swelling_breathing", "no", "no"),
    ("rf_emergency_signs", "none of those", "no"),
    ("age_group", "myself", "adult"),
    ("rf_fever_unwell", "nope", "no"),
    ("rf_spreading_redness", "tak", "no"),
    ("rf_blisters_sores", "no lah", "no"),
    ("rf_weak_immunity", "no", "no"),
    ("rf_mole", "takde", "no"),
    ("concern", "eczema", "eczema"),
    ("duration", "about 5 months", "3_to_12_months"),
    ("body_area", "arms and neck", "neck,arms"),
    ("ec_itch", "every day", "days_7"),  # 4
    ("ec_sleep", "3 days", "days_3_4"),  # 2
    ("ec_bleeding", "none", "days_0"),  # 0
    ("ec_weeping", "never", "days_0"),  # 0
    ("ec_cracking", "once or twice", "days_1_2"),  # 1
    ("ec_flaking", "6 days", "days_5_6"),  # 3
    ("ec_dryness", "everyday", "days_7"),  # 4 -> 14 of 28: moderate (8..16)
    ("diet_fibre", "rarely", "rarely"),
    ("diet_fermented", "rarely", "rarely"),
    ("diet_sugar", "every day", "daily"),
    ("diet_dairy", "rarely", "rarely"),
    ("diet_triggers", "not sure", "not_sure"),
    ("probiotic_use", "none", "none"),  # so probiotic_freq is not asked
    ("stress_upset", "fairly often", "fairly_often"),  # 3
    ("stress_control", "very often", "very_often"),  # 4
    ("stress_confident", "almost never", "almost_never"),  # reversed: 3
    ("stress_on_top", "almost never", "almost_never"),  # reversed: 3 -> 13 of 16: high stress (8+)
    ("sleep_quality", "poor", "poor"),
    ("relaxation", "no", "no"),
]
EXPECTED_FACTORS = ["low_fibre", "low_fermented", "high_sugar", "high_stress", "poor_sleep", "no_relaxation"]
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


@pytest.fixture
def chat(live_stack):
    return Chat(live_stack)


def test_typed_eczema_assessment_gives_the_hand_worked_result(chat):
    chat.start_with_consent()
    chat.send("can check my skin?")
    for slot, reply, _ in TYPED_ECZEMA:
        prompt = questions.prompt(content(), slot)  # may follow a progress line in the same message
        assert any(prompt in text for text in chat.texts), f"expected the {slot} question, got {chat.texts}"
        chat.send(reply)
    said = chat.joined
    assert "a symptom score of 14 out of 28" in said  # 4 + 2 + 0 + 0 + 1 + 3 + 4
    assert "in the moderate range" in said  # moderate is 8..16
    summary = next(text for text in chat.texts if "worth looking at" in text)
    shown = [factor for factor in ALL_FACTORS if content().guidance["factor_labels"][factor]["en"] in summary]
    assert shown == EXPECTED_FACTORS
    assert "it has been going on for several months" in said  # 3-12 months with a band: see a doctor (routine)
    assert "999" not in said


@pytest.mark.parametrize(
    "place, branch",
    [
        ("Kajang", "NextMed Clinic Cheras"),
        ("Klang", "NextMed Clinic Setia Alam"),
        ("Subang Jaya", "NextMed Clinic Petaling Jaya"),
    ],
)
def test_the_nearest_branch_for_a_typed_place(chat, place, branch):
    chat.start_with_consent()
    chat.send("/find_branch")
    chat.send(place)
    first = next(text for text in chat.texts if "nearest" in text.lower() or "closest" in text.lower())
    assert branch in first, chat.texts
