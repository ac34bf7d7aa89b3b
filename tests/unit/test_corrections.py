"""Changing an earlier answer mid-assessment: "actually I do take probiotics", "sorry I meant acne"."""

from pathlib import Path

import pytest

from skincheck.corrections import parse_correction
from skincheck.loader import load_content
from tests.support.scopes import content_scope


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("sorry I meant acne", ("concern", "acne")),
        ("wait I eat vegetables every day", ("diet_fibre", "daily")),
        ("actually I take probiotic supplements", ("probiotic_use", "supplement")),
        ("actually I don't take probiotics", ("probiotic_use", "none")),
        ("oops, my sleep is poor", ("sleep_quality", "poor")),
        ("sebenarnya jerawat", ("concern", "acne")),
        ("correction: it's been bertahun-tahun", ("duration", "over_1_year")),
        ("actually I have teh tarik every day", ("diet_sugar", "daily")),
        ("sorry I meant eczema", ("concern", "eczema")),
        ("actually I eat vegetables but not every day", ("diet_fibre", "some_days")),
    ],
)
def test_correction_with_a_clear_new_answer(content, text, expected):
    assert parse_correction(content, text) == expected


@pytest.mark.parametrize(
    "text,slot",
    [
        ("actually I do take probiotics", "probiotic_use"),  # supplement or food? ask again
        ("wait, about the vegetables", "diet_fibre"),
        ("actually I eat vegetables", "diet_fibre"),
    ],
)
def test_correction_with_an_unclear_new_answer_names_the_question(content, text, slot):
    assert parse_correction(content, text) == (slot, None)


@pytest.mark.parametrize(
    "text",
    [
        "I eat vegetables every day",  # an ordinary answer, not a correction
        "pimples",
        "sorry",
        "actually",
        "wait what",
        "sorry I meant the other one",
    ],
)
def test_no_correction_found(content, text):
    assert parse_correction(content, text) is None
