"""How the assessment asks: a clear question vs. an answer, progress that follows the branch, and how the
re-asks change so the same words are never asked three times in a row."""

from pathlib import Path

import pytest

from skincheck import asking
from skincheck.loader import load_content


@pytest.fixture(scope="module")
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


@pytest.mark.parametrize(
    "text",
    [
        "is yogurt good for the skin?",
        "can I take probiotics when pregnant",
        "what is an elimination diet",
        "how much is the consultation",
        "boleh ke makan tempeh",
        "probiotik ok ke",
    ],
)
def test_questions_are_recognised(content, text):
    assert asking.looks_like_question(content, text)


@pytest.mark.parametrize(
    "text",
    [
        "5 hours of sleep",
        "yes, I take one every day",
        "weekends",
        "I jog on weekends",
        "about 5 hours",
        "no lah",
        "yakult daily",
        "opening hours are fine",
    ],
)
def test_answers_are_not_questions(content, text):
    assert not asking.looks_like_question(content, text)


def test_progress_follows_the_branch(content):
    no_flags = dict.fromkeys(
        ("rf_swelling_breathing", "rf_fever_unwell", "rf_spreading_redness", "rf_blisters_sores"), "no"
    )
    assert asking.progress(content, {}, "rf_swelling_breathing")[0] == 1
    acne = asking.progress(content, dict(no_flags, concern="acne"), "duration")
    eczema = asking.progress(content, dict(no_flags, concern="eczema"), "duration")
    assert acne[0] == eczema[0] == 6 and eczema[1] == acne[1] + 3
    # the pending question's own old value (being changed) does not count as answered
    assert asking.progress(content, dict(no_flags, concern="acne"), "concern")[0] == 5


def test_ask_styles_never_repeat_three_times():
    styles = [asking.ask_style(n) for n in range(10)]
    assert styles[:3] == ["prompt", "reask", "help"]
    assert all(len(set(styles[i : i + 3])) > 1 for i in range(8))


def test_tries_belong_to_one_question():
    assert asking.tries_of("diet_sugar:2", "diet_sugar") == 2
    assert asking.tries_of("diet_sugar:2", "diet_dairy") == 0
    assert asking.tries_of(None, "diet_sugar") == 0
