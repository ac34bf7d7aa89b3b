"""Typed answers in Bahasa Melayu and Manglish at every question, the branch finder's place words (Taman,
Bandar, Seksyen, Jalan) and booking dates: the held-out set tests/data/typed_answers_ms.yml, written apart
from the word lists in content/, must be understood at least 95% of the time."""

from pathlib import Path

import pytest
import yaml

from skincheck.dates import parse_date
from skincheck.gazetteer import load_gazetteer, resolve_location
from skincheck.loader import load_content
from skincheck.questions import parse_answer
from tests.support.scopes import content_scope

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "tests" / "data" / "typed_answers_ms.yml").read_text(encoding="utf-8"))
MIN_ACCURACY = 0.95
MIN_CASES = 100


@pytest.fixture(scope=content_scope)
def content():
    return load_content(ROOT / "content")


def triples():
    for slot, cases in DATA["cases"].items():
        for text, value in cases:
            yield "question", slot, text, value
    for text, value in DATA["places"]:
        yield "place", "location_text", text, value
    for text, value in DATA["dates"]:
        yield "date", "booking_date", text, value


def understood(content, gazetteer, kind, slot, text):
    if kind == "place":
        found = resolve_location(gazetteer, text)
        return found.place_id if found else None
    if kind == "date":
        found = parse_date(text, DATA["today"])
        return found.isoformat() if found else None
    return parse_answer(content, slot, text, "ms", today=DATA["today"]).value


def test_malay_typed_answers_are_understood(content):
    gazetteer = load_gazetteer(ROOT / "content" / "gazetteer.yml")
    cases = list(triples())
    wrong = [
        f"{slot}: {text!r} -> {got} (want {want})"
        for kind, slot, text, want in cases
        if (got := understood(content, gazetteer, kind, slot, text)) != want
    ]
    accuracy = 1 - len(wrong) / len(cases)
    print(f"held-out Malay typed answers: {len(cases) - len(wrong)}/{len(cases)} = {accuracy:.1%}")
    assert accuracy >= MIN_ACCURACY, "\n".join(wrong)


def test_every_question_and_the_booking_answers_are_covered(content):
    cases = list(triples())
    assert len(cases) >= MIN_CASES
    assert set(DATA["cases"]) == set(content.index["questions"].questions)
    assert {"Taman", "Bandar", "Seksyen", "Jalan"} <= {w for _, _, text, _ in cases for w in text.split()}


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("diet_fibre", "seminggu dua kali", "some_days"),  # the period before the count
        ("diet_fibre", "seminggu 3x", "some_days"),
        ("diet_fibre", "sebulan 2 kali", "rarely"),
        ("relaxation", "jogging hujung minggu", "regularly"),  # as "weekends"
        ("acne_lesions", "ada nanah", "inflamed"),
        ("acne_lesions", "jerawat besar dan sakit", "nodules"),
        ("sleep_quality", "susah nak tidur", "poor"),
    ],
)
def test_malay_wordings_found_missing_in_a_probe(content, slot, text, expected):
    assert parse_answer(content, slot, text, "ms").value == expected
