"""The bench's typed scenario (bench/typed.py) keeps up with content/questions.yml: every question gets a typed
answer the engine can read, and the scenario recognises every question the assistant asks. When a question was
added without this, the scenario sent "skip" to a safety question and the typed benchmark aborted in its warm-up."""

import random

import pytest

from bench import typed
from skincheck import questions

SCENARIO = typed.TypedScenario()
CONTENT = SCENARIO.content
SLOTS = list(CONTENT.index["questions"].questions)


@pytest.mark.parametrize("slot", SLOTS)
def test_every_question_gets_a_readable_typed_answer(slot):
    rng = random.Random(slot)
    for _ in range(40):
        text = typed.typed_answer(CONTENT, slot, rng)
        answer = questions.parse_answer(CONTENT, slot, text)
        assert answer.value is not None, f"{slot}: the engine cannot read {text!r}"
        assert not text.startswith("/"), "typed, not a button payload"


def test_safety_questions_are_answered_no_in_plain_words():
    rng = random.Random(1)
    for slot in (s for s in SLOTS if s.startswith("rf_")):
        assert questions.parse_answer(CONTENT, slot, typed.typed_answer(CONTENT, slot, rng)).value == "no"


def test_a_question_without_a_bank_is_typed_from_its_button_titles():
    rng = random.Random(2)
    slot = "age_group"
    saved = typed.BANK.pop(slot)
    try:
        titles = {title.lower() for title, _ in questions.buttons(CONTENT, slot)}
        for _ in range(10):
            text = typed.typed_answer(CONTENT, slot, rng)
            assert any(title in text for title in titles)
            assert questions.parse_answer(CONTENT, slot, text).value is not None
    finally:
        typed.BANK[slot] = saved


class Reply:
    def __init__(self, *texts, buttons=()):
        self.last = [{"text": t} for t in texts]
        if buttons:
            self.last[-1]["buttons"] = list(buttons)

    def buttons(self):
        return [b for m in self.last for b in m.get("buttons", [])]


@pytest.mark.parametrize("slot", SLOTS)
def test_the_open_question_is_found_after_its_progress_line(slot):
    for text in (questions.prompt(CONTENT, slot), questions.reask(CONTENT, slot)):
        reply = Reply("Thanks.", f"Question 3 of 23\n{text}")
        assert SCENARIO.open_question(reply) == slot


def test_no_open_question_after_the_guidance():
    reply = Reply("Thank you! Your answers suggest ...", buttons=[{"title": "Find", "payload": "/find_branch"}])
    assert SCENARIO.open_question(reply) is None
    assert SCENARIO.assessment_over(reply)


def test_counters_of_one_level_leave_out_what_came_before():
    scenario = typed.TypedScenario()
    scenario.typed, scenario.missed, scenario.missed_by = 10, 1, {"duration": 1}
    before = scenario.snapshot()
    scenario.typed += 5
    scenario.miss("duration")
    scenario.miss("start")
    assert scenario.since(before) == {
        "typed_answers": 5,
        "typed_missed": 2,
        "typed_missed_by": {"duration": 1, "start": 1},
        "faq_unanswered": {},
    }
