"""Bands and scores from content/scoring.yml: eczema symptom bands, acne rules, reverse-scored stress items."""

from pathlib import Path

import pytest

from skincheck.assess import assess
from skincheck.loader import load_content
from skincheck.scoring import band_for, holds, item_sum
from tests.support.scopes import content_scope

RED_FLAGS = ["rf_swelling_breathing", "rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores"]
ECZEMA_ITEMS = ["ec_itch", "ec_sleep", "ec_bleeding", "ec_weeping", "ec_cracking", "ec_flaking", "ec_dryness"]
DAYS = ["days_0", "days_1_2", "days_3_4", "days_5_6", "days_7"]
STRESS = ["never", "almost_never", "sometimes", "fairly_often", "very_often"]


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


def eczema_answers(total, concern="eczema", skipped=0):
    """Seven item answers adding up to `total` (each item 0..4), the last `skipped` items skipped."""
    answers = dict(dict.fromkeys(RED_FLAGS, "no"), concern=concern)
    left = total
    for slot in ECZEMA_ITEMS[: len(ECZEMA_ITEMS) - skipped]:
        points = min(4, left)
        answers[slot] = DAYS[points]
        left -= points
    assert left == 0, "total too high for the answered items"
    for slot in ECZEMA_ITEMS[len(ECZEMA_ITEMS) - skipped :]:
        answers[slot] = "skipped"
    return answers


@pytest.mark.parametrize(
    "total,band",
    [
        (0, "clear"),
        (2, "clear"),
        (3, "mild"),
        (7, "mild"),
        (8, "moderate"),
        (16, "moderate"),
        (17, "severe"),
        (24, "severe"),
        (25, "very_severe"),
        (28, "very_severe"),
    ],
)
def test_eczema_band_boundaries(content, total, band):
    result = assess(content, eczema_answers(total))
    assert (result.score, result.score_max, result.band, result.partial) == (total, 28, band, False)


@pytest.mark.parametrize("concern", ["dermatitis", "unsure"])
def test_dermatitis_and_unsure_get_no_score_or_band(content, concern):
    result = assess(content, eczema_answers(17, concern=concern))
    assert (result.score, result.score_max, result.band, result.concern) == (None, None, None, concern)
    assert not result.scored_concern


def test_poem_six_of_seven_answered_bands_with_the_missing_item_as_zero(content):
    result = assess(content, eczema_answers(8, skipped=1))
    assert (result.score, result.band, result.partial, result.skipped_items) == (8, "moderate", True, 1)


def test_poem_five_of_seven_answered_gives_no_score_and_no_band(content):
    result = assess(content, eczema_answers(8, skipped=2))
    assert (result.score, result.score_max, result.band) == (None, None, None)
    assert result.partial and result.skipped_items == 2


def test_too_many_skipped_items_give_no_band(content):
    result = assess(content, eczema_answers(2, skipped=3))
    assert result.band is None and result.partial and result.score is None and result.skipped_items == 3


def acne(**answers):
    base = dict(
        dict.fromkeys(RED_FLAGS, "no"),
        concern="acne",
        acne_lesions="comedones",
        acne_extent="face_only",
        acne_scarring="no",
        acne_mood="not_at_all",
    )
    return dict(base, **answers)


@pytest.mark.parametrize(
    "answers,band",
    [
        ({}, "mild"),
        ({"acne_lesions": "inflamed"}, "moderate"),
        ({"acne_extent": "face_and_body"}, "moderate"),
        ({"acne_extent": "body_only"}, "moderate"),
        ({"acne_lesions": "nodules"}, "severe"),
        ({"acne_scarring": "yes"}, "severe"),
        ({"acne_lesions": "inflamed", "acne_scarring": "yes"}, "severe"),
        ({"acne_mood": "a_lot"}, "mild"),  # mood changes the advice, not the band
    ],
)
def test_acne_bands(content, answers, band):
    result = assess(content, acne(**answers))
    assert result.band == band and result.score is None


def test_acne_without_lesion_type_gives_no_band_unless_clearly_severe(content):
    assert assess(content, acne(acne_lesions="skipped")).band is None
    result = assess(content, acne(acne_lesions="skipped", acne_scarring="yes"))
    assert result.band == "severe" and result.partial


@pytest.mark.parametrize(
    "upset,control,confident,on_top,expected",
    [
        ("never", "never", "very_often", "very_often", 0),
        ("very_often", "very_often", "never", "never", 16),
        ("sometimes", "sometimes", "sometimes", "sometimes", 8),
        ("never", "never", "never", "never", 8),  # never feeling able to cope is stressful
        ("fairly_often", "almost_never", "fairly_often", "almost_never", 3 + 1 + 1 + 3),
    ],
)
def test_stress_score_reverses_the_positive_items(content, upset, control, confident, on_top, expected):
    answers = acne(stress_upset=upset, stress_control=control, stress_confident=confident, stress_on_top=on_top)
    result = assess(content, answers)
    assert (result.stress_score, result.stress_max) == (expected, 16)


def test_no_stress_answers_no_stress_score(content):
    assert assess(content, acne()).stress_score is None


def test_item_sum_counts_only_known_answers():
    scores = {"a": 0, "b": 1, "c": 2}
    assert item_sum({"x": "c", "y": "skipped", "z": "b"}, ["x", "y", "z"], scores) == (3, 2)
    assert item_sum({"x": "c"}, ["x"], scores, reverse=["x"]) == (0, 1)


def test_band_for_takes_the_highest_band_reached():
    bands = [{"band": "low", "from": 0}, {"band": "high", "from": 5}]
    assert [band_for(n, bands) for n in (0, 4, 5, 9)] == ["low", "low", "high", "high"]


def test_a_score_below_every_band_gets_no_band():
    # bands may start above 0 in content; the summary then says "no band", never shows a blank band name
    assert band_for(2, [{"band": "mild", "from": 3}]) is None


def test_an_empty_answer_concludes_nothing():
    # an empty string (e.g. a cleared slot) is no answer: neither "in" nor "not_in" holds
    assert not holds({"fact": "x", "not_in": ["a"]}, {"x": ""})
    assert not holds({"fact": "x", "in": [""]}, {"x": ""})


def test_conditions_never_conclude_from_a_missing_or_skipped_answer():
    assert holds({"fact": "x", "in": ["a"]}, {"x": "a"})
    assert holds({"fact": "x", "in": ["b"]}, {"x": "a,b"})  # multi answers
    assert not holds({"fact": "x", "not_in": ["a"]}, {})
    assert not holds({"fact": "x", "not_in": ["a"]}, {"x": "skipped"})
    assert holds({"fact": "x", "not_in": ["a"]}, {"x": "b"})
    assert holds({"fact": "s", "at_least": 8}, {"s": 8}) and not holds({"fact": "s", "at_least": 8}, {"s": 7})
    assert not holds({"fact": "s", "at_least": 8}, {"s": None})
    assert holds({"any": [{"fact": "x", "in": ["a"]}, {"fact": "y", "in": ["b"]}]}, {"y": "b"})
    assert not holds({"all": [{"fact": "x", "in": ["a"]}, {"fact": "y", "in": ["b"]}]}, {"y": "b"})
